/**
 * @module
 * The Dynamics leg's own checks, from the two simulators' records (never the relay's code): every
 * QuickBooks customer is one account holding its name, phone, city and state (active or not), and
 * a customer deleted in QuickBooks an inactive account; every account a rep made is a QuickBooks
 * customer of its name; every QuickBooks invoice is one Dynamics invoice to the cent (paid when
 * QuickBooks says so, canceled once deleted). Also the watch on Dataverse that counts echoes: an
 * update by the relay's application user that changes none of a row's content, of a row a rep
 * made or edited (any other such update is a redundant write).
 */
import type { Env, LookupValue, Row } from '../simulators/dynamics/index.ts';
import type { Company } from '../simulators/qbd/company/index.ts';
import { cents } from '../sync/support/books-vs-org.ts';
import type { Verdict } from './checks.ts';

/** Tables holding data the relay mirrors (not its sync log, settings or Dataverse's own). */
const DATA_TABLES = new Set(['account', 'contact', 'product', 'productpricelevel', 'invoice', 'invoicedetail']);
/** Columns that are stamps or the relay's own status, not content. */
const STAMPS = new Set([
  'modifiedon',
  'modifiedby',
  'versionnumber',
  'lb_syncstatus',
  'lb_lastsyncedon',
  'overriddencreatedon',
]);

export interface DataverseWatch {
  readonly echoes: string[];
  readonly redundant: string[];
  /** Rows a rep made or edited, by id. */
  readonly repsTouched: Set<string>;
  readonly deletedInvoices: Set<string>;
  readonly deletedCustomers: Set<string>;
}

/** `when`: where the soak is (a day, a session), said with each echo. */
export function watchDataverse(env: Env, users: { readonly relay: string }, when: () => string): DataverseWatch {
  const w: DataverseWatch = {
    echoes: [],
    redundant: [],
    repsTouched: new Set(),
    deletedInvoices: new Set(),
    deletedCustomers: new Set(),
  };
  env.onChange((e) => {
    if (e.message !== 'Update' || e.userId !== users.relay || !DATA_TABLES.has(e.table) || !e.pre || !e.post) return;
    // A write of the relay's status columns alone is a report, not content.
    const written = e.changed.filter((c) => !STAMPS.has(c));
    if (
      !written.length ||
      written.some((c) => JSON.stringify(e.pre![c] ?? null) !== JSON.stringify(e.post![c] ?? null))
    )
      return;
    if (process.env.SOAK_DEBUG) console.log(`no-op Dynamics write: ${e.table} ${e.id} ${written.join(', ')}`);
    const what = `Dynamics ${e.table} ${String(e.post.name ?? e.id)} (${String(e.post.lb_quickbooksid ?? 'no QuickBooks id')})`;
    if (w.repsTouched.has(e.id))
      w.echoes.push(`${what}: an update that changed nothing (${written.join(', ')}; ${when()})`);
    else w.redundant.push(`${what}: ${written.join(', ')} written, none changed`);
  });
  return w;
}

/** A Dataverse money value (four decimals) in cents; a fraction of a cent left over is not an amount to the cent. */
function centsOf(v: unknown): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(String(v ?? '0'));
  const frac = (m?.[3] ?? '').padEnd(4, '0');
  if (!m || !frac.endsWith('00')) return Number.NaN;
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(frac.slice(0, 2)));
}
const str = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));
const ref = (v: unknown) => (v && typeof v === 'object' ? (v as LookupValue).id : undefined);

