/**
 * The QuickBooks Online source keeps the source contract, on a store of each backend holding the
 * company (its home currency), fed pages made with the feed's own encoder (`mapping/pages.ts`) of
 * the wire samples in `relay/src/systems/qbo/fixtures`, parsed exactly as the client parses them.
 * Online answers no writes in what it stores: the failures it reports are records that cannot be
 * read, the rest of the page used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { topologyRepo } from '../../relay/src/store/topology.ts';
import { parseExactJson } from '../../relay/src/systems/qbo/api/json.ts';
import type { QboJson } from '../../relay/src/systems/qbo/api/types.ts';
import { encodePage } from '../../relay/src/systems/qbo/mapping/pages.ts';
import { createQboSource } from '../../relay/src/systems/qbo/source.ts';
import { qboCompaniesRepo } from '../../relay/src/systems/qbo/store/companies.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { runSourceContract, type RecordedPayload } from './source-contract.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../relay/src/systems/qbo/fixtures');
const sample = (file: string) => parseExactJson(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as QboJson;

/** The page the feed stores of a read's entity (`{ Invoice: {...}, time }`, or a query's element as is). */
function read(file: string, entity: string): RecordedPayload {
  const json = sample(file);
  const record = (json[entity] as QboJson | undefined) ?? json;
  return { kind: entity, name: file, payload: encodePage({ entity, records: [record] }) };
}

/** The records a Change Data Capture answer reports deleted, as the page of `entity` the feed stores. */
function deletedIn(file: string, entity: string): RecordedPayload {
  const groups = ((sample(file).CDCResponse as QboJson[])[0]!.QueryResponse as QboJson[]).flatMap(
    (g) => Object.values(g).filter(Array.isArray).flat() as QboJson[],
  );
  const deleted = groups.filter((r) => r.status === 'Deleted');
  expect(deleted.length).toBeGreaterThan(0);
  return { kind: entity, name: `${file} (as ${entity})`, payload: encodePage({ entity, records: deleted }) };
}

for (const backend of testBackends())
  runSourceContract(`QuickBooks Online (${backend.name} store)`, async () => {
    const store = await backend.open();
    await topologyRepo(store.db).ensureConnection({ id: 'qbo-acme', system: 'qbo', label: 'Acme', settings: {} });
    const companies = qboCompaniesRepo(store.db);
    const expiries = { accessExpiresAt: 0, refreshExpiresAt: null, refreshHardExpiresAt: null };
    await companies.connect('qbo-acme', '9341457021722202', expiries);
    await companies.noteCompany('qbo-acme', { companyName: 'Acme', homeCurrency: 'CAD' });
    const invoice = sample('invoice.read.nango.json').Invoice as QboJson;
    return {
      source: createQboSource(store.db),
      connectionId: 'qbo-acme',
      ctx: { homeCurrency: 'USD' },
      homeCurrency: 'CAD',
      valid: [
        read('account.read.nango.json', 'Account'),
        read('item.read.nango.json', 'Item'),
        read('customer.read.nango.json', 'Customer'),
        read('vendor.read.nango.json', 'Vendor'),
        read('invoice.read.nango.json', 'Invoice'),
        read('invoice.read.java-sdk-2015.json', 'Invoice'),
        read('invoice.with-discountline.nango.json', 'Invoice'),
        read('invoice.with-customfield.intuit-docs.json', 'Invoice'),
        read('bill.read.nango.json', 'Bill'),
        read('payment.read.unapplied.nango.json', 'Payment'),
      ],
      refusing: [
        {
          kind: 'Invoice',
          name: 'an invoice whose total is no decimal',
          payload: encodePage({ entity: 'Invoice', records: [invoice, { ...invoice, Id: '131', TotalAmt: '1e2' }] }),
        },
      ],
      deleting: [deletedIn('cdc.customer-estimate-deleted.intuit-docs.json', 'Customer')],
      malformed: [
        { kind: 'Invoice', name: 'a page naming no entity', payload: '{"records":[]}' },
        { kind: 'Invoice', name: 'a page holding no list', payload: '{"entity":"Invoice","records":{}}' },
      ],
      close: () => store.close(),
    };
  });
