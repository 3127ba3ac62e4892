/**
 * @module
 * What a simulated org holds of the mirrored QuickBooks data, in a form two orgs can be compared
 * by: every record of every mirrored object keyed by its external ID, with what legitimately
 * differs between two runs taken out — Salesforce Ids (references become the external ID of the
 * record they point to), the connection key (random per relay data directory), timestamps and
 * auto-numbers. Bookkeeping objects (connection, sync runs, sync requests) are left out: their
 * counts and times differ between an interrupted and an uninterrupted run by design.
 */
import type { SimOrg } from '../../simulators/salesforce/index.ts';

/** Objects the relay mirrors QuickBooks data into, with the external-ID field(s) that key them. */
export const MIRRORED: Readonly<Record<string, readonly string[]>> = {
  QuickBooks_GL_Account__c: ['QuickBooks_Account_Id__c'],
  Product2: ['QuickBooks_Item_Id__c'],
  PricebookEntry: ['QuickBooks_Item_Id__c'],
  Account: ['QuickBooks_Customer_Id__c', 'QuickBooks_Vendor_Id__c'],
  Contact: ['QuickBooks_Contact_Id__c'],
  QuickBooks_Invoice__c: ['QuickBooks_Invoice_Id__c'],
  QuickBooks_Invoice_Line__c: ['QuickBooks_Line_Id__c'],
  Opportunity: ['QuickBooks_Invoice_Id__c'],
  OpportunityLineItem: ['QuickBooks_Line_Id__c'],
  QuickBooks_Bill__c: ['QuickBooks_Bill_Id__c'],
  QuickBooks_Payment__c: ['QuickBooks_Payment_Id__c'],
  Order: ['QuickBooks_Journal_Entry_Id__c'],
  QuickBooks_Sync_Log__c: ['Log_Key__c'],
};

/** Objects whose records are referenced but not compared; how to name them. */
const REFERENCED: Readonly<Record<string, readonly string[]>> = {
  QuickBooks_Connection__c: ['Connection_Key__c'],
  QuickBooks_Sync_Run__c: ['Run_Key__c'],
  Pricebook2: ['Name'],
};

/** Fields that differ between runs whatever the relay does. */
const IGNORED = new Set([
  'Id',
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
  'IsDeleted',
  'QuickBooks_Last_Synced_At__c',
  'Last_Attempt_At__c',
  // A failure log points at the run that saw it; runs differ between the two orgs.
  'Sync_Run__c',
]);

export type Snapshot = ReadonlyMap<string, ReadonlyMap<string, Readonly<Record<string, unknown>>>>;

export interface SnapshotResult {
  readonly snapshot: Snapshot;
  /** `object key` of records whose external ID appears more than once, or is missing. */
  readonly duplicates: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
}

const keyOf = (rec: Record<string, unknown>, fields: readonly string[]) =>
  fields.map((f) => rec[f]).find((v) => typeof v === 'string' && v !== '') as string | undefined;

/**
 * Takes the snapshot; `connectionKey` is replaced by `<connection>` wherever it appears.
 * @example const { snapshot, duplicates } = snapshotOrg(sim.org, connectionKey);
 */
export function snapshotOrg(org: SimOrg, connectionKey: string): SnapshotResult {
  const plain = (v: string) => v.split(connectionKey).join('<connection>');
  // Every record the mirrored ones may point at, by Id.
  const names = new Map<string, string>();
  for (const [object, fields] of Object.entries({ ...MIRRORED, ...REFERENCED })) {
    for (const rec of org.records(object)) {
      const k = keyOf(rec, fields);
      names.set(String(rec.Id), `${object}:${k === undefined ? `<no key ${String(rec.Id)}>` : plain(k)}`);
    }
  }
  const normalize = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const named = names.get(v);
    return named ?? plain(v);
  };

  const snapshot = new Map<string, Map<string, Record<string, unknown>>>();
  const duplicates: string[] = [];
  const counts: Record<string, number> = {};
  for (const [object, keyFields] of Object.entries(MIRRORED)) {
    const autoName = org.objectOrThrow(object).autoNumberFormat !== undefined;
    const records = new Map<string, Record<string, unknown>>();
    const recs = org.records(object);
    counts[object] = recs.length;
    for (const rec of recs) {
      const raw = keyOf(rec, keyFields);
      const key = raw === undefined ? `<no key ${String(rec.Id)}>` : plain(raw);
      if (raw === undefined || records.has(key)) duplicates.push(`${object} ${key}`);
      const fields: Record<string, unknown> = {};
      for (const [f, v] of Object.entries(rec).sort(([a], [b]) => a.localeCompare(b))) {
        if (IGNORED.has(f) || (autoName && f === 'Name')) continue;
        fields[f] = normalize(v);
      }
      records.set(key, fields);
    }
    snapshot.set(object, records);
  }
  return { snapshot, duplicates, counts };
}

/**
 * Every difference between two snapshots, in words (empty when they agree), at most `limit`.
 * @example expect(diffSnapshots(reference, actual)).toEqual([]);
 */
export function diffSnapshots(expected: Snapshot, actual: Snapshot, limit = 40): string[] {
  const out: string[] = [];
  for (const [object, want] of expected) {
    const got = actual.get(object) ?? new Map();
    for (const [key, fields] of want) {
      const other = got.get(key);
      if (!other) {
        out.push(`${object} ${key}: missing`);
        continue;
      }
      for (const f of new Set([...Object.keys(fields), ...Object.keys(other)])) {
        const a = JSON.stringify(fields[f] ?? null);
        const b = JSON.stringify(other[f] ?? null);
        if (a !== b) out.push(`${object} ${key}.${f}: expected ${a}, got ${b}`);
      }
    }
    for (const key of got.keys()) if (!want.has(key)) out.push(`${object} ${key}: not expected`);
  }
  return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more`] : out;
}
