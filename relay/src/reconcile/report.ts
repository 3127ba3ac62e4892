/**
 * @module
 * A reconciliation's result as a bookkeeper reads it: the counts per object, the months whose
 * totals differ, and each difference — what, by how much, and the likely reason.
 */
import { decimal, subtract, toMoneyString } from '../lib/money.ts';
import type { FieldDifference } from './compare.ts';
import type { ReconcileResult } from './runner.ts';

const FIELD_WORDS: Readonly<Record<FieldDifference['field'], string>> = {
  amount: 'amount',
  balance: 'balance',
  date: 'date',
  dueDate: 'due date',
  customerKey: 'customer',
  active: 'active',
  open: 'open balance',
  overdue: 'overdue balance',
};
const MONEY = new Set(['amount', 'balance', 'open', 'overdue']);

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function fieldText(f: FieldDifference, names: ReconcileResult['names']): string {
  const by =
    MONEY.has(f.field) && f.books !== null && f.crm !== null
      ? ` (off by ${toMoneyString(subtract(decimal(f.crm), decimal(f.books)))})`
      : '';
  return `${FIELD_WORDS[f.field]}: ${names.books} ${f.books ?? '—'}, ${names.crm} ${f.crm ?? '—'}${by}`;
}

/** @example process.stdout.write(formatResult(result, 'Acme Books')); */
export function formatResult(r: ReconcileResult, label: string): string {
  const { names } = r;
  const out = [
    `${label}: ${names.books} and ${names.crm}, compared ${new Date(r.at).toISOString()} (company day ${r.today})`,
    '',
  ];
  out.push(
    ...table([
      ['Records', names.books, names.crm],
      ...r.counts.map((c) => [`${c.object}s`, String(c.books), String(c.crm)]),
    ]),
  );
  const months = r.months.filter((m) => m.books !== m.crm);
  if (months.length) {
    out.push('', 'Monthly totals that differ:');
    out.push(
      ...table([
        ['Month', 'Of', names.books, names.crm],
        ...months.map((m) => [m.month, `${m.object}s`, m.books, m.crm]),
      ]),
    );
  }
  out.push('');
  if (r.differences.length === 0) out.push(`In agreement: every record and total matches to the cent.`);
  else {
    out.push(`${r.differences.length} difference(s):`);
    for (const d of r.differences) {
      const what =
        d.kind === 'missing_in_crm'
          ? `missing in ${names.crm}`
          : d.kind === 'missing_in_books'
            ? `missing in ${names.books}`
            : d.fields.map((f) => fieldText(f, names)).join('; ');
      out.push(`- ${d.object} ${d.label} (${d.key}): ${what}`, `    ${d.why}`);
    }
  }
  if (r.repairing.length)
    out.push(
      '',
      `Repair: ${r.repairing.length} record(s) are read again from ${names.books}, and what differs is sent again.`,
    );
  const share = r.crmAllowance
    ? ` (${((100 * r.crmCalls) / r.crmAllowance).toPrecision(2)}% of its daily allowance of ${r.crmAllowance})`
    : '';
  out.push('', `${names.crm} API calls spent: ${r.crmCalls}${share}.`);
  return out.join('\n') + '\n';
}
