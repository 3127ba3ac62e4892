import type { BookEntry } from './book.ts';
import { compareBooks } from './compare.ts';
import { explain, type Facts } from './reasons.ts';
import { formatResult } from './report.ts';
import { summaryOf, type ReconcileResult } from './runner.ts';

const customer = (key: string, extra: Partial<BookEntry> = {}): BookEntry => ({
  object: 'customer',
  key,
  label: key,
  ...extra,
});
const invoice = (key: string, extra: Partial<BookEntry> = {}): BookEntry => ({
  object: 'invoice',
  key,
  label: key,
  customerKey: 'C1',
  date: '2026-11-02',
  dueDate: '2026-11-30',
  amount: '100.10',
  balance: '100.10',
  ...extra,
});
const names = { books: 'QuickBooks Desktop', crm: 'Salesforce' };
const noFacts: Facts = { open: new Map(), versions: new Map() };

describe('compareBooks', () => {
  const books = [
    customer('C1', { active: true, version: '1' }),
    invoice('I1', { version: '5' }),
    invoice('I2', { amount: '0.20', balance: '0' }),
  ];
  const crm = [
    customer('C1', { active: true, open: '100.10', overdue: '100.10' }),
    invoice('I1', { amount: '100.1' }),
    invoice('I2', { amount: '0.2', balance: '0.00' }),
  ];

  it('finds agreement to the cent whatever the decimal places', () => {
    const c = compareBooks(books, crm, '2026-12-03');
    expect(c.differences).toEqual([]);
    expect(c.counts).toEqual([
      { object: 'customer', books: 1, crm: 1 },
      { object: 'invoice', books: 2, crm: 2 },
      { object: 'payment', books: 0, crm: 0 },
    ]);
    expect(c.months).toEqual([{ month: '2026-11', object: 'invoice', books: '100.30', crm: '100.30' }]);
  });

  it('tells a cent off, a missing mirror, a record QuickBooks no longer has and a stale balance apart', () => {
    const c = compareBooks(
      books,
      [
        customer('C1', { active: true, open: '90.00', overdue: '100.10' }),
        invoice('I1', { amount: '100.11' }),
        invoice('I9', { amount: '5.00' }),
        // Deleted in QuickBooks and deactivated by the relay: agreement, and out of the totals.
        invoice('I8', { amount: '7.00', active: false }),
      ],
      '2026-12-03',
    );
    expect(c.differences.map((d) => [d.kind, d.key])).toEqual([
      ['differs', 'I1'],
      ['missing_in_crm', 'I2'],
      ['missing_in_books', 'I9'],
      ['balance', 'C1'],
    ]);
    expect(c.differences[0]!.fields).toEqual([{ field: 'amount', books: '100.10', crm: '100.11' }]);
    expect(c.differences[3]!.fields).toEqual([{ field: 'open', books: '100.10', crm: '90.00' }]);
    expect(c.counts[1]).toEqual({ object: 'invoice', books: 2, crm: 2 });
    expect(c.months).toEqual([{ month: '2026-11', object: 'invoice', books: '100.30', crm: '105.11' }]);
  });

  it('counts a balance overdue only once its due date has passed on the company day', () => {
    const withBalance = [
      customer('C1', { active: true, open: '100.10', overdue: '0.00' }),
      invoice('I1'),
      invoice('I2', { amount: '0.20', balance: '0' }),
    ];
    expect(compareBooks(books, withBalance, '2026-11-30').differences).toEqual([]);
    expect(compareBooks(books, withBalance, '2026-12-01').differences.map((d) => d.kind)).toEqual(['balance']);
  });
});

describe('explain', () => {
  const differences = compareBooks(
    [
      invoice('I1', { version: '5' }),
      invoice('I2', { version: '2' }),
      invoice('I3', { version: '3' }),
      invoice('I4', { version: '9' }),
      invoice('I5', { version: '1' }),
    ],
    [invoice('I1', { amount: '1.00' }), invoice('I3', { amount: '1.00' }), invoice('I4', { amount: '1.00' })],
    '2026-12-03',
  ).differences;
  const facts: Facts = {
    open: new Map([['invoice\u0000I3', { status: 'pending', attempts: 2, nextAttemptAt: 0, error: null }]]),
    versions: new Map([
      ['invoice\u0000I1', '5'],
      ['invoice\u0000I2', '2'],
      ['invoice\u0000I3', '3'],
      ['invoice\u0000I4', '8'],
    ]),
  };

  it('gives each difference the reason the store shows', () => {
    expect(explain(differences, facts, names).map((d) => [d.key, d.reason])).toEqual([
      ['I1', 'edited_in_crm'],
      ['I2', 'deleted_in_crm'],
      ['I3', 'pending_write'],
      ['I4', 'changed_since_read'],
      ['I5', 'never_read'],
    ]);
  });

  it('says a failed write with its error, and a balance that follows from its records', () => {
    const failed: Facts = {
      ...noFacts,
      open: new Map([
        ['invoice\u0000I1', { status: 'failed', attempts: 8, nextAttemptAt: 0, error: 'FIELD_INTEGRITY' }],
      ]),
    };
    const [d] = explain(differences.slice(0, 1), failed, names);
    expect(d!.why).toMatch(/could not write it: FIELD_INTEGRITY\. Replay it/);
    const balance = explain(
      [
        ...differences.slice(0, 1),
        { kind: 'balance', object: 'customer', key: 'C1', label: 'C1', customerKey: 'C1', fields: [] },
      ],
      noFacts,
      names,
    );
    expect(balance[1]!.reason).toBe('follows_records');
  });

  it('prints the table with what differs, by how much, and why', () => {
    const explained = explain(differences, facts, names);
    const result: ReconcileResult = {
      at: Date.parse('2026-12-03T09:00:00Z'),
      today: '2026-12-03',
      names,
      counts: [{ object: 'invoice', books: 5, crm: 3 }],
      months: [{ month: '2026-11', object: 'invoice', books: '500.50', crm: '3.00' }],
      differences: explained,
      crmCalls: 3,
      repairing: [],
      summary: summaryOf(explained, '2026-12-03 09:00 UTC', names),
    };
    const text = formatResult(result, 'Acme');
    expect(text).toContain('- invoice I1 (I1): amount: QuickBooks Desktop 100.10, Salesforce 1.00 (off by -99.10)');
    expect(text).toContain('2026-11  invoices  500.50              3.00');
    expect(result.summary).toBe(
      '5 difference(s) as of 2026-12-03 09:00 UTC: 1 changed in Salesforce, 1 deleted in Salesforce, 1 on its way, 1 changed in QuickBooks Desktop since the last read, 1 never read from QuickBooks Desktop.',
    );
    expect(summaryOf([], '2026-12-03 09:00 UTC', names)).toBe('In agreement as of 2026-12-03 09:00 UTC.');
  });
});
