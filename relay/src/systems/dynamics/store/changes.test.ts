import type { Store } from '../../../store/index.ts';
import { testBackends } from '../../../../../test/qbwc/support/stores.ts';
import { dynamicsStore } from '../../../../../test/relay/support/dynamics-store.ts';
import type { DataverseNotice } from '../webhooks/notice.ts';
import { dynamicsChangesRepo } from './changes.ts';

const ROW = '6d81597f-0f9f-e711-810b-e0071b6a8241';
let seq = 0;

const notice = (over: Partial<DataverseNotice> = {}): DataverseNotice => ({
  messageName: 'Update',
  entity: 'contact',
  id: ROW,
  changedAt: '2026-05-05T03:22:45.000Z',
  dedupeKey: `op-${++seq}:step`,
  changed: {},
  ...over,
});

describe.each(testBackends().map((b) => [b.name, b] as const))('Dynamics webhook changes on %s', (_n, backend) => {
  let store: Store;
  let clock = 1_000_000;
  const now = () => clock;
  const repo = () => dynamicsChangesRepo(store.db, now);
  beforeEach(async () => {
    clock = 1_000_000;
    store = await dynamicsStore(backend, ['dyn-a', 'dyn-b'], { now });
  });
  afterEach(() => store.close());

  it('stores a notice once per delivery and hands it out with its post-image, the row id lower case', async () => {
    const n = notice({ id: ROW.toUpperCase(), postImage: { fullname: 'James Glynn', creditlimit: '12.5000' } });
    expect(await repo().add('dyn-a', n)).toBe('stored');
    expect(await repo().add('dyn-a', n)).toBe('duplicate');
    expect(await repo().add('dyn-a', { ...n, changedAt: '2026-05-06T00:00:00.000Z' })).toBe('duplicate');
    const pending = await repo().pending('dyn-a', 10);
    expect(pending).toEqual([
      {
        id: expect.any(String),
        entity: 'contact',
        rowId: ROW,
        messageName: 'Update',
        changedAt: '2026-05-05T03:22:45.000Z',
        postImage: { fullname: 'James Glynn', creditlimit: '12.5000' },
      },
    ]);
    // The same delivery key is another environment's own.
    expect(await repo().add('dyn-b', n)).toBe('stored');
    expect(await repo().pending('dyn-b', 10)).toHaveLength(1);
    expect(await repo().pending('dyn-a', 10)).toHaveLength(1);
  });

  it('merges a second notice of a pending row: the latest changedAt and its post-image win, whatever the order', async () => {
    await repo().add('dyn-a', notice({ changedAt: '2026-05-05T10:00:00.000Z', postImage: { firstname: 'B' } }));
    await repo().add('dyn-a', notice({ changedAt: '2026-05-05T09:00:00.000Z', postImage: { firstname: 'A' } }));
    await repo().add('dyn-a', notice({ id: 'aaaaaaaa-0000-0000-0000-000000000000' }));
    const [first, other] = await repo().pending('dyn-a', 10);
    expect(other?.rowId).toBe('aaaaaaaa-0000-0000-0000-000000000000');
    expect(first).toMatchObject({
      rowId: ROW,
      messageName: 'Update',
      changedAt: '2026-05-05T10:00:00.000Z',
      postImage: { firstname: 'B' },
    });
    await repo().add('dyn-a', notice({ changedAt: '2026-05-05T11:00:00.000Z' }));
    const [stripped] = await repo().pending('dyn-a', 10);
    expect(stripped).toMatchObject({ rowId: ROW, changedAt: '2026-05-05T11:00:00.000Z' });
    expect(stripped?.postImage).toBeUndefined(); // a later body without images: the row is read by id
  });

  it('a Delete wins over an Update in either order; a Create stays a Create; a row created again after its Delete is a Create', async () => {
    const t = (h: number) => `2026-05-05T${String(h).padStart(2, '0')}:00:00.000Z`;
    await repo().add('dyn-a', notice({ id: 'a0000000-0000-0000-0000-000000000001', changedAt: t(1) }));
    await repo().add(
      'dyn-a',
      notice({ id: 'a0000000-0000-0000-0000-000000000001', messageName: 'Delete', changedAt: t(2) }),
    );
    await repo().add(
      'dyn-a',
      notice({ id: 'a0000000-0000-0000-0000-000000000002', messageName: 'Delete', changedAt: t(1) }),
    );
    await repo().add(
      'dyn-a',
      notice({ id: 'a0000000-0000-0000-0000-000000000002', changedAt: t(3), postImage: { x: 1 } }),
    );
    await repo().add(
      'dyn-a',
      notice({ id: 'a0000000-0000-0000-0000-000000000003', messageName: 'Create', changedAt: t(1) }),
    );
    await repo().add('dyn-a', notice({ id: 'a0000000-0000-0000-0000-000000000003', changedAt: t(2) }));
    await repo().add(
      'dyn-a',
      notice({ id: 'a0000000-0000-0000-0000-000000000004', messageName: 'Delete', changedAt: t(1) }),
    );
    await repo().add(
      'dyn-a',
      notice({
        id: 'a0000000-0000-0000-0000-000000000004',
        messageName: 'Create',
        changedAt: t(2),
        postImage: { y: 2 },
      }),
    );
    const byRow = Object.fromEntries(
      (await repo().pending('dyn-a', 10)).map((c) => [c.rowId.slice(-1), [c.messageName, c.changedAt, c.postImage]]),
    );
    expect(byRow).toEqual({
      '1': ['Delete', t(2), undefined],
      '2': ['Delete', t(3), undefined],
      '3': ['Create', t(2), undefined],
      '4': ['Create', t(2), { y: 2 }],
    });
  });

  it('hands out the oldest first, at most the limit', async () => {
    for (let i = 1; i <= 5; i++) {
      clock = 1_000_000 + (i % 2 === 0 ? 10 * i : -10 * i);
      await repo().add('dyn-a', notice({ id: `b0000000-0000-0000-0000-00000000000${i}` }));
    }
    expect((await repo().pending('dyn-a', 3)).map((c) => c.rowId.slice(-1))).toEqual(['5', '3', '1']);
    expect((await repo().pending('dyn-a', 10)).map((c) => c.rowId.slice(-1))).toEqual(['5', '3', '1', '2', '4']);
  });

  it('done settles only what is unchanged since it was read; a later notice keeps the row pending', async () => {
    await repo().add('dyn-a', notice({ id: 'c0000000-0000-0000-0000-000000000001' }));
    await repo().add('dyn-a', notice({ id: 'c0000000-0000-0000-0000-000000000002' }));
    const read = await repo().pending('dyn-a', 10);
    expect(read).toHaveLength(2);
    // While the fetch runs, the second row changes again (same instant, as Dataverse may report it).
    await repo().add('dyn-a', notice({ id: 'c0000000-0000-0000-0000-000000000002' }));
    await repo().done('dyn-b', read); // another connection's done settles nothing here
    expect(await repo().pending('dyn-a', 10)).toHaveLength(2);
    await repo().done('dyn-a', read);
    const left = await repo().pending('dyn-a', 10);
    expect(left.map((c) => c.rowId)).toEqual(['c0000000-0000-0000-0000-000000000002']);
    expect(left[0]!.id).not.toBe(read[1]!.id);
    await repo().done('dyn-a', left);
    expect(await repo().pending('dyn-a', 10)).toEqual([]);
    // A notice after the row was done is a new pending change; its delivery, repeated, is not.
    const again = notice({ id: 'c0000000-0000-0000-0000-000000000001' });
    expect(await repo().add('dyn-a', again)).toBe('stored');
    expect(await repo().add('dyn-a', again)).toBe('duplicate');
    expect((await repo().pending('dyn-a', 10)).map((c) => c.rowId)).toEqual(['c0000000-0000-0000-0000-000000000001']);
  });

  it('settles more changes than one statement takes', async () => {
    for (let i = 0; i < 1203; i++)
      await repo().add('dyn-a', notice({ id: `d0000000-0000-0000-0000-${String(i).padStart(12, '0')}` }));
    const read = await repo().pending('dyn-a', 2000);
    expect(read).toHaveLength(1203);
    await repo().done('dyn-a', read);
    expect(await repo().pending('dyn-a', 2000)).toEqual([]);
  }, 60_000);

  it('prune forgets changes done and deliveries received before the instant, and keeps pending ones', async () => {
    const old = notice({ id: 'e0000000-0000-0000-0000-000000000001' });
    await repo().add('dyn-a', old);
    await repo().add('dyn-a', notice({ id: 'e0000000-0000-0000-0000-000000000002' }));
    await repo().done('dyn-a', (await repo().pending('dyn-a', 10)).slice(0, 1));
    clock = 2_000_000;
    await repo().add('dyn-a', notice({ id: 'e0000000-0000-0000-0000-000000000003' }));
    expect(await repo().prune(1_500_000)).toBe(1 + 2); // one done change, two old delivery keys
    expect(await repo().prune(1_500_000)).toBe(0);
    expect((await repo().pending('dyn-a', 10)).map((c) => c.rowId.slice(-1))).toEqual(['2', '3']);
    expect(await repo().add('dyn-a', old)).toBe('stored'); // its key is forgotten
    const left = await store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM dynamics_changes');
    expect(Number(left[0]!.n)).toBe(3);
  });
});
