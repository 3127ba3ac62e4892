/**
 * @module
 * Reading the org's changes by polling: the records of each change query (`change-queries.ts`)
 * changed since its durable cursor, by `SystemModstamp` (indexed, bumped by every change), oldest
 * first, a page of up to 2,000 at a time. The cursor overlaps by a
 * few seconds, since records committed in the same instant may land after a read; records of the
 * overlap already stored (same Id and SystemModstamp) are not stored again. Each page goes to the
 * inbox as it was read (with the org's field mappings applied: `mapped-source.ts`,
 * `shipped-source.ts`), with the cursor it moved, in one transaction, so a crash re-reads it.
 */
import { uuidv7 } from '../../lib/ids.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import type { SalesforceClient } from './client.ts';
import { CHANGE_QUERIES, OPPORTUNITY_QUERY, type ChangeQuery } from './change-queries.ts';
import type { FieldMappingReader } from './field-mappings.ts';
import { withMappedValues } from './mapped-source.ts';
import { withShippedValues } from './shipped-source.ts';
import type { MappingContext } from './deal-mapped-values.ts';

const OVERLAP_MS = 5_000;
const PAGE = 2_000;

export interface ChangeReaderDeps {
  readonly sf: Pick<SalesforceClient, 'query' | 'namer'>;
  readonly store: Store;
  /** The org's connection. */
  readonly connectionId: string;
  readonly log: Logger;
  /** The org's field mappings: an Account's mapped fields go to QuickBooks with it (`mapped-source.ts`). */
  readonly mappings?: Pick<FieldMappingReader, 'read'>;
  /** The org's field mappings, for the values they send with a won deal (none: no values). */
  readonly mapping?: MappingContext;
}

/** A SOQL dateTime literal, to the second (SOQL takes no fractions), rounded down. */
const soqlTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** @example const reader = createChangeReader({ sf, store, connectionId: 'salesforce', log }); await reader.readOnce(); */
export function createChangeReader(d: ChangeReaderDeps) {
  const n = d.sf.namer;

  /** Reads one query's changes since its cursor into the inbox, page by page; returns how many were stored. */
  async function read(q: ChangeQuery, readId: string): Promise<number> {
    let stored = 0;
    for (;;) {
      const cursor = await d.store.cursors.get(d.connectionId, q.kind);
      const seen = new Set((cursor?.boundary ?? []).map(([id, stamp]) => `${id}@${stamp}`));
      const since = cursor?.fromModified
        ? `SystemModstamp >= ${soqlTime(Date.parse(cursor.fromModified) - OVERLAP_MS)}`
        : '';
      const where = [q.where && qualified(q.where, n), since].filter(Boolean).join(' AND ');
      const soql =
        `SELECT ${q.fields.map((f) => n(f)).join(', ')} FROM ${n(q.object)}` +
        `${where ? ` WHERE ${where}` : ''} ORDER BY SystemModstamp, Id LIMIT ${PAGE}`;
      const found = await d.sf.query<Record<string, unknown>>(soql);
      if (!found.ok) return failed(q, found.error.code, stored);
      const rows = found.value.map((r) => localNames(r, n.local));
      const fresh = rows.filter((r) => !seen.has(`${String(r.Id)}@${String(r.SystemModstamp)}`));
      const newest = rows.at(-1)?.SystemModstamp;
      if (fresh.length === 0 || typeof newest !== 'string') return stored;
      const plain = q.enrich ? await q.enrich(d.sf, fresh, d.mapping) : { ok: true as const, value: fresh };
      const kind = q.storedAs ?? q.kind;
      const mapped = plain.ok && kind === 'Account' ? await withMappedValues(d.sf, plain.value, d.mappings) : plain;
      const enriched = mapped.ok ? await withShippedValues(d.sf, mapped.value, kind, d.mappings) : mapped;
      if (!enriched.ok) return failed(q, enriched.error.code, stored);
      const newestMs = Date.parse(newest);
      const boundary = rows
        .filter((r) => Date.parse(String(r.SystemModstamp)) >= newestMs - OVERLAP_MS)
        .map((r) => [String(r.Id), String(r.SystemModstamp)] as const);
      await d.store.transaction(async (tx) => {
        // A page its query left nothing of (no mapping reads deals again) moves the cursor only.
        if (enriched.value.length) {
          await tx.inbox.add({
            id: uuidv7(),
            connectionId: d.connectionId,
            sessionId: readId,
            requestKind: kind,
            requestId: `${q.kind}@${newest}`,
            payload: JSON.stringify(enriched.value),
          });
        }
        await tx.cursors.put(d.connectionId, { objectType: q.kind, fromModified: newest, boundary });
      });
      stored += fresh.length;
      if (rows.length < PAGE) return stored;
    }
  }

  function failed(q: ChangeQuery, code: string, stored: number): number {
    d.log.warn('the org’s changes could not be read; trying again next round', { object: q.object, code });
    return stored;
  }

  return {
    /** Reads every change since the cursors into the inbox; returns how many records were stored. */
    async readOnce(): Promise<number> {
      // One read of the org is one delivery: the run its records count towards.
      const readId = uuidv7();
      let stored = 0;
      for (const q of CHANGE_QUERIES) stored += await read(q, readId);
      return stored;
    },
  };
}

