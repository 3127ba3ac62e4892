/**
 * The same company through Conductor and through the Web Connector gives the same Salesforce
 * records. One small QuickBooks Desktop company (`support/parity-company.ts`, `parity-conductor.ts`) is entered in the qbd
 * simulator's company file and in the Conductor simulator's, each synced over real sockets by a
 * relay of its own into an org of its own (Web Connector: a session, then the relay settles;
 * Conductor: `connect conductor`, then the relay settles). Every record the two orgs hold of the
 * objects the relay mirrors QuickBooks into is compared field by field, after QuickBooks ids, the
 * connection id inside external IDs and the orgs' record Ids are replaced by the records' names.
 * Then the same edit on each side (a customer's phone, an invoice line removed), synced, compared
 * again. The orgs' own bookkeeping records are listed apart, with why they are not compared.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends, type TestBackend } from '../qbwc/support/stores.ts';
import type { SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { END_USER, startConductorRelay, type ConductorRelay } from './support/conductor-relay.ts';
import { CO, editDesktop, enterDesktop, type IdNames } from './support/parity-company.ts';
import { editConductor, enterConductor } from './support/parity-conductor.ts';

/** Both relays' clock (the Conductor simulator's, running): 2026-03-19 09:00 in QuickBooks Desktop's Pacific time. */
const START = Date.UTC(2026, 2, 19, 17);

/** The objects the relay writes QuickBooks records into (`relay/src/systems/salesforce/mapping.ts`). */
const OBJECTS = [
  'Account',
  'Contact',
  'Product2',
  'PricebookEntry',
  'QuickBooks_GL_Account__c',
  'Opportunity',
  'OpportunityLineItem',
  'QuickBooks_Invoice__c',
  'QuickBooks_Invoice_Line__c',
  'QuickBooks_Bill__c',
  'QuickBooks_Payment__c',
] as const;

/**
 * Objects the orgs hold records of that are not the company's: the standard price book and the
 * package's field policies (there before any sync), and the relay's own account of its work (the
 * connection, by its edition and end user, and the runs each path makes, by design not alike).
 * They are not compared; their records are named only as the targets of lookups.
 */
const BOOKKEEPING = [
  'Pricebook2',
  'QuickBooks_Field_Mapping__mdt',
  'QuickBooks_Field_Policy__mdt',
  'QuickBooks_Connection__c',
  'QuickBooks_Sync_Run__c',
];

/**
 * Fields filled from what each side has of its own, not from the company's data, by object (`*`:
 * every object); every other field of every record must be equal.
 */
const EDITION_SPECIFIC: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '*': {
    // The org's own numbering; lookups that hold it are compared by the name of the record they name.
    Id: 'the org’s record Id',
    CreatedDate: 'the org’s clock, when the relay’s write landed',
    LastModifiedDate: 'the org’s clock',
    SystemModstamp: 'the org’s clock',
    QuickBooks_Last_Synced_At__c: 'each relay’s clock, when it ran',
    // Desktop's company file prints its offset (-08:00), the Conductor end user's PC its own (-05:00).
    QuickBooks_Updated_At__c: 'each simulator’s clock, when QuickBooks last changed the record',
  },
  // An auto-number: the org numbers lines in the order the relay's writes arrive, which follows each
  // path's QuickBooks ids. The lines' order on the invoice, Line_Number__c, is compared.
  QuickBooks_Invoice_Line__c: { Name: 'the org’s numbering' },
};
const specific = (o: string, field: string) =>
  Object.hasOwn(EDITION_SPECIFIC['*']!, field) || Object.hasOwn(EDITION_SPECIFIC[o] ?? {}, field);

type Rec = Readonly<Record<string, unknown>>;
interface Side {
  readonly org: SalesforceSimulator;
  /** The relay's connection id of the company file, inside every external ID (`<connection>:<listId>`). */
  readonly connectionId: string;
  readonly ids: IdNames;
}

const QB_ID = /^[0-9A-F]+-\d+$/;
/** The simulated org's record Ids (`ids.ts`: key prefix, `8d0`, body, checksum). */
const SF_ID = /^[0-9a-zA-Z]{3}8d0[0-9a-zA-Z]{12}$/;

/** Every record of the compared objects, by object and name, with names in place of ids. */
function byName(side: Side): Map<string, Map<string, Rec>> {
  const qbName = new Map([...side.ids].map(([name, id]) => [id, name]));
  const rename = (v: string) =>
    v
      .replaceAll(side.connectionId, 'connection')
      .split(':')
      .map((token) => {
        const name = qbName.get(token);
        if (!name && QB_ID.test(token)) throw new Error(`no name for the QuickBooks id ${token} in ${v}`);
        return name ?? token;
      })
      .join(':');
  const records = (o: string) => side.org.org.records(o) as Rec[];
  const nameOf = (o: string, r: Rec) => {
    const external = Object.values(r).find((v) => typeof v === 'string' && v.includes(side.connectionId));
    return `${o}[${typeof external === 'string' ? rename(external) : String(r.Name)}]`;
  };
  const sfNames = new Map<string, string>();
  for (const o of [...OBJECTS, ...BOOKKEEPING]) for (const r of records(o)) sfNames.set(String(r.Id), nameOf(o, r));
  const value = (v: unknown) => {
    if (typeof v !== 'string') return v;
    if (SF_ID.test(v)) {
      if (!sfNames.has(v)) throw new Error(`no record ${v} in the org`);
      return sfNames.get(v);
    }
    return v.includes(side.connectionId) ? rename(v) : v;
  };
  return new Map(
    OBJECTS.map((o) => [
      o,
      new Map(
        records(o).map((r) => [
          nameOf(o, r),
          Object.fromEntries(
            Object.entries(r)
              .filter(([k]) => !specific(o, k))
              .map(([k, v]) => [k, value(v)]),
          ),
        ]),
      ),
    ]),
  );
}

