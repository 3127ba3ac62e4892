/** Writes by alternate key over sockets: upsert, create-only, update-only, ETags, lookups bound by key, exact money. */
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';
import { bind, exactNumber, type DataverseClient } from './index.ts';

let h: DynHarness;
let dyn: DataverseClient;
beforeEach(async () => {
  h = await startDynHarness();
  await h.provision('account');
  await h.provision('contact');
  dyn = h.client();
});
afterEach(() => h.close());

const acme = { lb_quickbooksconnection: 'acme', lb_quickbooksid: '80000001-1' };
const rows = () => h.sim.env.table('account').rows();

describe('Dataverse client: writes by key', () => {
  it('upserts by alternate key: the first call creates the row, the second updates the same row', async () => {
    const created = await dyn.upsert('accounts', acme, { name: 'Acme', creditlimit: exactNumber('1234.50') });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(rows()).toHaveLength(1);
    const id = rows()[0]!.accountid;
    expect(created.value.id).toBe(id);
    const updated = await dyn.upsert('accounts', acme, { name: 'Acme Ltd' }, { returnRow: true, select: ['name'] });
    expect(updated.ok).toBe(true);
    if (!updated.ok) return;
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ accountid: id, name: 'Acme Ltd' });
    expect(updated.value.status).toBe(200);
    expect(updated.value.row).toMatchObject({ name: 'Acme Ltd', accountid: id });
    expect(updated.value.etag).toMatch(/^W\/"\d+"$/);
    const read = await dyn.byKey('accounts', acme, { select: ['name', 'creditlimit'] });
    expect(read.ok && read.value.creditlimit).toBe('1234.5000'); // the exact decimal text, never a float
    expect(read.ok && read.value['@odata.etag']).toBe(updated.value.etag);
  });

  it('create-only on a taken key is dyn_already_exists; update-only on a missing key is dyn_not_found', async () => {
    expect((await dyn.create('accounts', acme, { name: 'Acme' })).ok).toBe(true);
    const again = await dyn.create('accounts', acme, { name: 'Acme twice' });
    expect(!again.ok && again.error.code).toBe('dyn_already_exists');
    expect(!again.ok && again.error.message).toMatch(/A record with matching key values already exists\./);
    expect(rows().map((r) => r.name)).toEqual(['Acme']);
    const ghost = await dyn.update('accounts', { ...acme, lb_quickbooksid: '99' }, { name: 'Ghost' });
    expect(!ghost.ok && ghost.error.code).toBe('dyn_not_found');
    expect(rows()).toHaveLength(1);
  });

  it('an update against a stale ETag is dyn_concurrency and changes nothing; the current ETag succeeds', async () => {
    const first = await dyn.upsert('accounts', acme, { name: 'Acme' }, { returnRow: true });
    const stale = first.ok ? first.value.etag : undefined;
    expect(stale).toMatch(/^W\/"\d+"$/);
    await dyn.upsert('accounts', acme, { telephone1: '555-0100' }); // someone else's change
    const refused = await dyn.update('accounts', acme, { name: 'Mine' }, { etag: stale! });
    expect(!refused.ok && refused.error.code).toBe('dyn_concurrency');
    expect(!refused.ok && refused.error.retryable).toBe(false);
    expect(rows()[0]!.name).toBe('Acme');
    const fresh = await dyn.byKey('accounts', acme, { select: ['name'] });
    const etag = fresh.ok ? (fresh.value['@odata.etag'] as string) : '';
    const done = await dyn.update('accounts', acme, { name: 'Mine' }, { etag });
    expect(done.ok).toBe(true);
    expect(rows()[0]!.name).toBe('Mine');
  });

  it('binds a lookup by the other row’s alternate key and encodes key values', async () => {
    await dyn.upsert('accounts', acme, { name: 'Acme' });
    const parent = bind('accounts', acme);
    expect(parent.ok).toBe(true);
    const key = { lb_quickbooksconnection: 'acme', lb_quickbooksid: "O'Brien 7" };
    const r = await dyn.upsert('contacts', key, {
      lastname: "O'Brien",
      'parentcustomerid_account@odata.bind': parent.ok ? parent.value : '',
    });
    expect(r.ok).toBe(true);
    const contact = await dyn.byKey('contacts', key, { select: ['lastname', '_parentcustomerid_value'] });
    expect(contact.ok && contact.value._parentcustomerid_value).toBe(rows()[0]!.accountid);
    expect(h.sim.requests.at(-1)!.path).toContain("lb_quickbooksid='O''Brien%207'");
  });

  it('refuses a key value Dataverse cannot address, before sending anything', async () => {
    const before = h.sim.requests.length;
    for (const value of ['A&B', 'x/y', '50%', 'a:b', 'q?', 'c+d']) {
      const r = await dyn.upsert('accounts', { ...acme, lb_quickbooksid: value }, { name: 'X' });
      expect([value, !r.ok && r.error.code]).toEqual([value, 'dyn_bad_key']);
    }
    const notGuid = await dyn.byKey('accounts', 'not-a-guid');
    expect(!notGuid.ok && notGuid.error.code).toBe('dyn_bad_key');
    expect(h.sim.requests.length).toBe(before);
  });
});
