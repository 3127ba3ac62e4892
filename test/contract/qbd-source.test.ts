/**
 * The QuickBooks Desktop source keeps the source contract, fed qbXML responses recorded in
 * `relay/src/systems/qbd/fixtures` (the company simulator's and ones captured from real companies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../relay/src/store/index.ts';
import { createQbdSource } from '../../relay/src/systems/qbd/source.ts';
import { runSourceContract, type RecordedPayload } from './source-contract.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../relay/src/systems/qbd/fixtures');

const recorded = (file: string, kind: string): RecordedPayload => ({
  kind,
  name: file,
  payload: fs.readFileSync(path.join(FIXTURES, file), 'utf8'),
});

runSourceContract('QuickBooks Desktop', async () => {
  const store = await openStore({ kind: 'embedded', file: ':memory:' });
  await store.connections.upsert({
    id: 'acme',
    qbwcUsername: 'acme',
    passwordHash: 'x',
    ownerId: '{O}',
    fileId: '{F}',
  });
  const valid = [
    recorded('simulated/account-query.response.xml', 'AccountQuery'),
    recorded('simulated/item-query.response.xml', 'ItemQuery'),
    recorded('simulated/customer-query-page1.response.xml', 'CustomerQuery'),
    recorded('simulated/vendor-query.response.xml', 'VendorQuery'),
    recorded('simulated/invoice-query.response.xml', 'InvoiceQuery'),
    recorded('simulated/bill-query.response.xml', 'BillQuery'),
    recorded('simulated/payment-query.response.xml', 'ReceivePaymentQuery'),
    recorded('simulated/journal-entry-query.response.xml', 'JournalEntryQuery'),
    recorded('real/qbwc-qbxml__customer_query_rs.xml', 'CustomerQuery'),
    recorded('real/intuit-sdk__BillQueryRs_LastResponse.xml', 'BillQuery'),
    recorded('real/qbwc-qbxml__receive_payment_query_rs.xml', 'ReceivePaymentQuery'),
  ];
  return {
    source: createQbdSource({ connections: store.connections }),
    connectionId: 'acme',
    ctx: { homeCurrency: 'USD' },
    valid,
    // Batches in which QuickBooks refused some adds (a name already used) and took others.
    refusing: [
      recorded('simulated/write-batch-mixed.response.xml', 'CustomerAdd'),
      recorded('real/hotglue__customer-batch-mixed.response.xml', 'CustomerAdd'),
    ],
    deleting: [recorded('simulated/deleted-query.response.xml', 'ListDeletedQuery')],
    malformed: [
      // Not qbXML: SOAP-wrapped responses as another integration logged them.
      recorded('real/flowlink__receiveResponseXML_invoice_add_rs.xml', 'InvoiceAdd'),
      { kind: 'CustomerQuery', name: 'a DOCTYPE (entity expansion)', payload: entityBomb() },
      { kind: 'CustomerQuery', name: 'a list element without its ListID', payload: withoutListId(valid[2]!.payload) },
    ],
    close: () => store.close(),
  };
});

function entityBomb(): string {
  return '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><QBXML><QBXMLMsgsRs>&b;</QBXMLMsgsRs></QBXML>';
}

/** The first customer of a page without its ListID: a record nobody can key. */
function withoutListId(page: string): string {
  const cut = page.replace(/<ListID>[^<]*<\/ListID>/, '');
  expect(cut).not.toBe(page);
  return cut;
}
