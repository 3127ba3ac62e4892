/** Change tracking over sockets: the first full read and its delta link, updates and deletions since, an expired link. */
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';
import type { Result } from '../../../lib/result.ts';
import type { ChangePage, ChangesFrom, DataverseClient } from './index.ts';

let h: DynHarness;
let dyn: DataverseClient;
beforeEach(async () => {
  h = await startDynHarness({ changeTrackingDays: 3 });
  dyn = h.client();
});
afterEach(() => h.close());

async function readAll(from: ChangesFrom): Promise<Result<ChangePage>[]> {
  const pages: Result<ChangePage>[] = [];
  for await (const page of dyn.changes(from)) pages.push(page);
  return pages;
}

describe('Dataverse client: change tracking', () => {
  it('reads every row and a delta link, then the updated row and the deleted id since', async () => {
    const acme = h.sim.env.table('account').insert({ name: 'Acme', telephone1: '555-0100' });
    const gone = h.sim.env.table('account').insert({ name: 'Gone' });
    const first = await readAll({ entitySet: 'accounts', select: ['name', 'telephone1'] });
    expect(first).toHaveLength(1);
    const initial = first[0]!;
    if (!initial.ok) throw new Error(initial.error.message);
    expect(initial.value.changes.map((c) => c.kind === 'upserted' && c.row.name)).toEqual(['Acme', 'Gone']);
    expect(initial.value.deltaLink).toMatch(/\$deltatoken=/);
    expect(h.sim.requests[0]!.path).toBe('accounts?$select=name%2Ctelephone1');

    h.sim.clock.advance(60_000);
    h.sim.env.table('account').update(acme.accountid as string, { telephone1: '555-0199' });
    h.sim.env.table('account').delete(gone.accountid as string);
    const later = await readAll({ deltaLink: initial.value.deltaLink! });
    const delta = later[0]!;
    if (!delta.ok) throw new Error(delta.error.message);
    expect(delta.value.changes).toEqual([
      { kind: 'upserted', row: expect.objectContaining({ accountid: acme.accountid, telephone1: '555-0199' }) },
      { kind: 'deleted', id: gone.accountid },
    ]);
    expect(delta.value.deltaLink).not.toBe(initial.value.deltaLink);

    const quiet = await readAll({ deltaLink: delta.value.deltaLink! });
    expect(quiet[0]!.ok && quiet[0]!.value.changes).toEqual([]);
  });

  it('an expired delta link is dyn_delta_expired, telling the caller to read in full again', async () => {
    h.sim.env.table('account').insert({ name: 'Acme' });
    const first = (await readAll({ entitySet: 'accounts', select: ['name'] }))[0]!;
    const link = first.ok ? first.value.deltaLink! : '';
    h.sim.clock.advance(2 * 86_400_000);
    expect((await readAll({ deltaLink: link }))[0]!.ok).toBe(true);
    h.sim.clock.advance(86_400_000 + 60_000);
    const pages = await readAll({ deltaLink: link });
    expect(pages).toHaveLength(1);
    const expired = pages[0]!;
    expect(expired.ok).toBe(false);
    if (expired.ok) return;
    expect(expired.error).toMatchObject({ code: 'dyn_delta_expired', retryable: false });
    expect(expired.error.message).toMatch(/read the table in full again.*0x80044352/);
  });
});
