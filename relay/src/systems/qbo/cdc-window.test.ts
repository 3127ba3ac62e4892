/**
 * One Change Data Capture window read whole over sockets, when a customer is edited while its
 * query pages are being read: the pages go on from the newest change read, not from a position,
 * so the edit moving a record to the end shifts nothing past the relay.
 */
import { startUnthrottledClient } from '../../../../test/relay/support/qbo-target.ts';
import type { QboSimulator } from '../../../../test/simulators/qbo/index.ts';
import type { QboClient, QboJson } from './api/types.ts';
import { readCdcWindow } from './cdc-window.ts';

const CUSTOMERS = 1150;

describe('readCdcWindow: an entity past the cap, read by query pages', () => {
  let sim: QboSimulator;
  let client: QboClient;
  let since: string;

  beforeAll(async () => {
    ({ sim, client } = await startUnthrottledClient());
    since = new Date(sim.clock.now()).toISOString();
    sim.clock.advance(1000);
    for (let i = 0; i < CUSTOMERS; i++) {
      sim.company(sim.realmIds[0]!).create('Customer', { DisplayName: `Busy ${i}` });
      sim.clock.advance(1000); // each its own second
    }
  });
  afterAll(() => sim.close());

  it('a customer edited between two pages moves to the end, and no other is skipped', async () => {
    const realm = sim.realmIds[0]!;
    let pages = 0;
    const editing: QboClient = {
      ...client,
      async *query(entity, opts) {
        for await (const page of client.query(entity, opts)) {
          yield page;
          // After the first page, a bookkeeper edits a customer that page held.
          if (pages++ === 0) sim.company(realm).update('Customer', '5', { Notes: 'called them' });
        }
      },
    };
    const got: QboJson[] = [];
    const read = await readCdcWindow(editing, ['Customer'], since, async (_e, records) => {
      got.push(...records);
    });
    expect(read.ok).toBe(true);
    const ids = got.map((c) => String(c.Id));
    expect(ids).toHaveLength(new Set(ids).size);
    const all = sim
      .company(realm)
      .list('Customer')
      .map((c) => String(c.Id));
    expect(all.filter((id) => !ids.includes(id))).toEqual([]);
    expect(read.ok && read.value.queried).toEqual(['Customer']);
  });
});
