/**
 * A customer's additional contacts in the simulated QuickBooks (qbXML 13.0): CustomerAdd's
 * `Contacts`, CustomerMod's `ContactsMod` (with ListID and EditSequence it changes that contact,
 * without them it adds one), and `ContactsRet` in what CustomerQuery answers — checked against
 * Intuit's XSD, and refused where QuickBooks refuses (schema, lengths, stale or unknown contact).
 */
import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany, HRESULT, QbHresultError, type Company } from './company.ts';
import { parseXml } from './xml.ts';

const rq = (inner: string, onError = 'stopOnError') =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="${onError}">${inner}</QBXMLMsgsRq></QBXML>`;

const status = (xml: string) => {
  const rs = parseXml(xml).root.children[0]!.children[0]!;
  return { code: rs.attrs.statusCode, message: rs.attrs.statusMessage };
};

function hresultOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof QbHresultError ? e.hresult : `not an HRESULT: ${String(e)}`;
  }
  return undefined;
}

const ADD =
  '<CustomerAddRq><CustomerAdd><Name>Harbor Lights</Name><FirstName>Ada</FirstName><LastName>Quintero</LastName>' +
  '<Contacts><Salutation>Mr.</Salutation><FirstName>Ben</FirstName><LastName>Okafor</LastName><JobTitle>Buyer</JobTitle></Contacts>' +
  '<Contacts><FirstName>Cy</FirstName><AdditionalContactRef><ContactName>Main Phone</ContactName><ContactValue>555-0101</ContactValue></AdditionalContactRef></Contacts>' +
  '</CustomerAdd></CustomerAddRq>';

function added(c: Company) {
  c.process(rq(ADD));
  return c.list('customer').find((x) => x.name === 'Harbor Lights')!;
}

const mod = (listId: string, editSequence: string, inner: string) =>
  rq(
    `<CustomerModRq><CustomerMod><ListID>${listId}</ListID><EditSequence>${editSequence}</EditSequence>${inner}</CustomerMod></CustomerModRq>`,
  );

describe("simulated QuickBooks: a customer's additional contacts", () => {
  it('CustomerAdd gives them, each with its own ListID and EditSequence, and CustomerQuery returns them', async () => {
    const c = createCompany({ seed: 61, customers: 2, invoices: 0, payments: 0 });
    const harbor = added(c);
    expect(harbor).toMatchObject({ firstName: 'Ada', lastName: 'Quintero' });
    expect(harbor.contacts).toEqual([
      expect.objectContaining({ salutation: 'Mr.', firstName: 'Ben', lastName: 'Okafor', jobTitle: 'Buyer' }),
      expect.objectContaining({ firstName: 'Cy', details: [{ name: 'Main Phone', value: '555-0101' }] }),
    ]);
    const [ben, cy] = harbor.contacts!;
    expect(ben!.listId).not.toBe(cy!.listId);
    expect(ben!.listId).not.toBe(harbor.listId);
    const read = c.process(rq(`<CustomerQueryRq><ListID>${harbor.listId}</ListID></CustomerQueryRq>`));
    expect(read).toContain(
      `<ContactsRet><ListID>${ben!.listId}</ListID><TimeCreated>${ben!.timeCreated}</TimeCreated><TimeModified>${ben!.timeModified}</TimeModified><EditSequence>${ben!.editSequence}</EditSequence><Contact>Ben Okafor</Contact><Salutation>Mr.</Salutation><FirstName>Ben</FirstName><LastName>Okafor</LastName><JobTitle>Buyer</JobTitle></ContactsRet>`,
    );
    const results = await validateQbxml13([
      { name: 'add', xml: rq(ADD) },
      { name: 'query', xml: read },
    ]);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });

  it('ContactsMod with ListID and EditSequence changes that contact; without them it adds one', async () => {
    const c = createCompany({ seed: 62, customers: 2, invoices: 0, payments: 0 });
    const harbor = added(c);
    const [ben, cy] = harbor.contacts!;
    const request = mod(
      harbor.listId,
      harbor.editSequence,
      `<ContactsMod><ListID>${ben!.listId}</ListID><EditSequence>${ben!.editSequence}</EditSequence><FirstName>Ben</FirstName><JobTitle>Head Buyer</JobTitle></ContactsMod>` +
        '<ContactsMod><FirstName>Dee</FirstName><LastName>Nakamura</LastName></ContactsMod>',
    );
    c.advanceClock(60);
    expect(status(c.process(request)).code).toBe('0');
    const after = c.list('customer').find((x) => x.listId === harbor.listId)!;
    expect(after.editSequence).not.toBe(harbor.editSequence);
    expect(after.contacts).toHaveLength(3);
    // Only what the Mod names changes: Ben keeps his salutation and last name.
    expect(after.contacts![0]).toMatchObject({
      listId: ben!.listId,
      salutation: 'Mr.',
      lastName: 'Okafor',
      jobTitle: 'Head Buyer',
    });
    expect(after.contacts![0]!.editSequence).not.toBe(ben!.editSequence);
    expect(after.contacts![1]).toEqual(cy);
    expect(after.contacts![2]).toMatchObject({ firstName: 'Dee', lastName: 'Nakamura' });
    expect(after.contacts![2]!.listId).not.toBe(ben!.listId);
    const results = await validateQbxml13([{ name: 'mod', xml: request }]);
    expect(results.filter((r) => !r.valid)).toEqual([]);
  });

  it('refuses a stale contact EditSequence (3200, with the current customer) and an unknown contact (3120), changing nothing', () => {
    const c = createCompany({ seed: 63, customers: 2, invoices: 0, payments: 0 });
    const harbor = added(c);
    const ben = harbor.contacts![0]!;
    const stale = c.process(
      mod(
        harbor.listId,
        harbor.editSequence,
        `<ContactsMod><ListID>${ben.listId}</ListID><EditSequence>123</EditSequence><FirstName>Ben</FirstName><JobTitle>x</JobTitle></ContactsMod>`,
      ),
    );
    expect(status(stale)).toEqual({ code: '3200', message: expect.stringContaining('"123" is out-of-date') });
    expect(stale).toContain(`<ListID>${harbor.listId}</ListID>`);
    const unknown = c.process(
      mod(
        harbor.listId,
        harbor.editSequence,
        '<ContactsMod><FirstName>Dee</FirstName></ContactsMod>' +
          '<ContactsMod><ListID>80000999-1</ListID><EditSequence>1</EditSequence><FirstName>Nobody</FirstName></ContactsMod>',
      ),
    );
    expect(status(unknown)).toEqual({ code: '3120', message: expect.stringContaining('"80000999-1"') });
    expect(c.list('customer').find((x) => x.listId === harbor.listId)).toEqual(harbor);
  });

  it('checks contacts against the schema: FirstName required, Contacts on an Add only, ContactsMod on a Mod only, five details', () => {
    const c = createCompany({ seed: 64, customers: 1, invoices: 0, payments: 0 });
    const harbor = added(c);
    const detail =
      '<AdditionalContactRef><ContactName>n</ContactName><ContactValue>v</ContactValue></AdditionalContactRef>';
    for (const inner of [
      '<CustomerAddRq><CustomerAdd><Name>No First</Name><Contacts><LastName>Okafor</LastName></Contacts></CustomerAdd></CustomerAddRq>',
      '<CustomerAddRq><CustomerAdd><Name>Mod In Add</Name><ContactsMod><FirstName>Ben</FirstName></ContactsMod></CustomerAdd></CustomerAddRq>',
      '<CustomerAddRq><CustomerAdd><Name>Out Of Order</Name><Contacts><LastName>Okafor</LastName><FirstName>Ben</FirstName></Contacts></CustomerAdd></CustomerAddRq>',
      `<CustomerAddRq><CustomerAdd><Name>Six Details</Name><Contacts><FirstName>Ben</FirstName>${detail.repeat(6)}</Contacts></CustomerAdd></CustomerAddRq>`,
      `<CustomerModRq><CustomerMod><ListID>${harbor.listId}</ListID><EditSequence>${harbor.editSequence}</EditSequence><Contacts><FirstName>Ben</FirstName></Contacts></CustomerMod></CustomerModRq>`,
    ])
      expect(hresultOf(() => c.process(rq(inner)))).toBe(HRESULT.parse);
    const long = c.process(
      rq(
        `<CustomerAddRq><CustomerAdd><Name>Long Name</Name><Contacts><FirstName>${'B'.repeat(26)}</FirstName></Contacts></CustomerAdd></CustomerAddRq>`,
      ),
    );
    expect(status(long).code).toBe('3070');
    expect(c.list('customer').some((x) => x.name === 'Long Name')).toBe(false);
  });
});
