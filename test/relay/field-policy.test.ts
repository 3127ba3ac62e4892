/**
 * The package's field policy over real sockets (org simulator serving the shipped
 * `QuickBooks_Field_Policy__mdt` records, Web Connector sessions against the company file): an
 * Account sent to QuickBooks, then edited on both sides between sessions. Different fields edited
 * on each side both survive (neither side's whole record overwrites the other's change); the same
 * field edited on both sides is, by the shipped policy, flagged for review — neither value copied,
 * the Account set to Needs Review with a Sync Log naming both values, the audit trail holding both —
 * until a person changes one side, which then syncs. A policy an admin changes is applied within
 * the hour. Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 37, customers: 2, vendors: 1, items: 1, invoices: 1, bills: 0, payments: 0 };

describe.each(testBackends().map((b) => [b.name, b] as const))('the field policy, on %s', (_n, backend) => {
  let r: InProcessRelay;
  let store: Store | undefined;
  let t = Date.parse('2026-12-01T15:00:00Z');
  const now = () => t;

  beforeEach(async () => {
    store = backend.name === 'embedded' ? undefined : await backend.open({ now });
    r = await startInProcessRelay(COMPANY, { ...(store ? { store } : {}), now });
    await driver().session(); // the first sync: QuickBooks' records into the org
  });
  afterEach(async () => {
    await r.close();
    await store?.close();
  });

  const driver = () => reverseDriver(r, { advance: (ms) => (t += ms) });
  const account = (id: string) => r.sim.org.records('Account').find((a) => a.Id === id)!;
  const customer = (listId: string) => r.company.list('customer').find((c) => c.listId === listId)!;
  /** Until nothing more moves: the org read, a session, the org read again. */
  const settle = async () => {
    for (let i = 0; i < 2; i++) {
      await driver().readOrg();
      await driver().session();
    }
    await driver().readOrg();
  };

  /** An Account sent to QuickBooks, linked to its new customer. */
  async function linkedAccount() {
    const acct = driver().insert('Account', {
      Name: 'Delta Freight',
      Phone: '555-0101',
      BillingStreet: '1 Dock Rd',
      BillingCity: 'Reno',
      BillingState: 'NV',
      QuickBooks_Sync_Enabled__c: true,
    });
    await settle();
    const listId = r.company.list('customer').find((c) => c.name === 'Delta Freight')!.listId;
    expect(String(account(acct.Id as string).QuickBooks_Customer_Id__c)).toContain(listId);
    // A moment later: the org stamps changes to the millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { id: acct.Id as string, listId };
  }

  it('keeps both changes when each side changed a different field between sessions', async () => {
    const { id, listId } = await linkedAccount();
    const held = customer(listId);
    r.company.edit('customer', listId, { billAddress: { ...held.billAddress, city: 'Sparks' } });
    driver().update('Account', id, { Phone: '555-0202' });
    await settle();

    expect(customer(listId)).toMatchObject({ phone: '555-0202', billAddress: { city: 'Sparks', addr1: '1 Dock Rd' } });
    expect(account(id)).toMatchObject({ Phone: '555-0202', BillingCity: 'Sparks', Name: 'Delta Freight' });
    // Each side's audit row holds what the change overwrote on the other, with both values.
    const trail = await r.relay.runtime.store.db.query<{ direction: string; changes: string }>(
      "SELECT direction, changes FROM audit_log WHERE changes IS NOT NULL AND operation <> 'conflict' ORDER BY at, id",
    );
    expect(trail.map((x) => [x.direction, JSON.parse(x.changes) as unknown])).toEqual([
      [
        'qb_to_sf',
        {
          'customer.billing': [
            { street: '1 Dock Rd', city: 'Reno', state: 'NV' },
            { street: '1 Dock Rd', city: 'Sparks', state: 'NV' },
          ],
        },
      ],
      ['sf_to_qb', { phone: ['555-0101', '555-0202'] }],
    ]);
    // Nothing left to say: another round changes nothing on either side.
    const edits = customer(listId).editSequence;
    const report = await driver().session();
    expect(driver().changesIn(report)).toEqual([]);
    expect(customer(listId).editSequence).toBe(edits);
  });

  it('flags a field changed on both sides for review, copies neither, and syncs the side a person then changes', async () => {
    const { id, listId } = await linkedAccount();
    r.company.edit('customer', listId, { name: 'Delta Freight Co' });
    driver().update('Account', id, { Name: 'Delta Freight LLC' });
    await settle();

    expect(customer(listId).name).toBe('Delta Freight Co');
    expect(account(id)).toMatchObject({ Name: 'Delta Freight LLC', QuickBooks_Sync_Status__c: 'Needs Review' });
    const log = r.sim.org
      .records('QuickBooks_Sync_Log__c')
      .find((l) => l.Error_Code__c === 'review_field_conflict' && l.Account__c === id)!;
    expect(log).toBeDefined();
    expect(String(log.Error_Message__c)).toMatch(/Account Name was changed on both sides/);
    expect(String(log.Error_Message__c)).toContain('"Delta Freight Co"');
    expect(String(log.Error_Message__c)).toContain('"Delta Freight LLC"');
    // The audit trail holds both values of the conflict.
    const trail = await r.relay.runtime.store.db.query<{ outcome: string; changes: string }>(
      "SELECT outcome, changes FROM audit_log WHERE operation = 'conflict'",
    );
    expect(trail).toHaveLength(1);
    expect(trail[0]!.outcome).toBe('needs_review');
    expect(Object.values(JSON.parse(trail[0]!.changes) as Record<string, unknown>)[0]).toEqual(
      expect.arrayContaining(['Delta Freight Co', 'Delta Freight LLC']),
    );

    // The bookkeeper settles it in QuickBooks' favour by renaming the Account: that change syncs.
    await new Promise((resolve) => setTimeout(resolve, 5));
    driver().update('Account', id, { Name: 'Delta Freight Company' });
    await settle();
    expect(customer(listId).name).toBe('Delta Freight Company');
    expect(account(id).Name).toBe('Delta Freight Company');
    const resolved = r.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Log_Key__c === log.Log_Key__c)!;
    expect(resolved.Status__c).toBe('Resolved');
  });

  /** Writes into an Account that change none of its fields (the org's stamps aside): echoes. */
  function echoesInto(id: string): string[] {
    const org = r.sim.org;
    const update = org.store.update.bind(org.store);
    const stamps = new Set(['LastModifiedDate', 'SystemModstamp', 'QuickBooks_Last_Synced_At__c']);
    const echoes: string[] = [];
    org.store.update = (object, recordId, fields, tx) => {
      const before = org.store.get(object, recordId) as Readonly<Record<string, unknown>> | undefined;
      const changed = Object.entries(fields).filter(
        ([f, v]) => !stamps.has(f) && JSON.stringify(before?.[f] ?? null) !== JSON.stringify(v ?? null),
      );
      if (object.name === 'Account' && recordId === id && changed.length === 0) echoes.push(Object.keys(fields).join());
      return update(object, recordId, fields, tx);
    };
    return echoes;
  }

  it('writes nothing more into an Account whose only change read from QuickBooks is the field flagged for review', async () => {
    const { id, listId } = await linkedAccount();
    const echoes = echoesInto(id);
    // As the soak found it (issue 16): the phone changed on both sides between sessions.
    r.company.edit('customer', listId, { phone: '555-0909' });
    driver().update('Account', id, { Phone: '555-0808' });
    await settle();
    expect(account(id)).toMatchObject({ Phone: '555-0808', QuickBooks_Sync_Status__c: 'Needs Review' });
    expect(customer(listId).phone).toBe('555-0909');
    // The Account shows the review by its status; the customer's mirror, else as it was, is not written again.
    expect(echoes).toEqual([]);

    // A person settles it on the Salesforce side: QuickBooks gets the phone, the Account is Synced again.
    await new Promise((resolve) => setTimeout(resolve, 5));
    driver().update('Account', id, { Phone: '555-0707' });
    await settle();
    expect(customer(listId).phone).toBe('555-0707');
    expect(account(id)).toMatchObject({ Phone: '555-0707', QuickBooks_Sync_Status__c: 'Synced' });
    expect(echoes).toEqual([]);
  });

  it('shows Needs Review again when the same field conflicts a second time, and settling it echoes nothing', async () => {
    const { id, listId } = await linkedAccount();
    const echoes = echoesInto(id);
    // As the soak found it (seed 2): a phone conflict settled, then the phone changed on both sides again.
    for (const [books, crm, settled] of [
      ['555-0909', '555-0808', '555-0707'],
      ['555-0606', '555-0505', '555-0404'],
    ] as const) {
      r.company.edit('customer', listId, { phone: books });
      driver().update('Account', id, { Phone: crm });
      await settle();
      expect(account(id)).toMatchObject({ Phone: crm, QuickBooks_Sync_Status__c: 'Needs Review' });
      expect(customer(listId).phone).toBe(books);

      await new Promise((resolve) => setTimeout(resolve, 5));
      driver().update('Account', id, { Phone: settled });
      await settle();
      expect(customer(listId).phone).toBe(settled);
      expect(account(id)).toMatchObject({ Phone: settled, QuickBooks_Sync_Status__c: 'Synced' });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(echoes).toEqual([]);
  });

  /** A conflict on the Account's name flagged for review: its log, as the org holds it. */
  async function flagged() {
    const ids = await linkedAccount();
    r.company.edit('customer', ids.listId, { name: 'Delta Freight Co' });
    driver().update('Account', ids.id, { Name: 'Delta Freight LLC' });
    await settle();
    const log = r.sim.org
      .records('QuickBooks_Sync_Log__c')
      .find((l) => l.Error_Code__c === 'review_field_conflict' && l.Account__c === ids.id)!;
    return { ...ids, log };
  }
  /** A person's decision on a log, as the Needs Review component sets it. */
  const decide = (logId: string, decision: string) => {
    t += 60_000;
    driver().update('QuickBooks_Sync_Log__c', logId, {
      Review_Decision__c: decision,
      Decided_At__c: new Date(t).toISOString(),
    });
  };
  const logOf = (key: unknown) => r.sim.org.records('QuickBooks_Sync_Log__c').find((l) => l.Log_Key__c === key)!;
  const decisionsInTrail = () =>
    r.relay.runtime.store.db.query<{ outcome: string; error_message: string; changes: string | null }>(
      "SELECT outcome, error_message, changes FROM audit_log WHERE operation = 'review'",
    );

  it('shows both values of a conflict side by side on its log', async () => {
    const { log } = await flagged();
    expect(log).toMatchObject({
      Review_Kind__c: 'Conflict',
      Field__c: 'Account Name',
      QuickBooks_Value__c: 'Delta Freight Co',
      Salesforce_Value__c: 'Delta Freight LLC',
      Status__c: 'Failed',
    });
  });

  it("decided Keep QuickBooks: Salesforce gets QuickBooks' value, nothing goes to QuickBooks, the log is Resolved", async () => {
    const { id, listId, log } = await flagged();
    const edits = customer(listId).editSequence;
    decide(log.Id as string, 'Keep QuickBooks');
    await settle();
    expect(account(id)).toMatchObject({ Name: 'Delta Freight Co', QuickBooks_Sync_Status__c: 'Synced' });
    expect(customer(listId)).toMatchObject({ name: 'Delta Freight Co', editSequence: edits });
    expect(logOf(log.Log_Key__c)).toMatchObject({ Status__c: 'Resolved', Review_Decision__c: 'Keep QuickBooks' });
    expect(String(logOf(log.Log_Key__c).Replay_Result__c)).toMatch(/Kept QuickBooks' value .*written to Salesforce/);
    const [trail] = await decisionsInTrail();
    expect(trail).toMatchObject({ outcome: 'keep_books' });
    expect(JSON.parse(trail!.changes!)).toEqual({ 'customer.name': ['Delta Freight LLC', 'Delta Freight Co'] });
    // Nothing comes back: another round changes nothing on either side.
    const report = await driver().session();
    expect(driver().changesIn(report)).toEqual([]);
    expect(account(id).Name).toBe('Delta Freight Co');
  });

  it("decided Keep Salesforce: QuickBooks gets Salesforce's value at the next session, and nothing echoes back", async () => {
    const { id, listId, log } = await flagged();
    decide(log.Id as string, 'Keep Salesforce');
    await settle();
    expect(customer(listId).name).toBe('Delta Freight LLC');
    expect(account(id).Name).toBe('Delta Freight LLC');
    expect(logOf(log.Log_Key__c)).toMatchObject({ Status__c: 'Resolved', Review_Decision__c: 'Keep Salesforce' });
    expect((await decisionsInTrail()).map((x) => x.outcome)).toEqual(['keep_crm']);
    const edits = customer(listId).editSequence;
    await driver().readOrg();
    const report = await driver().session();
    expect(driver().changesIn(report)).toEqual([]);
    expect(customer(listId).editSequence).toBe(edits);
    expect(account(id).QuickBooks_Sync_Status__c).not.toBe('Needs Review');
  });

  it("keeps QuickBooks' value of a field changed on both sides when the admin's policy says so", async () => {
    const { id, listId } = await linkedAccount();
    r.sim.org.setCustomMetadata('QuickBooks_Field_Policy__mdt', 'Account_Name', { On_Conflict__c: 'Keep QuickBooks' });
    t += 61 * 60_000; // the relay reads the policy again within the hour
    r.company.edit('customer', listId, { name: 'Delta Freight Co' });
    driver().update('Account', id, { Name: 'Delta Freight LLC' });
    await settle();

    expect(customer(listId).name).toBe('Delta Freight Co');
    expect(account(id)).toMatchObject({ Name: 'Delta Freight Co', QuickBooks_Sync_Status__c: 'Synced' });
    expect(
      r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Error_Code__c === 'review_field_conflict'),
    ).toEqual([]);
    const [conflict] = await r.relay.runtime.store.db.query<{ outcome: string; changes: string }>(
      "SELECT outcome, changes FROM audit_log WHERE operation = 'conflict'",
    );
    expect(conflict!.outcome).toBe('kept_source');
    expect(JSON.parse(conflict!.changes)).toEqual({ 'customer.name': ['Delta Freight LLC', 'Delta Freight Co'] });
  });

  it('sends no change of a field the policy gives to QuickBooks, and brings QuickBooks’ changes of it over', async () => {
    const { id, listId } = await linkedAccount();
    r.sim.org.setCustomMetadata('QuickBooks_Field_Policy__mdt', 'Account_Phone', { Owner__c: 'QuickBooks' });
    t += 61 * 60_000;
    driver().update('Account', id, { Phone: '555-0303' });
    await settle();
    expect(customer(listId).phone).toBe('555-0101');

    r.company.edit('customer', listId, { phone: '555-0404' });
    await settle();
    expect(account(id).Phone).toBe('555-0404');
    expect(customer(listId).phone).toBe('555-0404');
  });
});