/** What reading one deal by its Id found (`pushDeal`). */
export type DealRead =
  | { readonly kind: 'queued'; readonly name: string; readonly connectionKey: string | null }
  | { readonly kind: 'missing' }
  | { readonly kind: 'not_won'; readonly name: string; readonly stage: string }
  | {
      readonly kind: 'in_quickbooks';
      readonly name: string;
      /** The invoice's number (its mirror's name), else its QuickBooks id; null for a sales order. */
      readonly invoice: string | null;
      readonly salesOrder: string | null;
    }
  | { readonly kind: 'unreadable'; readonly code: string };

/**
 * Reads one Opportunity now, by Id (a rep pressed "Push to QuickBooks"): a won deal QuickBooks has
 * no invoice or sales order for is read exactly as the change reader reads won deals (the fields
 * and lines of {@link OPPORTUNITY_QUERY}) and stored in the inbox as a page of its kind, a delivery
 * of its own, so the engine ingests it the normal way. Any other deal is not stored: what it is
 * comes back, for the request's answer.
 */
export async function pushDeal(d: ChangeReaderDeps, opportunityId: string): Promise<DealRead> {
  const n = d.sf.namer;
  if (!/^[A-Za-z0-9]{15,18}$/.test(opportunityId)) return { kind: 'missing' };
  const extra = ['StageName', 'QuickBooks_Invoice_Id__c', 'QuickBooks_Sales_Order_Id__c'];
  const soql =
    `SELECT ${[...OPPORTUNITY_QUERY.fields, ...extra].map((f) => n(f)).join(', ')} FROM ${n(OPPORTUNITY_QUERY.object)} ` +
    `WHERE Id = '${opportunityId}'`;
  const found = await d.sf.query<Record<string, unknown>>(soql);
  if (!found.ok) return { kind: 'unreadable', code: found.error.code };
  const [row] = found.value.map((r) => localNames(r, n.local));
  if (!row) return { kind: 'missing' };
  const name = String(row.Name ?? opportunityId);
  if (row.StageName !== 'Closed Won') return { kind: 'not_won', name, stage: String(row.StageName ?? '') };
  const invoiceId = (row.QuickBooks_Invoice_Id__c as string | null | undefined) ?? null;
  const salesOrderId = (row.QuickBooks_Sales_Order_Id__c as string | null | undefined) ?? null;
  const idOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
  if (invoiceId) {
    // The number people know the invoice by is its mirror's name (QuickBooks' RefNumber).
    const mirror = await d.sf.query<Record<string, unknown>>(
      `SELECT Name FROM ${n('QuickBooks_Invoice__c')} WHERE ${n('Opportunity__c')} = '${opportunityId}' LIMIT 1`,
    );
    const number = mirror.ok ? mirror.value[0]?.Name : undefined;
    return {
      kind: 'in_quickbooks',
      name,
      invoice: typeof number === 'string' ? number : idOf(invoiceId),
      salesOrder: null,
    };
  }
  if (salesOrderId) return { kind: 'in_quickbooks', name, invoice: null, salesOrder: idOf(salesOrderId) };
  const asQueried = Object.fromEntries(Object.entries(row).filter(([k]) => !extra.includes(k)));
  const read = await OPPORTUNITY_QUERY.enrich!(d.sf, [asQueried], d.mapping);
  const enriched = read.ok ? await withShippedValues(d.sf, read.value, OPPORTUNITY_QUERY.kind, d.mappings) : read;
  if (!enriched.ok) return { kind: 'unreadable', code: enriched.error.code };
  await d.store.inbox.add({
    id: uuidv7(),
    connectionId: d.connectionId,
    sessionId: uuidv7(),
    requestKind: OPPORTUNITY_QUERY.kind,
    requestId: `${OPPORTUNITY_QUERY.kind}:${opportunityId}@${String(row.SystemModstamp)}`,
    payload: JSON.stringify(enriched.value),
  });
  const key = enriched.value[0]?.QuickBooksConnectionKey;
  return { kind: 'queued', name, connectionKey: typeof key === 'string' && key !== '' ? key : null };
}

/** A condition with the package's field names qualified (`QuickBooks_Sync_Enabled__c` → `ns__…`). */
const qualified = (where: string, n: ChangeReaderDeps['sf']['namer']) =>
  where.replace(/\b[A-Za-z0-9_]+__c\b/g, (f) => n(f));

/** A row with the package's field names as the mapping knows them (without the namespace), parents too. */
function localNames(r: Record<string, unknown>, local: (name: string) => string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(r).flatMap(([k, v]) =>
      k === 'attributes'
        ? []
        : [
            [
              local(k),
              v && typeof v === 'object' && !Array.isArray(v) ? localNames(v as Record<string, unknown>, local) : v,
            ],
          ],
    ),
  );
}
