import type { Found } from './found.ts';
import { planProvisioning } from './plan.ts';
import { LINKED_TABLES, WATCHED_MESSAGES, WATCHED_TABLES } from './schema.ts';

const webhook = { url: 'https://relay.example.com/dynamics/webhooks', key: 'k' };
const messages = WATCHED_MESSAGES.map((name) => ({ sdkmessageid: `m-${name}`, name }));
const messageFilters = messages.flatMap((m) =>
  WATCHED_TABLES.map((t) => ({
    sdkmessagefilterid: `f-${m.name}-${t}`,
    primaryobjecttypecode: t,
    _sdkmessageid_value: m.sdkmessageid,
  })),
);
const bare = (LogicalName: string, more: Record<string, unknown> = {}) => ({
  LogicalName,
  ChangeTrackingEnabled: true,
  Attributes: [],
  Keys: [],
  ...more,
});
const fresh = (): Found => ({
  entities: LINKED_TABLES.map((t) => bare(t)),
  serviceEndpoints: [],
  messages,
  messageFilters,
  steps: [],
});

function planned(found: Found, solutionUniqueName?: string) {
  const p = planProvisioning(found, { webhook, ...(solutionUniqueName ? { solutionUniqueName } : {}) });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('planProvisioning', () => {
  it('orders columns before their key, the log table before its columns, the endpoint before steps before images', () => {
    const does = planned(fresh()).report.toCreate;
    expect(does.slice(0, 4)).toEqual([
      'column lb_quickbooksconnection on account',
      'column lb_quickbooksid on account',
      'column lb_syncstatus on account',
      'key lb_quickbooksid_key on account',
    ]);
    expect(does.indexOf('table lb_synclog')).toBeLessThan(does.indexOf('column lb_replayrequested on lb_synclog'));
    expect(does.indexOf(`webhook service endpoint for ${webhook.url}`)).toBeLessThan(
      does.indexOf('step Create of account'),
    );
    expect(does.indexOf('step Create of account')).toBe(does.indexOf('post-image of step Create of account') - 1);
    expect(does).not.toContain('post-image of step Delete of account');
  });

  it('gives the same step ids twice, binds the image to its step, and sends the key as a header when asked', () => {
    const a = planned(fresh()).requests;
    expect(planned(fresh()).requests).toEqual(a);
    const step = a.find((r) => r.does === 'step Update of contact')!;
    const image = a.find((r) => r.does === 'post-image of step Update of contact')!;
    expect(image.body['sdkmessageprocessingstepid@odata.bind']).toBe(
      `/sdkmessageprocessingsteps(${String(step.body.sdkmessageprocessingstepid)})`,
    );
    expect(image.body.messagepropertyname).toBe('Target');
    const header = planProvisioning(fresh(), { webhook: { ...webhook, auth: 'HttpHeader', key: 'a"b' } });
    expect(header.ok && header.value.requests.find((r) => r.path === 'serviceendpoints')!.body).toMatchObject({
      authtype: 5,
      authvalue: '<settings><setting name="x-ledgerbridge-key" value="a&quot;b" /></settings>',
    });
  });

  it('names the solution on every request when one is given', () => {
    const { requests } = planned(fresh(), 'Ledgerbridge');
    expect(requests.every((r) => r.headers['MSCRM.SolutionUniqueName'] === 'Ledgerbridge')).toBe(true);
  });

  it('turns change tracking on (sending the definition back) where a watched table has it off', () => {
    const found = fresh();
    found.entities[2] = bare('product', { ChangeTrackingEnabled: false, MetadataId: 'p-1', SchemaName: 'Product' });
    const put = planned(found).requests.find((r) => r.method === 'PUT')!;
    expect(put).toMatchObject({
      path: "EntityDefinitions(LogicalName='product')",
      body: { MetadataId: 'p-1', SchemaName: 'Product', ChangeTrackingEnabled: true },
      headers: { 'MSCRM.MergeLabels': 'true' },
    });
    expect(put.body.Attributes).toBeUndefined();
  });

  it('reports a key whose index failed instead of recreating it, and re-enables a disabled step', () => {
    const found = fresh();
    found.entities[0] = bare('account', {
      Attributes: [{ LogicalName: 'lb_quickbooksconnection' }, { LogicalName: 'lb_quickbooksid' }],
      Keys: [
        {
          LogicalName: 'lb_quickbooksid_key',
          KeyAttributes: ['lb_quickbooksconnection', 'lb_quickbooksid'],
          EntityKeyIndexStatus: 'Failed',
        },
      ],
    });
    found.serviceEndpoints.push({ serviceendpointid: 'e-1', name: 'Ledgerbridge', url: webhook.url, authtype: 4 });
    found.steps.push({
      sdkmessageprocessingstepid: 's-1',
      _sdkmessageid_value: 'm-Create',
      _sdkmessagefilterid_value: 'f-Create-account',
      stage: 40,
      mode: 1,
      statecode: 1,
      sdkmessageprocessingstepid_sdkmessageprocessingstepimage: [
        { sdkmessageprocessingstepimageid: 'i-1', imagetype: 1 },
      ],
    });
    const p = planned(found);
    expect(p.report.toCreate).not.toContain('key lb_quickbooksid_key on account');
    expect(p.report.warnings).toEqual([expect.stringContaining('could not be built')]);
    expect(p.requests.find((r) => r.path === 'sdkmessageprocessingsteps(s-1)')!.body).toEqual({
      statecode: 0,
      statuscode: 1,
    });
    expect(p.report.toCreate).not.toContain('post-image of step Create of account');
    expect(p.requests.some((r) => r.path === 'serviceendpoints')).toBe(false);
  });

  it('fails in words when a table or a message is missing', () => {
    const noInvoice = { ...fresh(), entities: fresh().entities.filter((e) => e.LogicalName !== 'invoice') };
    expect(planProvisioning(noInvoice, { webhook })).toMatchObject({
      ok: false,
      error: { code: 'dyn_provision_table_missing', message: expect.stringContaining('no invoice table') },
    });
    const noDelete = { ...fresh(), messages: messages.filter((m) => m.name !== 'Delete') };
    expect(planProvisioning(noDelete, { webhook })).toMatchObject({
      ok: false,
      error: { code: 'dyn_provision_no_message' },
    });
  });
});
