/**
 * The Conductor source keeps the source contract, on a store of each backend holding the
 * connection (its home currency in its settings), fed pages made with the feed's own encoder
 * (`mapping/pages.ts`) of what the Conductor simulator answered over HTTP for a company the
 * bookkeeper filled (and deleted from), and of the customer OpenAPI example in
 * `relay/src/systems/conductor/fixtures`, read as the client reads them (decimals kept as text).
 * Conductor answers no writes in what it stores: the failures it reports are records that cannot
 * be mirrored, the rest of the page used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { topologyRepo } from '../../relay/src/store/topology.ts';
import { parseJson } from '../../relay/src/systems/conductor/api/json.ts';
import type { ConductorJson } from '../../relay/src/systems/conductor/api/types.ts';
import type { MappedResource } from '../../relay/src/systems/conductor/mapping/index.ts';
import { encodePage } from '../../relay/src/systems/conductor/mapping/pages.ts';
import { createConductorSource } from '../../relay/src/systems/conductor/source.ts';
import { startConductorSimulator } from '../simulators/conductor/index.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { runSourceContract, type RecordedPayload } from './source-contract.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../relay/src/systems/conductor/fixtures');
const END_USER = 'end_usr_contract1';
const fixture = (file: string) => parseJson(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as ConductorJson;
const page = (resource: MappedResource, records: ConductorJson[], name: string): RecordedPayload => ({
  kind: resource,
  name,
  payload: encodePage({ resource, records }).payload,
});

for (const backend of testBackends())
  runSourceContract(`Conductor (${backend.name} store)`, async () => {
    const sim = await startConductorSimulator({
      startAt: Date.UTC(2026, 2, 10, 14, 0, 0),
      endUsers: [{ endUserId: END_USER }],
    });
    /** A list page as Conductor answers it, read as the client reads it. */
    const answered = async (query: string) => {
      const res = await fetch(`${sim.url}/v1/quickbooks-desktop/${query}`, {
        headers: { authorization: `Bearer ${sim.secretKey}`, 'conductor-end-user-id': END_USER },
      });
      expect(res.status).toBe(200);
      return (parseJson(await res.text()) as { data: ConductorJson[] }).data;
    };
    const co = sim.company(END_USER);
    const customer = co.create('customers', { name: 'Acme', email: 'ap@acme.test' }).id as string;
    co.create('vendors', { name: 'Baker Parts' });
    co.create('invoices', { customerId: customer, transactionDate: '2026-03-01', refNumber: 'R-1' });
    const gone = co.create('customers', { name: 'Old' }).id as string;
    co.delete('invoices', co.create('invoices', { customerId: gone, transactionDate: '2026-03-02' }).id as string);
    co.delete('customers', gone);

    const store = await backend.open();
    await topologyRepo(store.db).ensureConnection({
      id: 'cdt-acme',
      system: 'conductor',
      label: 'Acme',
      settings: { endUserId: END_USER, homeCurrency: 'CAD' },
    });
    const customers = await answered('customers');
    const invoices = await answered('invoices');
    return {
      source: createConductorSource(store.db),
      connectionId: 'cdt-acme',
      ctx: { homeCurrency: 'USD' },
      homeCurrency: 'CAD',
      valid: [
        page('customers', customers, 'the simulated customers'),
        page('vendors', await answered('vendors'), 'the simulated vendors'),
        page('invoices', invoices, 'the simulated invoices'),
        page('customers', [fixture('customer.retrieve.200.from-openapi-examples.json')], 'the spec customer (a job)'),
        // Not the spec's invoice example: its line and line groups' lines all repeat one example id,
        // which QuickBooks never does within a transaction (line ids are the contract's).
      ],
      refusing: [
        page(
          'customers',
          [{ ...customers[0]!, currency: { fullName: 'Doubloon' } }, ...customers.slice(1)],
          'a customer in a currency with no ISO code',
        ),
        page(
          'invoices',
          [{ ...invoices[0]!, customer: { id: null, fullName: 'Acme' } }],
          'an invoice whose customer has no id',
        ),
      ],
      deleting: [
        page(
          'deleted-list-objects',
          await answered('deleted-list-objects?objectTypes=customer'),
          'the deleted customer',
        ),
        page(
          'deleted-transactions',
          await answered('deleted-transactions?transactionTypes=invoice'),
          'the deleted invoice',
        ),
      ],
      malformed: [
        {
          kind: 'customers',
          name: 'a resource the relay does not read',
          payload: '{"resource":"estimates","records":[]}',
        },
        { kind: 'customers', name: 'records that are no list', payload: '{"resource":"customers","records":{}}' },
      ],
      close: async () => {
        await store.close();
        await sim.close();
      },
    };
  });