/** The objects of the org that hold records. */
const held = (org: SalesforceSimulator) =>
  [...org.org.schema.objects.keys()].filter((o) => org.org.records(o).length > 0).sort();

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'the same company through Conductor and through the Web Connector (%s store)',
  (_n, backend) => {
    let wc: InProcessRelay;
    let wcStore: Store | undefined;
    let cdt: ConductorRelay;
    let desktop: Side;
    let conductor: Side;

    beforeAll(async () => {
      cdt = await startConductorRelay({ backend, startAt: START });
      const now = () => cdt.cdt.clock.now();
      wcStore = backend.name === 'embedded' ? undefined : await backend.open({ now });
      const empty = { customers: 0, vendors: 0, items: 0, invoices: 0, bills: 0, payments: 0, journalEntries: 0 };
      wc = await startInProcessRelay(
        { ...empty, now: '2026-03-19T09:00:00' },
        { ...(wcStore ? { store: wcStore } : {}), now },
      );
      const desktopIds = enterDesktop(wc.company);
      const conductorIds = enterConductor(cdt.cdt.company(END_USER));
      await wc.webConnector();
      await wc.settle();
      const connected = await cdt.connect();
      if (connected.code !== 0) throw new Error(connected.err);
      await cdt.settle();
      const [row] = await cdt.relay.runtime.store.db.query<{ id: string }>(
        "SELECT id FROM connections WHERE system = 'conductor'",
      );
      const acme = await wc.relay.runtime.store.connections.byUsername('acme');
      desktop = { org: wc.sim, connectionId: acme!.id, ids: desktopIds };
      conductor = { org: cdt.org, connectionId: row!.id, ids: conductorIds };
    });
    afterAll(async () => {
      await wc.close();
      await wcStore?.close();
      await cdt.close();
    });

    /** Compares every record of every object; returns how many records and fields were compared. */
    const compare = () => {
      const d = byName(desktop);
      const c = byName(conductor);
      for (const o of OBJECTS)
        expect({ [o]: Object.fromEntries(c.get(o)!) }).toEqual({ [o]: Object.fromEntries(d.get(o)!) });
      const recs = [...d.values()].flatMap((m) => [...m.values()]);
      return { records: recs.length, fields: recs.reduce((s, r) => s + Object.keys(r).length, 0) };
    };

    it('both orgs hold records of the same objects: the compared ones and the relay’s bookkeeping', () => {
      expect(held(conductor.org)).toEqual(held(desktop.org));
      expect(held(desktop.org)).toEqual([...OBJECTS, ...BOOKKEEPING].sort());
    });

    it('after the first sync, every record is the same, field by field', () => {
      expect(compare()).toEqual({ records: 44, fields: 477 });
      expect(Object.fromEntries([...byName(desktop)].map(([o, m]) => [o, m.size]))).toEqual({
        Account: 4, // Acme Corp, its job, the inactive Globex, the vendor
        Contact: 1,
        Product2: 4,
        PricebookEntry: 4,
        QuickBooks_GL_Account__c: 15,
        Opportunity: 2,
        OpportunityLineItem: 3,
        QuickBooks_Invoice__c: 2,
        QuickBooks_Invoice_Line__c: 7,
        QuickBooks_Bill__c: 1,
        QuickBooks_Payment__c: 1,
      });
    });

    it('what is compared is filled in: terms, classes, the payment method, amounts to the cent, the inactive customer', () => {
      for (const side of [desktop, conductor]) {
        const one = (o: string, field: string, value: string) =>
          side.org.org.records(o).find((r) => r[field] === value);
        expect(one('Account', 'Name', CO.customer.name)).toMatchObject({
          QuickBooks_Terms__c: 'Net 30',
          QuickBooks_Class__c: 'West',
        });
        expect(one('Account', 'Name', CO.inactive.name)?.QuickBooks_Active__c).toBe(false);
        expect(one('QuickBooks_Invoice__c', 'Name', '1001')).toMatchObject({
          Class__c: 'East',
          Terms__c: 'Net 30',
          Total_Amount__c: 329.75,
          Balance__c: 229.75,
          Status__c: 'Partially Paid',
        });
        expect(one('QuickBooks_Payment__c', 'Name', 'CHK-7')?.Payment_Method__c).toBe('Check');
        expect(one('QuickBooks_Bill__c', 'Name', 'B-1')?.Total_Amount__c).toBe(310.72);
      }
    });

    it('after the same edit on each side (a phone, an invoice line removed), still the same', async () => {
      cdt.cdt.clock.advance(60_000);
      editDesktop(wc.company, desktop.ids);
      editConductor(cdt.cdt.company(END_USER), conductor.ids);
      await wc.webConnector();
      await wc.settle();
      await cdt.settle();
      const acme = (s: Side) => s.org.org.records('Account').find((a) => a.Name === CO.customer.name);
      expect(acme(desktop)?.Phone).toBe(CO.edit.phone);
      expect(byName(desktop).get('QuickBooks_Invoice_Line__c')!.size).toBe(6);
      compare();
    });
  },
);
