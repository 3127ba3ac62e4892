/**
 * @module
 * What both legs of the soak share (Desktop, `soak.ts`; Online, `online.ts`): the figures a run
 * returns and `npm run soak` prints, the verdict on them (`held`), the org watched for echoes (an
 * update of a data record that changes none of its content) and the Salesforce faults injected at
 * random, counted only when they fired.
 */
import type { Store } from '../../relay/src/store/index.ts';
import type { SalesforceSimulator, SimOrg } from '../simulators/salesforce/index.ts';
import type { Verdict } from './checks.ts';

export interface SoakOptions {
  readonly seed: number;
  readonly days: number;
  /** PostgreSQL (two relays share it); absent: the embedded store, one relay. */
  readonly postgresUrl?: string;
  /** Progress lines (a day, a session); default: none. */
  readonly progress?: (line: string) => void;
}

export interface SoakResult {
  /** Which QuickBooks: Desktop behind its Web Connector, or Online. */
  readonly books: 'desktop' | 'online';
  /** Which CRM (default Salesforce). */
  readonly crm?: 'dynamics';
  readonly seed: number;
  readonly days: number;
  readonly store: 'embedded' | 'postgres';
  readonly relays: number;
  /** Desktop: Web Connector sessions. */
  readonly sessions?: { total: number; completed: number };
  readonly edits: Readonly<Record<string, number>>;
  /** audit_log rows that moved a record, per direction. */
  readonly moved: Readonly<Record<string, number>>;
  readonly faults: Readonly<Record<string, number>>;
  /** `skipped`: why reconcile was not run (it does not cover the link: Dynamics). */
  readonly reconcile: { differences: number; reasons: string[]; crmCalls: number; skipped?: string };
  readonly verdict: Verdict;
  readonly echoes: string[];
  readonly redundant: string[];
  /** API calls spent, per system, in the words printed. */
  readonly calls: Readonly<Record<string, number>>;
  readonly wallMs: number;
}

/** A bag of counts by name. */
export const count = (bag: Record<string, number>, k: string, n = 1) => (bag[k] = (bag[k] ?? 0) + n);

/** Objects whose writes are data (not the relay's reports: runs, logs, the connection). */
const DATA_OBJECTS = new Set([
  'Account',
  'Contact',
  'Product2',
  'PricebookEntry',
  'Opportunity',
  'OpportunityLineItem',
  'QuickBooks_Invoice__c',
  'QuickBooks_Invoice_Line__c',
  'QuickBooks_Payment__c',
]);
/** Fields a write carries that are not content: the org's stamps, the relay's last-synced time. */
const STAMPS = new Set(['LastModifiedDate', 'SystemModstamp', 'QuickBooks_Last_Synced_At__c']);

export interface OrgWatch {
  /** Writes back into a record the reps made that changed nothing: their own change come back. */
  readonly echoes: string[];
  /** A QuickBooks record's mirror written again as it stood (not an echo: see README). */
  readonly redundant: string[];
  /** Records the reps made, by Id. */
  readonly made: Set<string>;
  /** The reps' own saves (not watched). */
  insert(object: string, fields: Record<string, unknown>): Record<string, unknown>;
  update(object: string, id: string, fields: Record<string, unknown>): void;
}

/** Watches every update the relay makes in the org; `debug` hears each no-op write. */
export function watchOrg(org: SimOrg, debug?: (what: string, fields: Record<string, unknown>) => void): OrgWatch {
  const echoes: string[] = [];
  const redundant: string[] = [];
  const made = new Set<string>();
  let reps = false;
  const update = org.store.update.bind(org.store);
  org.store.update = (object, id, fields, tx) => {
    const before = org.store.get(object, id) as Record<string, unknown> | undefined;
    if (!reps && before && DATA_OBJECTS.has(object.name)) {
      const changed = Object.entries(fields).filter(
        ([f, v]) => !STAMPS.has(f) && JSON.stringify(before[f] ?? null) !== JSON.stringify(v ?? null),
      );
      if (changed.length === 0) {
        const ext = Object.entries(before).find(([f]) => /^QuickBooks_\w+_Id__c$/.test(f))?.[1];
        const what = `Salesforce ${object.name} ${String(before.Name ?? id)} (${String(ext ?? 'no QuickBooks id')})`;
        debug?.(what, fields);
        if (made.has(id)) echoes.push(`${what}: a write that changed nothing`);
        else
          redundant.push(`${what}: ${Object.keys(fields).filter((f) => !STAMPS.has(f)).length} field(s), none changed`);
      }
    }
    return update(object, id, fields, tx);
  };
  const asReps = <T>(f: () => T): T => {
    reps = true;
    try {
      return f();
    } finally {
      reps = false;
    }
  };
  return {
    echoes,
    redundant,
    made,
    insert: (object, fields) => asReps(() => org.store.insert(org.objectOrThrow(object), fields)),
    update: (object, id, fields) => void asReps(() => org.store.update(org.objectOrThrow(object), id, fields)),
  };
}