export function dynamicsVerdict(
  company: Company,
  env: Env,
  repAccounts: readonly string[],
  w: DataverseWatch,
): Verdict {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const differing: string[] = [];
  const accounts = env.table('account').rows();
  const byListId = new Map<string, Row[]>();
  for (const a of accounts) {
    const k = str(a.lb_quickbooksid);
    if (k) byListId.set(k, [...(byListId.get(k) ?? []), a]);
  }

  // QuickBooks → Dynamics: each customer one account, its fields as QuickBooks holds them.
  for (const c of company.list('customer')) {
    const rows = byListId.get(c.listId) ?? [];
    const what = `customer ${c.fullName} (${c.listId})`;
    if (rows.length === 0) {
      lost.push(`${what}: no account in Dynamics`);
      continue;
    }
    if (rows.length > 1) duplicated.push(`${what}: ${rows.length} accounts`);
    const a = rows[0]!;
    if (a.name !== c.fullName) differing.push(`${what}: the account is named ${String(a.name)}`);
    if (str(a.telephone1) !== str(c.phone))
      differing.push(`${what} phone: ${String(c.phone)}, Dynamics ${String(a.telephone1)}`);
    if (str(a.address1_city) !== str(c.billAddress?.city))
      differing.push(`${what} city: ${String(c.billAddress?.city)}, Dynamics ${String(a.address1_city)}`);
    if ((a.statecode === 0) !== c.isActive)
      differing.push(`${what}: active ${c.isActive}, account statecode ${String(a.statecode)}`);
  }
  for (const id of w.deletedCustomers) {
    const a = byListId.get(id)?.[0];
    if (!a) lost.push(`deleted customer ${id}: its account is gone from Dynamics`);
    else if (a.statecode !== 1) differing.push(`deleted customer ${id}: account ${String(a.name)} still active`);
  }

  // Dynamics → QuickBooks: each account a rep made, a customer of its name.
  const accountById = new Map(accounts.map((a) => [String(a.accountid), a]));
  for (const id of repAccounts) {
    const a = accountById.get(id)!;
    const c = company.list('customer').find((x) => x.listId === str(a.lb_quickbooksid));
    if (!c) lost.push(`account ${String(a.name)}: never a customer in QuickBooks`);
  }
  const names = new Map<string, number>();
  for (const a of accounts) names.set(String(a.name).toLowerCase(), (names.get(String(a.name).toLowerCase()) ?? 0) + 1);
  for (const [n, k] of names) if (k > 1) duplicated.push(`${k} Dynamics accounts named ${n}`);

  // Invoices: each QuickBooks invoice one Dynamics invoice, to the cent.
  const invoices = env.table('invoice').rows();
  const lines = env.table('invoicedetail').rows();
  for (const inv of company.list('invoice')) {
    const rows = invoices.filter((r) => r.lb_quickbooksid === inv.txnId);
    const what = `invoice ${inv.refNumber ?? ''} (${inv.txnId})`;
    if (rows.length === 0) {
      lost.push(`${what}: not in Dynamics`);
      continue;
    }
    if (rows.length > 1) duplicated.push(`${what}: ${rows.length} Dynamics invoices`);
    const row = rows[0]!;
    const mine = lines.filter((l) => ref(l.invoiceid) === row.invoiceid);
    if (mine.length !== inv.lines.length)
      differing.push(`${what}: ${inv.lines.length} line(s), Dynamics ${mine.length}`);
    const subtotal = inv.lines.reduce((s, l) => s + cents(l.amount ?? '0'), 0);
    if (centsOf(row.totallineitemamount) !== subtotal)
      differing.push(`${what} subtotal: ${subtotal / 100}, Dynamics ${String(row.totallineitemamount)}`);
    const account = byListId.get(inv.customer.listId ?? '')?.[0];
    if (ref(row.customerid) !== account?.accountid) differing.push(`${what}: under another account`);
    if (inv.isPaid !== (row.statecode === 2))
      differing.push(`${what}: paid ${inv.isPaid}, statecode ${String(row.statecode)}`);
  }
  for (const id of w.deletedInvoices) {
    const row = invoices.find((r) => r.lb_quickbooksid === id);
    if (row && row.statecode !== 3)
      differing.push(`invoice ${id}: deleted in QuickBooks, statecode ${String(row.statecode)}`);
  }
  return { lost, duplicated, differing };
}
