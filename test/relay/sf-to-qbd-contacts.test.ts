/**
 * An Account's contacts into QuickBooks Desktop over real sockets: the primary contact in the
 * customer's own name fields, the others as the customer's additional contacts (qbXML 13
 * `Contacts`). Later, a changed contact is one `ContactsMod` naming that contact by its ListID and
 * EditSequence, a new contact a `ContactsMod` without them, and a contact gone from the Account
 * stays in QuickBooks. After each write the next session changes nothing (no echo). Both stores.
 */
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';
import { reverseDriver } from './support/reverse.ts';

const COMPANY: CompanyOptions = { seed: 37, customers: 2, vendors: 0, items: 1, invoices: 0, bills: 0, payments: 0 };

type Row = Readonly<Record<string, unknown>>;
type Report = Awaited<ReturnType<InProcessRelay['webConnector']>>;

/** The org stamps changes to the millisecond; two of one record within one are one change. */
const aMomentLater = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(testBackends().map((b) => [b.name, b] as const))(
  "An Account's contacts → a QuickBooks customer's contacts, on %s",
  (_n, backend) => {
    let r: InProcessRelay;
    let store: Store | undefined;
    let t = Date.parse('2026-12-01T15:00:00Z');
    const now = () => t;

    beforeEach(async () => {
      store = backend.name === 'embedded' ? undefined : await backend.open({ now });
      r = await startInProcessRelay(COMPANY, { ...(store ? { store } : {}), now });
      await session(); // the first sync: QuickBooks' records into the org
    });
    afterEach(async () => {
      await r.close();
      await store?.close();
    });

    const driver = () => reverseDriver(r, { advance: (ms) => (t += ms) });
    const readOrg = () => driver().readOrg();
    const session = async () => {
      const report = await driver().session();
      expect(report.status).toBe('completed');
      return report;
    };
    const customerWrites = (report: Report) =>
      driver()
        .changesIn(report)
        .filter((x) => x.startsWith('Customer'));
    /** The one request of a session that holds a customer write, and the ContactsMod/Contacts elements in it. */
    const written = (report: Report, rq: 'CustomerAddRq' | 'CustomerModRq') => {
      const xml = report.requests.filter((x) => x.includes(`<${rq} `));
      expect(xml).toHaveLength(1);
      return {
        contacts: [...xml[0]!.matchAll(/<Contacts>.*?<\/Contacts>/g)].map((m) => m[0]),
        contactsMod: [...xml[0]!.matchAll(/<ContactsMod>.*?<\/ContactsMod>/g)].map((m) => m[0]),
      };
    };
    const contact = (fields: Row) => {
      t += 1000; // a later CreatedDate: the order the Account's contacts go in
      return driver().insert('Contact', fields);
    };
    const harbor = () => r.company.list('customer').find((c) => c.name === 'Harbor Lights')!;
    const people = () =>
      (harbor().contacts ?? []).map(({ salutation, firstName, lastName, jobTitle }) =>
        Object.fromEntries(Object.entries({ salutation, firstName, lastName, jobTitle }).filter(([, v]) => v)),
      );
    /** The session after a write, and the org read after it: nothing more goes to QuickBooks. */
    const quiet = async () => {
      await readOrg();
      const next = await session();
      expect(customerWrites(next)).toEqual([]);
      await readOrg();
      expect(customerWrites(await session())).toEqual([]);
    };

    it('adds the customer with its primary contact and two more, then changes and adds them one by one', async () => {
      const acct = r.sim.org.store.insert(r.sim.org.objectOrThrow('Account'), {
        Name: 'Harbor Lights',
        QuickBooks_Sync_Enabled__c: true,
      });
      contact({ AccountId: acct.Id, Salutation: 'Ms.', FirstName: 'Ada', LastName: 'Quintero', Title: 'Owner' });
      const ben = contact({
        AccountId: acct.Id,
        Salutation: 'Mr.',
        FirstName: 'Ben',
        LastName: 'Okafor',
        Title: 'Buyer',
      });
      // QuickBooks requires a first name: a contact with a last name only goes under it.
      const nakamura = contact({ AccountId: acct.Id, LastName: 'Nakamura' });
      await readOrg();
      const add = await session();

      expect(customerWrites(add)).toEqual(['CustomerAdd']);
      expect(written(add, 'CustomerAddRq').contacts).toEqual([
        '<Contacts><Salutation>Mr.</Salutation><FirstName>Ben</FirstName><LastName>Okafor</LastName><JobTitle>Buyer</JobTitle></Contacts>',
        '<Contacts><FirstName>Nakamura</FirstName></Contacts>',
      ]);
      expect(harbor()).toMatchObject({ salutation: 'Ms.', firstName: 'Ada', lastName: 'Quintero', jobTitle: 'Owner' });
      expect(people()).toEqual([
        { salutation: 'Mr.', firstName: 'Ben', lastName: 'Okafor', jobTitle: 'Buyer' },
        { firstName: 'Nakamura' },
      ]);
      await quiet();

      // One contact's new title: one Mod, one ContactsMod, by that contact's ListID and EditSequence.
      const held = harbor().contacts![0]!;
      const others = harbor().contacts!.slice(1);
      await aMomentLater();
      driver().update('Contact', ben.Id as string, { Title: 'Head Buyer' });
      await readOrg();
      const retitled = await session();
      expect(customerWrites(retitled)).toEqual(['CustomerMod']);
      expect(written(retitled, 'CustomerModRq').contactsMod).toEqual([
        `<ContactsMod><ListID>${held.listId}</ListID><EditSequence>${held.editSequence}</EditSequence><Salutation>Mr.</Salutation><FirstName>Ben</FirstName><LastName>Okafor</LastName><JobTitle>Head Buyer</JobTitle></ContactsMod>`,
      ]);
      expect(harbor().contacts![0]).toMatchObject({ listId: held.listId, jobTitle: 'Head Buyer' });
      expect(harbor().contacts!.slice(1)).toEqual(others);
      await quiet();

      // A new contact: a ContactsMod without ListID; the others are not sent again.
      await aMomentLater();
      contact({ AccountId: acct.Id, FirstName: 'Dee', LastName: 'Ellis', Title: 'Accounts Payable' });
      await readOrg();
      const grown = await session();
      expect(customerWrites(grown)).toEqual(['CustomerMod']);
      expect(written(grown, 'CustomerModRq').contactsMod).toEqual([
        '<ContactsMod><FirstName>Dee</FirstName><LastName>Ellis</LastName><JobTitle>Accounts Payable</JobTitle></ContactsMod>',
      ]);
      expect(people()).toHaveLength(3);
      expect(people()[2]).toEqual({ firstName: 'Dee', lastName: 'Ellis', jobTitle: 'Accounts Payable' });
      await quiet();

      // A contact gone from the Account stays in QuickBooks (deletions never delete): Ben's next title
      // is one ContactsMod, and what QuickBooks holds besides the Account's contacts is no change.
      r.sim.org.store.remove(r.sim.org.objectOrThrow('Contact'), nakamura.Id as string);
      await aMomentLater();
      driver().update('Account', acct.Id as string, { Description: 'Read again, one contact fewer' });
      await readOrg();
      expect(customerWrites(await session())).toEqual([]);
      expect(people()).toHaveLength(3);
      await aMomentLater();
      driver().update('Contact', ben.Id as string, { Title: 'Purchasing Lead' });
      await readOrg();
      const again = await session();
      expect(customerWrites(again)).toEqual(['CustomerMod']);
      expect(written(again, 'CustomerModRq').contactsMod).toEqual([
        expect.stringContaining('<JobTitle>Purchasing Lead</JobTitle></ContactsMod>'),
      ]);
      expect(people().map((p) => [p.firstName, p.jobTitle])).toEqual([
        ['Ben', 'Purchasing Lead'],
        ['Nakamura', undefined],
        ['Dee', 'Accounts Payable'],
      ]);
      await quiet();
    });
  },
);
