/**
 * The company's data extension definitions and values in the simulated QuickBooks: what
 * DataExtDefQueryRq answers, DataExtModRq and DataExtDelRq on a customer (refused for a definition
 * the company lacks, one not assigned to customers, a customer that is not there, a value longer
 * than the type holds), requests and answers valid against the qbXML 13 schema.
 */
import { buildQbxml, type QbxmlRequest } from '../../../../relay/src/systems/qbd/qbxml/requests.ts';
import { parseQbxmlResponse } from '../../../../relay/src/systems/qbd/qbxml/parse.ts';
import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany } from './company.ts';

const DEFS = [
  { ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', assignTo: ['Customer'] },
  { ownerId: '0', name: 'Vendor Code', type: 'STR255TYPE', assignTo: ['Vendor'] },
];
const DEF_QUERY =
  '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError">' +
  '<DataExtDefQueryRq requestID="defs"><OwnerID>0</OwnerID></DataExtDefQueryRq></QBXMLMsgsRq></QBXML>';

describe('data extension definitions and writes in the simulated QuickBooks', () => {
  const company = createCompany({
    seed: 5,
    customers: 1,
    vendors: 0,
    items: 0,
    invoices: 0,
    bills: 0,
    payments: 0,
    dataExtDefs: DEFS,
  });
  const [customer] = company.list('customer');
  const ext = (value: string | undefined, over: Record<string, unknown> = {}): QbxmlRequest =>
    ({
      type: value === undefined ? 'DataExtDel' : 'DataExtMod',
      requestId: String(over.requestId ?? 'x'),
      ownerId: '0',
      name: 'Sales Region',
      listType: 'Customer',
      record: { listId: customer!.listId },
      ...(value === undefined ? {} : { value }),
      ...over,
    }) as QbxmlRequest;

  it('answers the definitions, and sets, refuses and removes values as QuickBooks does', async () => {
    const defs = company.process(DEF_QUERY);
    expect(defs).toContain('<DataExtName>Sales Region</DataExtName>');
    expect(defs).toContain('<AssignToObject>Customer</AssignToObject>');

    const requests = [
      ext('W', { requestId: 'set' }),
      ext('E', { requestId: 'unknown', name: 'Territory' }),
      ext('E', { requestId: 'wrong-list', name: 'Vendor Code' }),
      ext('E', { requestId: 'no-customer', record: { listId: '80000999-1' } }),
      ext('x'.repeat(256), { requestId: 'too-long' }),
    ];
    const rq = buildQbxml(requests, { onError: 'continueOnError' });
    const before = company.list('customer')[0]!.editSequence;
    const rs = company.process(rq);
    const answers = parseQbxmlResponse(rs);
    if (!answers.ok) throw new Error(answers.error.message);
    expect(answers.value.responses.map((r) => [r.requestId, r.statusCode])).toEqual([
      ['set', 0],
      ['unknown', 3120],
      ['wrong-list', 3120],
      ['no-customer', 3120],
      ['too-long', 3210],
    ]);
    expect(company.list('customer')[0]!.dataExt).toEqual([
      { ownerId: '0', name: 'Sales Region', type: 'STR255TYPE', value: 'W' },
    ]);
    // Setting a value modifies the customer, as QuickBooks does (its EditSequence and TimeModified move).
    expect(company.list('customer')[0]!.editSequence).not.toBe(before);

    const delRq = buildQbxml([ext(undefined, { requestId: 'del' }), ext(undefined, { requestId: 'del-again' })], {
      onError: 'continueOnError',
    });
    const set = company.list('customer')[0]!.editSequence;
    const delRs = company.process(delRq);
    expect([...delRs.matchAll(/statusCode="(\d+)"/g)].map((m) => m[1])).toEqual(['0', '3120']);
    expect(company.list('customer')[0]!.dataExt).toEqual([]);
    expect(company.list('customer')[0]!.editSequence).not.toBe(set);

    const docs = [DEF_QUERY, defs, rq, rs, delRq, delRs].map((xml, i) => ({ name: `doc${i}`, xml }));
    expect((await validateQbxml13(docs)).filter((r) => !r.valid)).toEqual([]);
  });
});
