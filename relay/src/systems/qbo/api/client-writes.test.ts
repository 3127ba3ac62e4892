/** The client's writes, batches and CDC over sockets: requestid replays, per-item faults, deletions, the 30-day limit. */
import { startQboHarness, type QboHarness } from '../../../../../test/relay/support/qbo-client.ts';
import type { BatchItem, QboJson } from './types.ts';

const DAY = 86_400_000;

describe('QuickBooks Online client: writes, batch, CDC', () => {
  let h: QboHarness;
  beforeEach(async () => {
    h = await startQboHarness();
  });
  afterEach(() => h.close());

  const customersNamed = (name: string) =>
    h.sim
      .company(h.realm)
      .list('Customer')
      .filter((c) => c.DisplayName === name).length;

  it('a create sent twice with one requestid writes once and answers the same record', async () => {
    const qbo = h.client();
    const first = await qbo.write('Customer', 'create', { DisplayName: 'Once Only' }, 'sf-001-v1');
    const again = await qbo.write('Customer', 'create', { DisplayName: 'Once Only' }, 'sf-001-v1');
    expect(first.ok && again.ok && again.value.Id === first.value.Id).toBe(true);
    expect(customersNamed('Once Only')).toBe(1);
    const other = await qbo.write('Customer', 'create', { DisplayName: 'Once Only' }, 'sf-001-v2');
    expect(other.ok || other.error).toMatchObject({ code: 'qbo_duplicate_name', cause: { code: '6240' } });
  });

  it('a create whose answer times out is retried with the same requestid and not duplicated', async () => {
    h.sim.faults.inject('slow', { method: 'POST', path: '/customer', delayMs: 500 });
    const qbo = h.client({ timeoutMs: 150 });
    const r = await qbo.write('Customer', 'create', { DisplayName: 'Slow Answer' }, 'sf-002-v1');
    expect(r.ok && r.value.DisplayName).toBe('Slow Answer');
    expect(customersNamed('Slow Answer')).toBe(1);
    const sent = h.sim.requests.filter((x) => x.path === '/customer');
    expect(sent.map((x) => x.requestId)).toEqual(['sf-002-v1', 'sf-002-v1']);
    expect(h.sleeps).toEqual([2000]);
  });

  it('a requestid over 50 characters is replaced by a stable hash of it', async () => {
    const qbo = h.client();
    const long = `sf-${'x'.repeat(60)}`;
    await qbo.write('Customer', 'create', { DisplayName: 'Long Id' }, long);
    await qbo.write('Customer', 'create', { DisplayName: 'Long Id' }, long);
    const ids = h.sim.requests.filter((x) => x.path === '/customer').map((x) => x.requestId!);
    expect(ids[0]).toHaveLength(50);
    expect(ids[1]).toBe(ids[0]);
    expect(customersNamed('Long Id')).toBe(1);
  });

  it('updates with SyncToken (stale → qbo_stale_object), deletes an invoice, voids a payment', async () => {
    const qbo = h.client();
    const c = await qbo.write('Customer', 'create', { DisplayName: 'Acme' }, 'c-1');
    if (!c.ok) throw new Error(c.error.message);
    const upd = await qbo.write(
      'Customer',
      'update',
      { Id: c.value.Id, SyncToken: '0', sparse: true, Notes: 'hi' },
      'c-1-u1',
    );
    expect(upd.ok && upd.value.SyncToken).toBe('1');
    const stale = await qbo.write(
      'Customer',
      'update',
      { Id: c.value.Id, SyncToken: '0', sparse: true, Notes: 'x' },
      'c-1-u2',
    );
    expect(stale.ok || stale.error).toMatchObject({
      code: 'qbo_stale_object',
      retryable: false,
      cause: { code: '5010' },
    });
    expect(stale.ok || stale.error.message).toContain('Stale Object Error');
    const inv = await qbo.write(
      'Invoice',
      'create',
      {
        CustomerRef: { value: c.value.Id },
        Line: [{ DetailType: 'SalesItemLineDetail', Amount: '10', SalesItemLineDetail: { ItemRef: { value: '1' } } }],
      },
      'i-1',
    );
    if (!inv.ok) throw new Error(inv.error.message);
    const del = await qbo.write('Invoice', 'delete', { Id: inv.value.Id, SyncToken: inv.value.SyncToken }, 'i-1-d');
    expect(del.ok && del.value).toEqual({ status: 'Deleted', domain: 'QBO', Id: inv.value.Id });
    const pay = await qbo.write('Payment', 'create', { CustomerRef: { value: c.value.Id }, TotalAmt: '25.00' }, 'p-1');
    if (!pay.ok) throw new Error(pay.error.message);
    const voided = await qbo.write('Payment', 'void', { Id: pay.value.Id, SyncToken: pay.value.SyncToken }, 'p-1-v');
    expect(voided.ok && voided.value.TotalAmt).toBe('0');
  });

  it('a batch of 70 goes in 3 calls with derived requestids; per-item 6240 and 5010; a retry replays', async () => {
    const co = h.sim.company(h.realm);
    co.create('Customer', { DisplayName: 'Taken' });
    const changed = co.create('Customer', { DisplayName: 'Changed Meanwhile' });
    co.update('Customer', String(changed.Id), { Notes: 'edited in QuickBooks' });
    const items: BatchItem[] = Array.from({ length: 68 }, (_, i) => ({
      bId: `c${i}`,
      operation: 'create' as const,
      entity: 'Customer',
      body: { DisplayName: `Batch ${i}` },
    }));
    items.splice(40, 0, { bId: 'dup', operation: 'create', entity: 'Customer', body: { DisplayName: 'Taken' } });
    items.push({
      bId: 'stale',
      operation: 'update',
      entity: 'Customer',
      body: { Id: changed.Id, SyncToken: '0', sparse: true, Notes: 'from Salesforce' },
    });
    const qbo = h.client();
    const r = await qbo.batch(items, 'run-7');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((x) => x.bId)).toEqual(items.map((i) => i.bId));
    expect(r.value.filter((x) => x.ok)).toHaveLength(68);
    expect(r.value.find((x) => x.bId === 'dup')).toMatchObject({ ok: false, fault: { code: '6240' } });
    expect(r.value.find((x) => x.bId === 'stale')).toMatchObject({ ok: false, fault: { code: '5010' } });
    const calls = h.sim.requests.filter((x) => x.path === '/batch');
    expect(calls.map((x) => x.requestId)).toEqual(['run-7-0', 'run-7-1', 'run-7-2']);
    const customers = co.list('Customer').length;
    const again = await qbo.batch(items, 'run-7');
    expect(again).toEqual(r);
    expect(co.list('Customer')).toHaveLength(customers);
    await expect(qbo.batch([{ ...items[0]!, bId: 'eleven-char' }], 'x')).rejects.toThrow(/bId/);
  });

  it('CDC returns changes since a time with a deleted record; refuses over 30 days back without a call', async () => {
    const qbo = h.client();
    const since = new Date(h.sim.clock.now() - 1000).toISOString();
    const c = await qbo.write('Customer', 'create', { DisplayName: 'Changed' }, 'cdc-c');
    if (!c.ok) throw new Error(c.error.message);
    const inv = await qbo.write(
      'Invoice',
      'create',
      {
        CustomerRef: { value: c.value.Id },
        Line: [{ DetailType: 'SalesItemLineDetail', Amount: '5', SalesItemLineDetail: { ItemRef: { value: '1' } } }],
      },
      'cdc-i',
    );
    if (!inv.ok) throw new Error(inv.error.message);
    h.sim.company(h.realm).delete('Invoice', String(inv.value.Id));
    const r = await qbo.cdc(['Customer', 'Invoice'], since);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.full).toBe(false);
    expect(r.value.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(r.value.byEntity.Customer!.map((x: QboJson) => x.DisplayName)).toEqual(['Changed']);
    expect(r.value.byEntity.Invoice).toEqual([
      { Id: inv.value.Id, status: 'Deleted', MetaData: { LastUpdatedTime: expect.any(String) } },
    ]);
    const before = h.sim.requests.length;
    const old = await qbo.cdc(['Customer'], new Date(h.sim.clock.now() - 31 * DAY).toISOString());
    expect(old.ok || old.error).toMatchObject({ code: 'qbo_cdc_too_old', retryable: false });
    expect(h.sim.requests).toHaveLength(before);
  });

  it('CDC says when its answer is full (1,000 objects): the window must be narrowed', async () => {
    const since = new Date(h.sim.clock.now() - 1000).toISOString();
    const co = h.sim.company(h.realm);
    for (let i = 0; i < 1001; i++) co.create('Customer', { DisplayName: `Busy ${i}` });
    const r = await h.client().cdc(['Customer'], since);
    expect(r.ok && r.value.full).toBe(true);
    expect(r.ok && r.value.byEntity.Customer).toHaveLength(1000);
  });
});
