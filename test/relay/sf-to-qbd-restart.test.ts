/**
 * Salesforce → QuickBooks Desktop over real sockets, a relay restarted mid-session (the soak's rig,
 * `test/soak/rig.ts`; the embedded store, and PostgreSQL when TEST_DATABASE_URL is set): an Account made in Salesforce whose CustomerAdd QuickBooks
 * applied, the relay closed and started again over the same store before it processed the answer.
 * The next session finds the customer by its name (no second customer), links the Account to it,
 * and the customer read back from QuickBooks writes nothing into the Account that changes nothing.
 */
import { postgresEnabled } from '../qbwc/support/stores.ts';
import { startRig, type Rig } from '../soak/rig.ts';

type Row = Readonly<Record<string, unknown>>;

const stores: [string, string | undefined][] = [['embedded', undefined]];
if (postgresEnabled) stores.push(['postgres', process.env.TEST_DATABASE_URL]);

describe.each(stores)('an Account whose customer was added in a session a relay restart cut, on %s', (_n, url) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({
      company: { seed: 41, customers: 3, vendors: 1, items: 2, invoices: 2, bills: 0, payments: 0 },
      relays: 1,
      start: Date.parse('2026-12-01T17:00:00Z'),
      ...(url ? { postgresUrl: url } : {}),
    });
    const first = await rig.webConnector(0); // the first sync
    if (first.status !== 'completed') throw new Error(`the first session: ${first.status}`);
    await rig.settle();
  }, 120_000);
  afterEach(() => rig.close());

  /** Writes into an Account that change none of its fields (the org's stamps aside): echoes. */
  function echoesInto(id: string): string[] {
    const org = rig.sim.org;
    const update = org.store.update.bind(org.store);
    const stamps = new Set(['LastModifiedDate', 'SystemModstamp', 'QuickBooks_Last_Synced_At__c']);
    const echoes: string[] = [];
    org.store.update = (object, recordId, fields, tx) => {
      const before = org.store.get(object, recordId) as Row | undefined;
      const changed = Object.entries(fields).filter(
        ([f, v]) => !stamps.has(f) && JSON.stringify(before?.[f] ?? null) !== JSON.stringify(v ?? null),
      );
      if (object.name === 'Account' && recordId === id && changed.length === 0) echoes.push(Object.keys(fields).join());
      return update(object, recordId, fields, tx);
    };
    return echoes;
  }

  const session = async () => {
    rig.advance(15 * 60_000);
    const report = await rig.webConnector(0);
    await rig.settle();
    return report;
  };
  const readOrg = async () => {
    rig.advance(60_000);
    await rig.tick(true);
    await rig.settle();
  };

  it('is found by its name, not added twice, and its read-back echoes nothing into the Account', async () => {
    const org = rig.sim.org;
    const acct = org.store.insert(org.objectOrThrow('Account'), {
      Name: 'Cedar Works',
      Phone: '(503) 555-0140',
      BillingCity: 'Salem',
      QuickBooks_Sync_Enabled__c: true,
    });
    const id = String(acct.Id);
    const echoes = echoesInto(id);
    await readOrg();

    // The session that adds the customer: QuickBooks applies the CustomerAdd, then the relay is
    // closed and started again before it processes the answer (the Web Connector loses it).
    let added = false;
    let restarted = false;
    const company = rig.company;
    const quickbooks = {
      ...company,
      processAsync: async (xml: string) => {
        const answer = await company.processAsync(xml);
        if (/<CustomerAddRq/.test(xml) && /statusCode="0"/.test(answer)) added = true;
        return answer;
      },
    };
    rig.advance(15 * 60_000);
    const cut = await rig.webConnector(0, {
      company: quickbooks,
      beforeCall: async (operation) => {
        if (operation !== 'receiveResponseXML' || !added || restarted) return;
        restarted = true;
        await rig.restart(0);
      },
    });
    expect(restarted).toBe(true);
    expect(cut.status).not.toBe('completed');
    const cedar = () => company.list('customer').filter((c) => c.name === 'Cedar Works');
    expect(cedar()).toHaveLength(1);

    // (On PostgreSQL the cut session stays open until the next one: another relay might serve it.)
    // The next sessions recover: the customer found by its name (no second Add, no Mod of what it holds), the Account linked to it.
    const recovered = await session();
    expect(recovered.requests.filter((x) => /<Customer(Add|Mod)Rq/.test(x))).toEqual([]);
    expect(recovered.requests.some((x) => /<CustomerQueryRq[^]*Cedar Works/.test(x))).toBe(true);
    await readOrg();
    await session();
    await readOrg();
    expect(cedar()).toHaveLength(1);
    const linked = org.records('Account').find((a) => a.Id === id)!;
    expect(String(linked.QuickBooks_Customer_Id__c)).toContain(cedar()[0]!.listId);
    expect(linked.QuickBooks_Sync_Status__c).toBe('Synced');
    expect(echoes).toEqual([]);
  }, 120_000);
});