export const SALESFORCE_FAULTS = [
  'salesforce 401 session expired',
  'salesforce 503 unavailable',
  'salesforce REQUEST_LIMIT_EXCEEDED',
  'salesforce row lock',
] as const;

/** Arms one Salesforce fault of `kind` (one of SALESFORCE_FAULTS). */
export function armSalesforce(sim: SalesforceSimulator, kind: string, int: (lo: number, hi: number) => number) {
  if (kind === 'salesforce 401 session expired') sim.faults.inject({ kind: 'session_expired' });
  else if (kind === 'salesforce 503 unavailable') sim.faults.inject({ kind: 'unavailable', times: int(1, 3) });
  else if (kind === 'salesforce REQUEST_LIMIT_EXCEEDED') sim.faults.inject({ kind: 'request_limit' });
  else if (kind === 'salesforce row lock') sim.faults.inject({ kind: 'row_lock', times: int(1, 4) });
}

/** Records moved, per direction: the audit trail's succeeded rows. */
export async function movedRecords(db: Store['db']): Promise<Record<string, number>> {
  const rows = await db.query<{ direction: string; n: number }>(
    `SELECT direction, COUNT(*) AS n FROM audit_log WHERE outcome = 'succeeded' GROUP BY direction ORDER BY direction`,
  );
  return Object.fromEntries(rows.map((r) => [r.direction, Number(r.n)]));
}

/** Whether the soak held: reconcile in agreement, nothing lost, duplicated, differing or echoed. */
export const held = (r: SoakResult) =>
  r.reconcile.differences === 0 &&
  r.verdict.lost.length === 0 &&
  r.verdict.duplicated.length === 0 &&
  r.verdict.differing.length === 0 &&
  r.echoes.length === 0;

/** The figures, as `npm run soak` prints them. */
export function formatSoak(r: SoakResult): string {
  const lines = (bag: Readonly<Record<string, number>>) =>
    Object.entries(bag)
      .sort()
      .map(([k, v]) => `    ${k.padEnd(40)} ${v}`)
      .join('\n') || '    (none)';
  const list = (xs: readonly string[]) =>
    xs
      .slice(0, 15)
      .map((x) => `    ${x}`)
      .join('\n');
  const books = r.books === 'online' ? 'QuickBooks Online' : 'QuickBooks Desktop (Web Connector)';
  const crm = r.crm === 'dynamics' ? 'Dynamics 365 Sales' : 'Salesforce';
  const rc = r.reconcile;
  return [
    `${books} ⇄ ${crm}: seed ${r.seed}, ${r.days} simulated day(s), ${r.store} store, ${r.relays} relay(s)`,
    ...(r.sessions ? [`Web Connector sessions: ${r.sessions.total} (${r.sessions.completed} completed)`] : []),
    `edits:\n${lines(r.edits)}`,
    `records moved (audit trail, per direction):\n${lines(r.moved)}`,
    `faults survived, per kind:\n${lines(r.faults)}`,
    !rc.skipped
      ? `reconcile: ${rc.differences} difference(s)${rc.differences ? `\n${list(rc.reasons)}` : ''}`
      : `reconcile: not run (${rc.skipped})`,
    `lost = ${r.verdict.lost.length}${r.verdict.lost.length ? `\n${list(r.verdict.lost)}` : ''}`,
    `duplicated = ${r.verdict.duplicated.length}${r.verdict.duplicated.length ? `\n${list(r.verdict.duplicated)}` : ''}`,
    `differing = ${r.verdict.differing.length}${r.verdict.differing.length ? `\n${list(r.verdict.differing)}` : ''}`,
    `echoes = ${r.echoes.length}${r.echoes.length ? `\n${list(r.echoes)}` : ''}`,
    `redundant writes (a QuickBooks record's mirror written again unchanged) = ${r.redundant.length}${r.redundant.length ? `\n${list(r.redundant.slice(0, 3))}` : ''}`,
    `API calls: ${Object.entries(r.calls)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}${!rc.skipped ? ` (reconcile's Salesforce calls ${rc.crmCalls})` : ''}`,
    `wall time: ${(r.wallMs / 1000).toFixed(1)} s`,
    held(r)
      ? 'HELD'
      : `FAILED — replay with: npm run soak -- --books ${r.books}${r.crm ? ` --crm ${r.crm}` : ''} --seed ${r.seed} --days ${r.days}`,
  ].join('\n');
}
