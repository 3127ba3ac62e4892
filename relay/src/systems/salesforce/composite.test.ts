import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';
import type { GraphInput } from './types.ts';

/** An invoice with its Opportunity and lines, as the sync engine would build it. */
function invoiceGraph(n: number, { lines = 2, customer = 'acme:1', status = 'Open' } = {}): GraphInput {
  const id = `acme:inv${n}`;
  return {
    sourceId: `invoice-${n}`,
    nodes: [
      {
        ref: 'opp',
        sobject: 'Opportunity',
        externalIdField: 'QuickBooks_Invoice_Id__c',
        record: {
          QuickBooks_Invoice_Id__c: id,
          Name: `INV-${n}`,
          StageName: 'Closed Won',
          CloseDate: '2026-11-01',
          Account: { QuickBooks_Customer_Id__c: customer },
        },
      },
      {
        ref: 'inv',
        sobject: 'QuickBooks_Invoice__c',
        externalIdField: 'QuickBooks_Invoice_Id__c',
        record: {
          QuickBooks_Invoice_Id__c: id,
          Name: `INV-${n}`,
          Status__c: status,
          Total_Amount__c: 100,
          Account__r: { QuickBooks_Customer_Id__c: customer },
        },
        links: { Opportunity__c: 'opp' },
      },
      ...Array.from({ length: lines }, (_, k) => ({
        ref: `line${k}`,
        sobject: 'QuickBooks_Invoice_Line__c' as const,
        externalIdField: 'QuickBooks_Line_Id__c',
        record: {
          QuickBooks_Line_Id__c: `${id}:${k}`,
          Line_Number__c: k + 1,
          Amount__c: 50,
          Description__c: `Line ${k}`,
        },
        links: { Invoice__c: 'inv' },
      })),
    ],
  };
}

describe('parent and children: Composite Graph and Composite', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.sf.upsertRecords('Account', 'QuickBooks_Customer_Id__c', [
      { QuickBooks_Customer_Id__c: 'acme:1', Name: 'Acme' },
    ]);
  });
  afterEach(() => h.close());

  it('writes many invoices with their Opportunity and lines in one Graph request', async () => {
    const out = await h.sf.upsertGraph(Array.from({ length: 40 }, (_, i) => invoiceGraph(i)));
    expect(out.filter((g) => g.ok)).toHaveLength(40);
    expect(h.sim.org.calls.filter((c) => c.path === '/composite/graph')).toHaveLength(1);
    const inv = h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv7')!;
    expect(inv.Opportunity__c).toBe(h.sim.org.find('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:inv7')!.Id);
    expect(h.sim.org.records('QuickBooks_Invoice_Line__c').filter((l) => l.Invoice__c === inv.Id)).toHaveLength(2);
  });

  it('splits payloads at 500 nodes', async () => {
    const out = await h.sf.upsertGraph(Array.from({ length: 150 }, (_, i) => invoiceGraph(i, { lines: 3 })));
    expect(out.every((g) => g.ok)).toBe(true);
    expect(h.sim.org.calls.filter((c) => c.path === '/composite/graph')).toHaveLength(2);
  });

  it('a failing graph is rolled back alone, with the failure attributed to its node', async () => {
    const out = await h.sf.upsertGraph([
      invoiceGraph(1),
      invoiceGraph(2, { status: 'Lost in the mail' }),
      invoiceGraph(3),
    ]);
    expect(out.map((g) => g.ok)).toEqual([true, false, true]);
    const bad = out[1]!;
    expect(bad.sourceId).toBe('invoice-2');
    expect(bad.error).toMatchObject({ code: 'sf_validation', sfCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
    expect(bad.nodes.find((n) => n.ref === 'inv')?.error?.sfCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(bad.nodes.find((n) => n.ref === 'opp')?.error?.code).toBe('sf_rolled_back');
    // Nothing of invoice 2 remains, not even the Opportunity written before the failure.
    expect(h.sim.org.find('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:inv2')).toBeUndefined();
    expect(h.sim.org.find('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:inv3')).toBeDefined();
  });

  it('a graph that hits a row lock is sent again; the others are not', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:inv2:1'] });
    const out = await h.sf.upsertGraph([invoiceGraph(1), invoiceGraph(2), invoiceGraph(3)]);
    expect(out.every((g) => g.ok)).toBe(true);
    expect(out.map((g) => g.attempts)).toEqual([1, 2, 1]);
    const opp1 = h.sim.org.find('Opportunity', 'QuickBooks_Invoice_Id__c', 'acme:inv1')!;
    expect(h.sim.org.store.writeCount(opp1.Id)).toBe(1);
  });

  it('Composite partial failure: the locked line alone is retried, with its parent id filled in', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:inv5:1'] });
    const out = await h.sf.upsertComposite(invoiceGraph(5, { lines: 3 }));
    expect(out.ok).toBe(true);
    expect(out.attempts).toBe(2);
    const composite = h.sim.org.calls.filter((c) => c.path === '/composite');
    expect(composite).toHaveLength(2);
    const inv = h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:inv5')!;
    expect(h.sim.org.store.writeCount(inv.Id)).toBe(1);
    const lines = h.sim.org.records('QuickBooks_Invoice_Line__c').filter((l) => l.Invoice__c === inv.Id);
    expect(lines.map((l) => l.QuickBooks_Line_Id__c).sort()).toEqual(['acme:inv5:0', 'acme:inv5:1', 'acme:inv5:2']);
  });

  it('Composite partial failure: a bad line fails alone and is not retried; the rest stays written', async () => {
    const g = invoiceGraph(6, { lines: 2 });
    const broken: GraphInput = {
      ...g,
      nodes: g.nodes.map((n) =>
        n.ref === 'line1' ? { ...n, record: { ...n.record, Description__c: 'x'.repeat(5000) } } : n,
      ),
    };
    const out = await h.sf.upsertComposite(broken);
    expect(out.ok).toBe(false);
    expect(out.error).toMatchObject({ code: 'sf_validation', sfCode: 'STRING_TOO_LONG' });
    expect(out.nodes.map((n) => [n.ref, n.ok])).toEqual([
      ['opp', true],
      ['inv', true],
      ['line0', true],
      ['line1', false],
    ]);
    expect(out.attempts).toBe(1);
    expect(h.sim.org.find('QuickBooks_Invoice_Line__c', 'QuickBooks_Line_Id__c', 'acme:inv6:0')).toBeDefined();
  });

  it('Composite: children of a parent that failed for good are not retried, and say why', async () => {
    const out = await h.sf.upsertComposite(invoiceGraph(8, { customer: 'acme:missing' }));
    expect(out.ok).toBe(false);
    expect(out.error?.message).toMatch(/the Account it belongs to \(acme:missing\) is not in Salesforce/);
    expect(out.nodes.find((n) => n.ref === 'line0')?.error?.sfCode).toBe('PROCESSING_HALTED');
    expect(h.sim.org.calls.filter((c) => c.path === '/composite')).toHaveLength(1);
  });
});
