import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect, sample, type Api } from './test-client.ts';

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  api = connect(sim);
});
afterEach(() => sim.close());

const relative = (link: string) => link.slice(`${sim.url}/api/data/v9.2/`.length);

describe('change tracking', () => {
  it('answers every row with a delta link, then the changes and deletions since, shaped as recorded', async () => {
    const monte = sim.env.table('account').insert({ name: 'Monte Orton', telephone1: '555000' });
    const gone = sim.env.table('account').insert({ name: 'Gone Soon' });
    const first = await api('GET', 'accounts?$select=name,accountnumber,telephone1', undefined, {
      Prefer: 'odata.track-changes',
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('preference-applied')).toBe('odata.track-changes');
    const recordedFirst = sample('change-tracking-initial.response.json') as Record<string, unknown>;
    expect(Object.keys(first.body)).toEqual(Object.keys(recordedFirst));
    expect(first.body['@odata.context']).toBe(
      `${sim.url}/api/data/v9.2/$metadata#accounts(name,accountnumber,telephone1)`,
    );
    expect(first.body['@odata.deltaLink']).toMatch(
      /\/api\/data\/v9\.2\/accounts\?\$select=name,accountnumber,telephone1&\$deltatoken=\d+%21\d\d%2f\d\d%2f\d{4}%20\d\d%3a\d\d%3a\d\d$/,
    );
    expect(first.body.value).toHaveLength(2);

    sim.clock.advance(60_000);
    sim.env.table('account').update(monte.accountid as string, { telephone1: '555001' });
    sim.env.table('account').delete(gone.accountid as string);
    const brief = sim.env.table('account').insert({ name: 'Brief' });
    sim.env.table('account').delete(brief.accountid as string);
    const delta = await api('GET', relative(first.body['@odata.deltaLink'] as string));
    expect(delta.status).toBe(200);
    const recorded = sample('change-tracking-delta.response.json') as { value: Record<string, unknown>[] };
    expect(delta.body['@odata.context']).toMatch(/#accounts\(name,accountnumber,telephone1\)\/\$delta$/);
    expect(delta.body.value[0]).toEqual({
      '@odata.etag': expect.stringMatching(/^W\/"\d+"$/),
      name: 'Monte Orton',
      accountnumber: null,
      telephone1: '555001',
      accountid: monte.accountid,
    });
    const deletions = delta.body.value.slice(1) as Record<string, unknown>[];
    expect(deletions.map((d) => Object.keys(d))).toEqual([
      Object.keys(recorded.value[1]!),
      Object.keys(recorded.value[1]!),
    ]);
    expect(deletions.map((d) => d.id).sort()).toEqual([gone.accountid, brief.accountid].sort());
    expect(deletions[0]).toMatchObject({
      '@odata.context': `${sim.url}/api/data/v9.2/$metadata#accounts/$deletedEntity`,
      reason: 'deleted',
    });

    const quiet = await api('GET', relative(delta.body['@odata.deltaLink'] as string));
    expect(quiet.body.value).toEqual([]);
  });

  it('refuses $filter, $orderby, $expand and $top with track-changes, and a delta token older than 7 days', async () => {
    for (const q of ["$filter=name eq 'a'", '$orderby=name', '$top=1', '$expand=primarycontactid']) {
      const res = await api('GET', `accounts?$select=name&${q}`, undefined, { Prefer: 'odata.track-changes' });
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body.error.message).toMatch(/query parameter isn't supported when Change Tracking is enabled\.$/);
    }
    const first = await api('GET', 'accounts?$select=name', undefined, { Prefer: 'odata.track-changes' });
    sim.clock.advance(7 * 86_400_000 + 1000);
    const old = await connect(sim)('GET', relative(first.body['@odata.deltaLink'] as string));
    expect(old.status).toBe(400);
    expect(old.body.error).toEqual({
      code: '0x80044352',
      message: 'Version stamp associated with the client has expired. Please perform a full sync.',
    });
  });

  it('tracks a custom table only once ChangeTrackingEnabled is turned on', async () => {
    await api('POST', 'EntityDefinitions', {
      SchemaName: 'lb_synclog',
      Attributes: [
        { '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata', SchemaName: 'lb_name', IsPrimaryName: true },
      ],
    });
    const off = await api('GET', 'lb_synclogs?$select=lb_name', undefined, { Prefer: 'odata.track-changes' });
    expect(off.status).toBe(400);
    expect(
      (await api('PUT', "EntityDefinitions(LogicalName='lb_synclog')", { ChangeTrackingEnabled: true })).status,
    ).toBe(204);
    const on = await api('GET', 'lb_synclogs?$select=lb_name', undefined, { Prefer: 'odata.track-changes' });
    expect(on.status).toBe(200);
    expect(on.body['@odata.deltaLink']).toContain('/lb_synclogs?$select=lb_name&$deltatoken=');
  });
});
