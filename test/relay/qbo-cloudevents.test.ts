/**
 * Intuit's CloudEvents webhooks (the format every app must switch to): a top-level array, the company
 * in `intuitaccountid`, the entity and operation only in `type`, sent as
 * `application/cloudevents+json`. Edits, a deactivation and a deletion told this way arrive as with
 * the legacy format; a retried delivery (same event ids) changes nothing.
 */
import { DEFAULT_REALM } from '../simulators/qbo/index.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

describe('QuickBooks Online CloudEvents webhooks', () => {
  let r: QboRelay;
  beforeAll(async () => {
    r = await startQboRelay({ webhookFormat: 'cloudevents', cloudEventsContentType: true });
  });
  afterAll(() => r.close());

  it('edits, a deactivation and a deleted invoice arrive; a duplicated delivery is received once', async () => {
    const co = r.qbo.company(DEFAULT_REALM);
    const a = co.create('Customer', { DisplayName: 'Initech' });
    const b = co.create('Customer', { DisplayName: 'Hooli' });
    const inv = co.create('Invoice', {
      CustomerRef: { value: String(a.Id) },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: '12.34', SalesItemLineDetail: { ItemRef: { value: '1' } } }],
    });
    expect((await r.connect()).status).toBe(200);
    await r.settle();
    expect(r.org.org.records('QuickBooks_Invoice__c')).toHaveLength(1);

    const received = async () =>
      Number(
        (await r.relay.runtime.store.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM qbo_webhook_events'))[0]?.n,
      );
    const before = await received();
    r.qbo.webhooks.duplicate(1);
    co.update('Customer', String(a.Id), { PrimaryPhone: { FreeFormNumber: '212-555-0101' } });
    co.deactivate('Customer', String(b.Id));
    co.delete('Invoice', String(inv.Id));
    await r.settle();

    const delivered = r.qbo.webhooks.deliveries.at(-1)!;
    expect(delivered.headers['content-type']).toBe('application/cloudevents+json');
    expect(JSON.parse(delivered.body)).toEqual(
      expect.arrayContaining([expect.objectContaining({ specversion: '1.0' })]),
    );
    expect(r.qbo.webhooks.deliveries.filter((d) => d.body === delivered.body)).toHaveLength(2);
    const named = (n: string) => r.org.org.records('Account').find((x) => x.Name === n);
    expect(named('Initech')?.Phone).toBe('212-555-0101');
    expect(named('Hooli')?.QuickBooks_Active__c).toBe(false);
    expect(r.org.org.records('QuickBooks_Invoice__c')[0]?.Status__c).toBe('Voided');
    expect(await received()).toBe(before + 3); // three events, sent twice: received once
  });
});
