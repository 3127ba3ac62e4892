/**
 * The client's raw `request` (provisioning's metadata calls) over sockets: it carries the same
 * token, service protection waits and error mapping as the typed calls.
 */
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';

let h: DynHarness;
beforeEach(async () => {
  h = await startDynHarness();
});
afterEach(() => h.close());

const column = {
  '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
  SchemaName: 'lb_quickbooksid',
  MaxLength: 100,
  RequiredLevel: { Value: 'None' },
  FormatName: { Value: 'Text' },
  DisplayName: { LocalizedLabels: [{ Label: 'QuickBooks id', LanguageCode: 1033 }] },
};

describe('Dataverse client: raw requests', () => {
  it('sends a metadata POST and PUT with the token, waiting out a 429 as Retry-After says', async () => {
    h.sim.faults.inject('throttle', { times: 1, retryAfter: 9, method: 'POST' });
    const dyn = h.client();
    const created = await dyn.request({
      method: 'POST',
      path: "EntityDefinitions(LogicalName='account')/Attributes",
      body: JSON.stringify(column),
    });
    expect(created.ok && created.value.status).toBe(204);
    expect(h.sleeps).toEqual([9000]);
    expect(h.sim.env.schema('account').columns.get('lb_quickbooksid')).toMatchObject({ maxLength: 100 });

    h.sim.env.schema('contact').changeTracking = false; // as a table an admin has not enabled
    const tracked = await dyn.request({
      method: 'PUT',
      path: "EntityDefinitions(LogicalName='contact')",
      body: JSON.stringify({ ChangeTrackingEnabled: true }),
      headers: { 'MSCRM.MergeLabels': 'true' },
    });
    expect(tracked.ok && tracked.value.status).toBe(204);
    expect(h.sim.env.schema('contact').changeTracking).toBe(true);
    expect(h.sim.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'PUT']);
  });

  it('turns a refusal into a typed failure in words, keeping what Dataverse said', async () => {
    const dyn = h.client();
    const body = JSON.stringify(column);
    const path = "EntityDefinitions(LogicalName='account')/Attributes";
    expect((await dyn.request({ method: 'POST', path, body })).ok).toBe(true);
    const again = await dyn.request({ method: 'POST', path, body });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toMatchObject({ code: 'dyn_rejected', retryable: false, cause: { status: 400 } });
    expect(again.error.message).toMatch(/Dynamics said: A attribute with the name lb_quickbooksid already exists/);

    const missing = await dyn.request({ method: 'GET', path: "EntityDefinitions(LogicalName='lb_nothing')" });
    expect(!missing.ok && missing.error.code).toBe('dyn_not_found');
  });
});
