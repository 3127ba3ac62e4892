/**
 * @module
 * The recorded simulator responses in `relay/src/systems/qbd/fixtures/simulated/` (for mapping and
 * parser tests), produced from one small seeded company. `node test/simulators/qbd/company/fixtures.ts`
 * rewrites them; `fixtures.test.ts` fails when they drift from what the simulator answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildQbxml, type QbxmlRequest } from '../../../../relay/src/systems/qbd/qbxml/requests.ts';
import { createCompany } from './company.ts';

export const FIXTURE_DIR = path.join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'relay',
  'src',
  'systems',
  'qbd',
  'fixtures',
  'simulated',
);

const OWNER = '{6b1c7f5e-3b1d-4c2a-9a51-0c2b7d1e9f10}';
const FILE = '{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}';

/** File name → response document. */
export function simulatedFixtures(): Record<string, string> {
  const c = createCompany({
    seed: 7,
    customers: 12,
    vendors: 4,
    items: 6,
    invoices: 6,
    bills: 3,
    payments: 3,
    journalEntries: 2,
    deletions: 2,
  });
  const run = (requests: QbxmlRequest[], onError: 'stopOnError' | 'continueOnError' = 'stopOnError') =>
    c.process(buildQbxml(requests, { onError }));
  const out: Record<string, string> = {};
  out['hcp.response.xml'] = c.hostCompanyPreferencesResponse({ fileId: FILE, ownerId: OWNER });
  out['customer-query-page1.response.xml'] = run([
    { type: 'CustomerQuery', requestId: 'customer-1', iterator: 'Start', maxReturned: 8 },
  ]);
  out['vendor-query.response.xml'] = run([
    { type: 'VendorQuery', requestId: 'vendor-1', iterator: 'Start', maxReturned: 100 },
  ]);
  out['item-query.response.xml'] = run([
    { type: 'ItemQuery', requestId: 'item-1', iterator: 'Start', maxReturned: 100 },
  ]);
  out['account-query.response.xml'] = run([{ type: 'AccountQuery', requestId: 'account-1', activeStatus: 'All' }]);
  out['invoice-query.response.xml'] = run([
    {
      type: 'InvoiceQuery',
      requestId: 'invoice-1',
      iterator: 'Start',
      maxReturned: 100,
      includeLineItems: true,
      includeLinkedTxns: true,
    },
  ]);
  out['bill-query.response.xml'] = run([
    {
      type: 'BillQuery',
      requestId: 'bill-1',
      iterator: 'Start',
      maxReturned: 100,
      includeLineItems: true,
      includeLinkedTxns: true,
    },
  ]);
  out['payment-query.response.xml'] = run([
    {
      type: 'ReceivePaymentQuery',
      requestId: 'payment-1',
      iterator: 'Start',
      maxReturned: 100,
      includeLineItems: true,
    },
  ]);
  out['journal-entry-query.response.xml'] = run([
    { type: 'JournalEntryQuery', requestId: 'je-1', iterator: 'Start', maxReturned: 100, includeLineItems: true },
  ]);
  out['deleted-query.response.xml'] = run(
    [
      {
        type: 'ListDeletedQuery',
        requestId: 'list-deleted-1',
        listDelTypes: ['Customer', 'Vendor', 'Account', 'ItemService'],
      },
      {
        type: 'TxnDeletedQuery',
        requestId: 'txn-deleted-1',
        txnDelTypes: ['Invoice', 'Bill', 'ReceivePayment', 'JournalEntry'],
      },
    ],
    'continueOnError',
  );
  const customer = c.list('customer')[0];
  const vendor = c.list('vendor')[0];
  out['write-batch-mixed.response.xml'] = run(
    [
      { type: 'CustomerAdd', requestId: 'add-ok', customer: { name: 'Fixture Customer', companyName: 'Fixture & Co' } },
      { type: 'CustomerAdd', requestId: 'add-dup', customer: { name: vendor?.name ?? 'x' } },
      {
        type: 'CustomerMod',
        requestId: 'mod-stale',
        listId: customer?.listId ?? '',
        editSequence: '1',
        customer: { phone: '555-0101' },
      },
      {
        type: 'InvoiceAdd',
        requestId: 'inv-bad-ref',
        invoice: { customer: { fullName: 'Nobody' }, lines: [{ description: 'x' }] },
      },
      { type: 'CustomerQuery', requestId: 'no-match', fullNames: ['Nobody'] },
    ],
    'continueOnError',
  );
  return out;
}

if (process.argv[1] === import.meta.filename) {
  fs.mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const [file, xml] of Object.entries(simulatedFixtures())) fs.writeFileSync(path.join(FIXTURE_DIR, file), xml);
  console.log(`wrote ${FIXTURE_DIR}`);
}
