import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

/** Calls since `from` that wrote to the org (queries and describes are reads). */
const writesSince = (r: InProcessRelay, from: number) =>
  r.sim.org.calls.slice(from).filter((c) => c.method !== 'GET' && c.method !== 'HEAD');

describe('a Web Connector session in which nothing changed', () => {
  let r: InProcessRelay;
  beforeAll(async () => {
    r = await startInProcessRelay({ seed: 5, customers: 6, vendors: 2, items: 3, invoices: 10 });
    const first = await r.webConnector();
    if (first.status !== 'completed') throw new Error(`first Web Connector run: ${first.status} ${first.message}`);
    await r.settle();
  });
  afterAll(async () => {
    await r.close();
  });

  it('costs one write (the connection’s last contact and summary) and creates no Sync Run record', async () => {
    const runsBefore = r.sim.org.records('QuickBooks_Sync_Run__c').length;
    expect(runsBefore).toBe(1);
    const connectionBefore = r.sim.org.records('QuickBooks_Connection__c')[0]!;
    const from = r.sim.org.calls.length;

    const quiet = await r.webConnector();
    expect(quiet.status).toBe('completed');
    await r.settle();

    const writes = writesSince(r, from);
    expect(writes.map((c) => c.path)).toEqual([
      expect.stringMatching(/\/composite\/sobjects\/QuickBooks_Connection__c\/Connection_Key__c$/),
    ]);
    expect(r.sim.org.records('QuickBooks_Sync_Run__c')).toHaveLength(runsBefore);
    const connection = r.sim.org.records('QuickBooks_Connection__c')[0]!;
    expect(Date.parse(String(connection.Last_Contact_At__c))).toBeGreaterThan(
      Date.parse(String(connectionBefore.Last_Contact_At__c)),
    );
    expect(String(connection.Last_Run_Summary__c)).toMatch(/^Nothing changed: read \d+ records, all unchanged\.$/);

    // A session with a change is a run again, recorded in the org.
    r.company.advanceClock(3600);
    const customer = r.company.list('customer')[0]!;
    r.company.edit('customer', customer.listId, { phone: '555-0199' });
    const from2 = r.sim.org.calls.length;
    expect((await r.webConnector()).status).toBe('completed');
    await r.settle();
    expect(r.sim.org.records('QuickBooks_Sync_Run__c')).toHaveLength(runsBefore + 1);
    expect(writesSince(r, from2).length).toBeGreaterThan(1);
    expect(String(r.sim.org.records('QuickBooks_Connection__c')[0]!.Last_Run_Summary__c)).toMatch(
      /^Read \d+: 0 created, [1-9]\d* updated, \d+ unchanged, 0 failed\.$/,
    );
  });
});
