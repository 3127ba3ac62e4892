import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';
import { jest } from '@jest/globals';
import {
  measureRequests,
  planRequests,
  type PackedGroup,
  type PackedLookup,
  type PackedSub,
} from './composite-batch.ts';

const composites = (h: Harness) => h.sim.org.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/composite'));
const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);

const accounts = (ids: readonly string[]): PackedGroup => ({
  sobject: 'Account',
  externalIdField: 'QuickBooks_Customer_Id__c',
  records: ids.map((id) => ({ QuickBooks_Customer_Id__c: id, Name: `Customer ${id}` })),
});
const invoices = (pairs: readonly [invoice: string, customer: string][]): PackedGroup => ({
  sobject: 'QuickBooks_Invoice__c',
  externalIdField: 'QuickBooks_Invoice_Id__c',
  records: pairs.map(([id, customer]) => ({
    QuickBooks_Invoice_Id__c: id,
    Name: id,
    Account__r: { QuickBooks_Customer_Id__c: customer },
  })),
});

const shape = (subs: readonly PackedSub[]) =>
  subs.map((s) =>
    s.kind === 'query' ? 'query' : s.kind === 'single' ? `${s.group}:1` : `${s.group}:[${s.records.length}]`,
  );

describe('planRequests', () => {
  it('fills the 20 slots the 5 Collections leave with single upserts, and starts a new request past them', () => {
    const plan = planRequests([
      { records: range(0, 15), singles: true },
      { records: range(0, 1000), singles: true },
      { records: range(0, 30), singles: true },
    ]);
    expect(plan.map(shape)).toEqual([
      [...range(0, 15).map(() => '0:1'), ...range(0, 5).map(() => '1:[200]'), ...range(0, 5).map(() => '2:1')],
      ['2:[25]'],
    ]);
  });

  it("opens the first request with the lookup's query, which takes a slot and one of the 5 heavy ones", () => {
    const plan = planRequests([{ records: range(0, 1020), singles: true }], { query: true });
    expect(plan.map(shape)).toEqual([
      ['query', ...range(0, 4).map(() => '0:[200]'), ...range(0, 20).map(() => '0:1')],
      ['0:[200]'],
    ]);
  });

  it('never puts more than 5 Collections or 25 subrequests in a request', () => {
    const plan = planRequests(range(0, 9).map(() => ({ records: range(0, 250), singles: false })));
    for (const subs of plan) {
      expect(subs.length).toBeLessThanOrEqual(25);
      expect(subs.filter((s) => s.kind === 'collection').length).toBeLessThanOrEqual(5);
    }
    expect(plan.flat().every((s) => s.kind === 'collection')).toBe(true);
  });
});

describe('measureRequests', () => {
  it('lets in what fills its requests and no more, so the last one is full', () => {
    const measure = measureRequests(2);
    expect(measure.room(15, true)).toBe(15);
    // 2 requests: 10 Collections and 40 single slots, 15 of them taken.
    expect(measure.room(5000, true)).toBe(2025);
    expect(measure.room(10, true)).toBe(0);
    const plan = planRequests([
      { records: range(0, 15), singles: true },
      { records: range(0, 2025), singles: true },
    ]);
    expect(plan).toHaveLength(2);
    expect(plan.map((subs) => subs.length)).toEqual([25, 25]);
  });

  it('counts a group taken whole even past its requests, leaving no room after it', () => {
    const measure = measureRequests(1, { query: true });
    expect(measure.room(1500, false, { all: true })).toBe(1500);
    expect(measure.room(1, true)).toBe(0);
  });

  it('measures Collections only for records that cannot travel alone', () => {
    expect(measureRequests(1).room(5000, false)).toBe(1000);
    expect(measureRequests(1, { query: true }).room(5000, true)).toBe(820);
  });
});

const PLACEHOLDER = '(standard price book)';
const opportunities = (pairs: readonly [invoice: string, priced: boolean][]): PackedGroup => ({
  sobject: 'Opportunity',
  externalIdField: 'QuickBooks_Invoice_Id__c',
  records: pairs.map(([id, priced]) => ({
    QuickBooks_Invoice_Id__c: id,
    Name: `Invoice ${id}`,
    StageName: 'Closed Won',
    CloseDate: '2026-01-05',
    ...(priced ? { Pricebook2Id: PLACEHOLDER } : { Amount: 10 }),
  })),
});
const lookup = (found: (id: string | undefined) => void): PackedLookup => ({
  placeholder: PLACEHOLDER,
  soql: 'SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1',
  found,
});

