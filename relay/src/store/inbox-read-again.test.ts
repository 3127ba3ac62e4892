import { testBackends } from '../../../test/qbwc/support/stores.ts';
import type { Store } from './index.ts';

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'an unreadable page read again, on %s',
  (_n, backend) => {
    let store: Store;
    let clock = 1_000_000;
    beforeEach(async () => {
      clock = 1_000_000;
      store = await backend.open({ now: () => clock });
      await store.connections.upsert({
        id: 'c1',
        qbwcUsername: 'acme',
        passwordHash: 'h',
        ownerId: '{O}',
        fileId: '{F}',
      });
    });
    afterEach(() => store.close());

    const page = (id: string, session: string, from: string | null, type = 'Invoice') => ({
      id,
      connectionId: 'c1',
      sessionId: session,
      requestKind: `${type}Query`,
      requestId: id,
      payload: `<QBXML>${id}</QBXML>`,
      cursor: { type, from, version: 1 },
    });
    async function processed(p: ReturnType<typeof page>) {
      clock += 1;
      await store.inbox.add(p);
      const [claimed] = await store.inbox.claim('w', 1, 1000);
      expect(await store.inbox.markProcessed(claimed!.id, 'w')).toBe(true);
      return (await store.inbox.list('c1')).find((i) => i.id === p.id)!;
    }
    async function quarantined(p: ReturnType<typeof page>) {
      clock += 1;
      await store.inbox.add({ ...p, status: 'quarantined', error: 'qbxml_invalid_identity', errorMessage: 'words' });
      expect(await store.inbox.markLogged(p.id)).toBe(true);
    }

    it('is read again by a later session’s page of the same list from at or before it, once', async () => {
      await quarantined(page('q1', 's1', '2026-11-02T09:00:00-08:00'));
      // Its neighbours in the same session, another list, and a later start do not read it again.
      expect(await store.inbox.readAgainBy(await processed(page('p1', 's1', '2026-11-02T09:00:00-08:00')))).toEqual([]);
      expect(await store.inbox.readAgainBy(await processed(page('p2', 's2', null, 'Customer')))).toEqual([]);
      expect(await store.inbox.readAgainBy(await processed(page('p3', 's2', '2026-11-03T09:00:00-08:00')))).toEqual([]);
      // The next session's step starts where the rewind left it (times compared as QuickBooks wrote them, offset aside).
      const again = await store.inbox.readAgainBy(await processed(page('p4', 's3', '2026-11-02T09:00:00-05:00')));
      expect(again.map((i) => i.id)).toEqual(['q1']);
      expect(await store.inbox.readAgainBy(await processed(page('p5', 's4', null)))).toEqual([]);
    });

    it('from the very beginning (no cursor yet) reads every earlier unreadable page of that list again', async () => {
      await quarantined(page('q1', 's1', null));
      await quarantined(page('q2', 's1', '2026-11-02T09:00:00-08:00'));
      const again = await store.inbox.readAgainBy(await processed(page('p1', 's2', null)));
      expect(again.map((i) => i.id).sort()).toEqual(['q1', 'q2']);
    });

    it('waits for the page to be reported first', async () => {
      clock += 1;
      await store.inbox.add({ ...page('q1', 's1', null), status: 'quarantined', error: 'e' });
      expect(await store.inbox.readAgainBy(await processed(page('p1', 's2', null)))).toEqual([]);
    });
  },
);
