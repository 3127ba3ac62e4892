/**
 * @module
 * What a simulated Dataverse environment holds of the mirrored QuickBooks data, in a form two
 * environments can be compared by: every row of every table the relay writes, keyed by what
 * identifies it across runs, with what legitimately differs between two runs taken out. Rows with
 * the alternate key (account, contact, product, invoice, salesorder) are keyed by it, the
 * connection key (random per relay data directory) replaced by `<connection>`; rows without one by
 * what they stand for — a price list item by its product and price list, an invoice line by its
 * invoice and line number, the unit group, unit and price list by name, a sync log by the record
 * and error it logs. GUIDs (Dataverse's, or derived from the connection key or the environment's
 * URL) never appear: a lookup becomes the key of the row it points to. Timestamps, row versions and
 * the invoice and order numbers Dataverse draws at random are left out.
 */
import type { DataverseSimulator, LookupValue, Row, Value } from '../../simulators/dynamics/index.ts';

const isRef = (v: Value | undefined): v is LookupValue => typeof v === 'object' && v !== null && 'table' in v;

/** Tables the relay writes, with how a row of each is named across runs (`ref` names a lookup). */
const KEYS: Readonly<Record<string, (row: Row, ref: (v: Value | undefined) => string) => string | undefined>> = {
  uomschedule: (r) => str(r.name),
  uom: (r, ref) => `${ref(r.uomscheduleid)}/${str(r.name)}`,
  pricelevel: (r) => str(r.name),
  account: linkedKey,
  contact: linkedKey,
  product: linkedKey,
  productpricelevel: (r, ref) => `${ref(r.productid)} in ${ref(r.pricelevelid)}`,
  salesorder: linkedKey,
  invoice: linkedKey,
  invoicedetail: (r, ref) => `${ref(r.invoiceid)} line ${String(r.lineitemnumber)}`,
  lb_synclog: (r) => `${str(r.lb_object)} ${str(r.lb_quickbooksid)} ${str(r.lb_errorcode)}`,
};

/** The tables compared, in the order the relay's rows hang on each other. */
export const SNAPSHOT_TABLES = Object.keys(KEYS);

function str(v: Value | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function linkedKey(r: Row): string | undefined {
  const connection = str(r.lb_quickbooksconnection);
  const id = str(r.lb_quickbooksid);
  return connection && id ? `${connection}|${id}` : undefined;
}

/** Columns that differ between runs whatever the relay does. */
const IGNORED = new Set(['createdon', 'modifiedon', 'versionnumber', 'invoicenumber', 'ordernumber']);

export type Snapshot = ReadonlyMap<string, ReadonlyMap<string, Readonly<Record<string, unknown>>>>;

export interface SnapshotResult {
  readonly snapshot: Snapshot;
  /** `table key` of rows whose key appears more than once, or that have none. */
  readonly duplicates: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  /** Rows over all compared tables. */
  readonly total: number;
}

/**
 * The relay's connection key: the one `lb_quickbooksconnection` value on the rows it wrote
 * (undefined before it wrote any; throws when there are two).
 * @example const key = connectionKeyOf(sim);
 */
export function connectionKeyOf(sim: DataverseSimulator): string | undefined {
  const keys = new Set<string>();
  for (const table of ['account', 'contact', 'product', 'invoice'])
    for (const row of sim.env.table(table).rows()) {
      const k = str(row.lb_quickbooksconnection);
      if (k) keys.add(k);
    }
  if (keys.size > 1) throw new Error(`rows of more than one connection: ${[...keys].join(', ')}`);
  return [...keys][0];
}

/**
 * Takes the snapshot; the relay's connection key is replaced by `<connection>` wherever it appears.
 * @example const { snapshot, duplicates } = snapshotDataverse(sim);
 */
export function snapshotDataverse(sim: DataverseSimulator): SnapshotResult {
  const connection = connectionKeyOf(sim);
  const plain = (v: string) => (connection ? v.split(connection).join('<connection>') : v);
  // The name of every row a lookup may point at, by table and id; computed lazily, tables in order.
  const names = new Map<string, string>();
  const nameOf = (table: string, id: string): string => {
    const known = names.get(`${table}/${id}`);
    if (known) return known;
    const row = sim.env.table(table).get(id);
    let name: string;
    if (!row) name = `${table}:<missing ${id}>`;
    else if (KEYS[table]) name = `${table}:${plain(KEYS[table](row, ref) ?? `<no key ${id}>`)}`;
    else name = `${table}:${String(row[sim.env.schema(table).primaryName] ?? '<unnamed>')}`;
    names.set(`${table}/${id}`, name);
    return name;
  };
  const ref = (v: Value | undefined): string => (isRef(v) ? nameOf(v.table, v.id) : String(v ?? null));
  const normalize = (v: Value): unknown => {
    if (isRef(v)) return nameOf(v.table, v.id);
    return typeof v === 'string' ? plain(v) : v;
  };

  const snapshot = new Map<string, Map<string, Record<string, unknown>>>();
  const duplicates: string[] = [];
  const counts: Record<string, number> = {};
  let total = 0;
  for (const [table, keyOf] of Object.entries(KEYS)) {
    const primaryId = sim.env.schema(table).primaryId;
    const rows = new Map<string, Record<string, unknown>>();
    const all = sim.env.table(table).rows();
    counts[table] = all.length;
    total += all.length;
    for (const row of all) {
      const raw = keyOf(row, ref);
      const key = raw === undefined ? `<no key ${String(row[primaryId])}>` : plain(raw);
      if (raw === undefined || rows.has(key)) duplicates.push(`${table} ${key}`);
      const columns: Record<string, unknown> = {};
      for (const [c, v] of Object.entries(row).sort(([a], [b]) => a.localeCompare(b))) {
        if (c === primaryId || IGNORED.has(c)) continue;
        columns[c] = normalize(v);
      }
      rows.set(rows.has(key) ? `${key} <again ${String(row[primaryId])}>` : key, columns);
    }
    snapshot.set(table, rows);
  }
  return { snapshot, duplicates, counts, total };
}

/**
 * Every difference between two snapshots, in words (empty when they agree), at most `limit`.
 * @example expect(diffSnapshots(reference, actual)).toEqual([]);
 */
export function diffSnapshots(expected: Snapshot, actual: Snapshot, limit = 40): string[] {
  const out: string[] = [];
  for (const [table, want] of expected) {
    const got = actual.get(table) ?? new Map<string, Readonly<Record<string, unknown>>>();
    for (const [key, columns] of want) {
      const other = got.get(key);
      if (!other) {
        out.push(`${table} ${key}: missing`);
        continue;
      }
      for (const c of new Set([...Object.keys(columns), ...Object.keys(other)])) {
        const a = JSON.stringify(columns[c] ?? null);
        const b = JSON.stringify(other[c] ?? null);
        if (a !== b) out.push(`${table} ${key}.${c}: expected ${a}, got ${b}`);
      }
    }
    for (const key of got.keys()) if (!want.has(key)) out.push(`${table} ${key}: not expected`);
  }
  return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more`] : out;
}