describe('writePacked: a lookup read in the first request', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } } });
  });
  afterEach(() => h.close());

  it('reads the value in the Composite call that writes the records naming it: no call of its own', async () => {
    const standard = h.sim.org.find('Pricebook2', 'IsStandard', true)!;
    const found = jest.fn();
    // Enough records for two requests: the second is sent with the value the first read.
    const many = range(0, 1100).map((n): [string, boolean] => [`acme:T-${n}`, true]);
    const out = await h.sf.writePacked([opportunities(many)], lookup(found));
    expect(h.sim.org.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /composite', 'POST /composite']);
    expect(out[0]!.every((o) => o?.ok)).toBe(true);
    expect(found).toHaveBeenCalledWith(standard.Id);
    const priced = h.sim.org.records('Opportunity').map((o) => o.Pricebook2Id);
    expect(new Set(priced)).toEqual(new Set([standard.Id]));
  });

  it('when the org has none, the records naming it are not sent; the others, even beside them, are written', async () => {
    h.sim.org.store.remove(
      h.sim.org.objectOrThrow('Pricebook2'),
      String(h.sim.org.find('Pricebook2', 'IsStandard', true)!.Id),
    );
    const found = jest.fn();
    const out = await h.sf.writePacked(
      [
        // External IDs a URL cannot carry go in a Collection, which the missing value fails as a whole.
        opportunities([
          ['acme:T/1', true],
          ['acme:T/2', false],
        ]),
        accounts(['acme:1']),
      ],
      lookup(found),
    );
    expect(found).toHaveBeenCalledWith(undefined);
    expect(out[0]![0]).toBeUndefined();
    expect(out[0]![1]?.ok).toBe(true);
    expect(out[1]![0]?.ok).toBe(true);
    expect(h.sim.org.records('Opportunity').map((o) => o.QuickBooks_Invoice_Id__c)).toEqual(['acme:T/2']);
    expect(h.sim.org.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /composite', 'POST /composite']);
  });
});

describe('writePacked: several objects in ordered Composite requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } } });
  });
  afterEach(() => h.close());

  it('writes parents and the children naming them by external ID in one Composite call', async () => {
    const out = await h.sf.writePacked([
      accounts(['acme:1', 'acme:2']),
      invoices([
        ['acme:T-1', 'acme:1'],
        ['acme:T-2', 'acme:2'],
      ]),
    ]);
    expect(composites(h)).toHaveLength(1);
    expect(out.map((g) => g.map((o) => o?.ok))).toEqual([
      [true, true],
      [true, true],
    ]);
    const byExt = new Map(h.sim.org.records('Account').map((a) => [a.QuickBooks_Customer_Id__c, a.Id]));
    const inv = h.sim.org.find('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', 'acme:T-2');
    expect(inv?.Account__c).toBe(byExt.get('acme:2'));
    expect(out[1]![1]).toEqual({ ok: true, id: inv?.Id, created: true });
  });

  it('a failed parent fails only its own children, with the missing-parent words; the others are written', async () => {
    h.sim.org.addValidationRule('Account', (r) =>
      r.Name === 'Customer acme:bad' ? 'Customers named Refused are not allowed' : undefined,
    );
    const out = await h.sf.writePacked([
      accounts(['acme:1', 'acme:bad']),
      invoices([
        ['acme:T-1', 'acme:1'],
        ['acme:T-2', 'acme:bad'],
      ]),
    ]);
    expect(composites(h)).toHaveLength(1);
    const [[ok1, bad], [child1, child2]] = out as [(typeof out)[0], (typeof out)[0]];
    expect(ok1?.ok).toBe(true);
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'sf_validation', message: 'Customers named Refused are not allowed' },
    });
    expect(child1?.ok).toBe(true);
    expect(child2).toMatchObject({
      ok: false,
      error: {
        code: 'sf_validation',
        retryable: false,
        message:
          'Not written: the Account it belongs to (acme:bad) is not in Salesforce — it failed, or has not been written yet. Once that record is written, replay this one.',
      },
    });
  });

  it('a parent refused for a passing reason is sent again with its children, which then find it', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:2'] });
    const out = await h.sf.writePacked([accounts(['acme:1', 'acme:2']), invoices([['acme:T-2', 'acme:2']])]);
    expect(out.flat().map((o) => o?.ok)).toEqual([true, true, true]);
    expect(composites(h)).toHaveLength(2);
  });

  it('children of a parent still refused for a passing reason are not sent, to go after it', async () => {
    h.sim.faults.inject({ kind: 'row_lock', externalIds: ['acme:2'], times: 10 });
    const out = await h.sf.writePacked([
      accounts(['acme:1', 'acme:2']),
      invoices([
        ['acme:T-1', 'acme:1'],
        ['acme:T-2', 'acme:2'],
      ]),
    ]);
    expect(out[0]![1]).toMatchObject({ ok: false, error: { code: 'sf_row_locked', retryable: true } });
    expect(out[1]![0]?.ok).toBe(true);
    expect(out[1]![1]).toBeUndefined();
  });

  it('a request refused as a whole fails its records and the requests after it are not sent', async () => {
    // Unavailable through every attempt the client makes of the first request.
    h.sim.faults.inject({ kind: 'unavailable', path: '/composite', times: 3 });
    const many = range(0, 1100).map((n) => `acme:${n}`);
    const out = await h.sf.writePacked([accounts(many), invoices([['acme:T-1', 'acme:1']])]);
    expect(composites(h).every((c) => c.status === 503)).toBe(true);
    // The first request: five Collections of 200 and 20 single upserts.
    const first = out[0]!.slice(0, 1020);
    expect(first.every((o) => o?.ok === false && o.error.code === 'sf_unavailable')).toBe(true);
    expect(out[0]!.slice(1020).every((o) => o === undefined)).toBe(true);
    expect(out[1]).toEqual([undefined]);
  });
});
