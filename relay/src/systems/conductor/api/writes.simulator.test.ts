/** Reads and writes of one record over sockets: retrieve, create, update with the current and a stale revision, void, delete. */
import {
  startConductorSimulator,
  type ConductorSimulator,
  type SimCompany,
} from '../../../../../test/simulators/conductor/index.ts';
import { createConductorClient } from './index.ts';

let sim: ConductorSimulator;
let co: SimCompany;
beforeEach(async () => {
  sim = await startConductorSimulator({ startAt: Date.UTC(2026, 2, 10, 14) });
  co = sim.company(sim.endUserIds[0]!);
});
afterEach(() => sim.close());

const client = () =>
  createConductorClient({
    baseUrl: sim.url,
    secretKey: sim.secretKey,
    endUserId: co.endUserId,
    sleep: async (ms) => sim.clock.advance(ms),
    now: sim.clock.now,
  });

describe('Conductor client: records', () => {
  it('creates, retrieves and updates a customer, money as decimal strings throughout', async () => {
    const cdt = client();
    const made = await cdt.create('customers', { name: 'Acme', creditLimit: '5000.10' });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value).toMatchObject({
      objectType: 'qbd_customer',
      name: 'Acme',
      creditLimit: '5000.10',
      balance: '0.00',
    });
    const id = made.value.id as string;
    const got = await cdt.retrieve('customers', id);
    expect(got).toEqual(made);
    const edited = await cdt.update('customers', id, {
      revisionNumber: made.value.revisionNumber,
      companyName: 'Acme Ltd',
    });
    expect(edited.ok && edited.value.companyName).toBe('Acme Ltd');
    expect(edited.ok && edited.value.revisionNumber).not.toBe(made.value.revisionNumber);
    expect(sim.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /quickbooks-desktop/customers',
      `GET /quickbooks-desktop/customers/${id}`,
      `POST /quickbooks-desktop/customers/${id}`,
    ]);
  });

  it('a stale revisionNumber is cdt_stale_revision, sent once, and the record keeps the bookkeeper’s edit', async () => {
    const c = co.create('customers', { name: 'Edited' });
    co.update('customers', c.id as string, { companyName: 'Changed at the PC' }); // behind the relay's back
    const r = await client().update('customers', c.id as string, {
      revisionNumber: c.revisionNumber,
      companyName: 'Lost',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'cdt_stale_revision', retryable: false });
    expect(r.error.message).toMatch(/^The record was changed in QuickBooks Desktop after the relay read it/);
    expect(r.error.cause).toMatchObject({ type: 'INTEGRATION_ERROR', integrationCode: '3200' });
    expect(sim.requests).toHaveLength(1);
    expect(co.get('customers', c.id as string)!.companyName).toBe('Changed at the PC');
  });

  it('an update without a revisionNumber is a bug: it throws before anything is sent', async () => {
    await expect(client().update('customers', '80000001-1', { companyName: 'X' })).rejects.toThrow(/revisionNumber/);
    expect(sim.requests).toHaveLength(0);
  });

  it('a record QuickBooks does not have is cdt_not_found; a refused create is cdt_quickbooks_refused in QuickBooks’ words', async () => {
    const missing = await client().retrieve('customers', '80000999-1234567890');
    expect(!missing.ok && missing.error.code).toBe('cdt_not_found');
    const bad = await client().create('invoices', { customerId: '80000999-1234567890', transactionDate: '2026-03-10' });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'cdt_quickbooks_refused', retryable: false });
    expect(!bad.ok && bad.error.message).toMatch(/There is an invalid reference to QuickBooks .*QuickBooks code 3140/);
    const malformed = await client().create('customers', { name: 'Fine', creditLimit: 100 });
    expect(!malformed.ok && malformed.error.code).toBe('cdt_invalid_request');
  });

  it('voids an invoice and deletes a payment', async () => {
    const cust = co.create('customers', { name: 'Payer' }).id as string;
    const inv = co.create('invoices', {
      customerId: cust,
      transactionDate: '2026-03-01',
      lines: [{ amount: '100.00' }],
    });
    const pay = co.create('receive-payments', {
      customerId: cust,
      transactionDate: '2026-03-02',
      totalAmount: '10.00',
    });
    const voided = await client().void('invoices', inv.id as string);
    expect(voided.ok && voided.value).toMatchObject({ id: inv.id, subtotal: '0.00' });
    const deleted = await client().delete('receive-payments', pay.id as string);
    expect(deleted).toEqual({ ok: true, value: { id: pay.id, objectType: 'qbd_receive_payment', deleted: true } });
    expect(co.get('receive-payments', pay.id as string)).toBeUndefined();
  });
});
