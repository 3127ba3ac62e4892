/**
 * @module
 * Why the two sides differ, from what the relay's store knows of each record: a write still on its
 * way or failed (the outbox), a change in QuickBooks since the relay read it, a record it never
 * read, or — the relay having written exactly what QuickBooks holds — a record deleted or edited in
 * the CRM behind its back. Those last two, and a record never read, are what a repair fixes, by
 * reading them again and sending what they should be.
 */
import type { Db } from '../store/db.ts';
import type { Difference } from './compare.ts';

export type ReasonCode =
  | 'pending_write'
  | 'failed_write'
  | 'changed_since_read'
  | 'never_read'
  | 'deleted_in_crm'
  | 'edited_in_crm'
  | 'deleted_in_books'
  | 'follows_records'
  | 'balance_stale';

/** The reasons a repair fixes: reading the record's customer again and sending what the books hold. */
export const REPAIRABLE: ReadonlySet<ReasonCode> = new Set(['never_read', 'deleted_in_crm', 'edited_in_crm']);

export interface Explained extends Difference {
  readonly reason: ReasonCode;
  /** The reason in words, for the bookkeeper. */
  readonly why: string;
}

/** What the store holds of a link's records, read once per comparison. */
export interface Facts {
  /** Writes not done, by `<object>\0<key>` of the record they come from. */
  readonly open: ReadonlyMap<string, { status: string; attempts: number; nextAttemptAt: number; error: string | null }>;
  /** The books' versions the relay last read, by `<object>\0<key>`. */
  readonly versions: ReadonlyMap<string, string | null>;
}

const at = (object: string, key: string) => `${object}\u0000${key}`;

/**
 * Reads the facts of a flow from the books connection into the CRM.
 * @example const facts = await readFacts(db, { flowId, booksConnectionId });
 */
export async function readFacts(db: Db, link: { flowId: string; booksConnectionId: string }): Promise<Facts> {
  const rows = await db.query<{
    source_type: string;
    source_id: string;
    status: string;
    attempts: number;
    next_attempt_at: number;
    error_message: string | null;
  }>(
    `SELECT source_type, source_id, status, attempts, next_attempt_at, error_message FROM outbox
     WHERE flow_id = $1 AND status <> 'done'`,
    [link.flowId],
  );
  const open = new Map<string, { status: string; attempts: number; nextAttemptAt: number; error: string | null }>();
  // A failed write of a record outweighs its other rows still waiting.
  for (const r of rows)
    if (!open.has(at(r.source_type, r.source_id)) || r.status === 'failed')
      open.set(at(r.source_type, r.source_id), {
        status: r.status,
        attempts: Number(r.attempts),
        nextAttemptAt: Number(r.next_attempt_at),
        error: r.error_message,
      });
  const ids = await db.query<{ object: string; record_key: string; version: string | null }>(
    `SELECT object, record_key, version FROM identities WHERE connection_id = $1 AND object IN ('customer', 'invoice', 'payment')`,
    [link.booksConnectionId],
  );
  return { open, versions: new Map(ids.map((i) => [at(i.object, i.record_key), i.version])) };
}

/**
 * Each difference with its likely reason, in words naming the two systems.
 * @example explain(comparison.differences, facts, { books: 'QuickBooks Desktop', crm: 'Salesforce' })
 */
export function explain(
  differences: readonly Difference[],
  facts: Facts,
  names: { readonly books: string; readonly crm: string },
): Explained[] {
  const recordsOf = new Set(differences.filter((d) => d.kind !== 'balance').map((d) => d.customerKey));
  return differences.map((d): Explained => {
    const [reason, why] = reasonOf(d);
    return { ...d, reason, why };
  });

  function reasonOf(d: Difference): [ReasonCode, string] {
    const open = facts.open.get(at(d.object, d.key));
    if (d.kind === 'balance' && !open) {
      return recordsOf.has(d.key)
        ? ['follows_records', 'Follows from the differences in this customer’s records listed here.']
        : [
            'balance_stale',
            `The record balances agree, but the customer’s total in ${names.crm} was not brought up to date.`,
          ];
    }
    if (open?.status === 'failed')
      return [
        'failed_write',
        `The relay could not write it: ${open.error ?? 'see its Sync Log'}. Replay it from its Sync Log.`,
      ];
    if (open)
      return [
        'pending_write',
        `A write of it is on its way to ${names.crm}${open.attempts > 0 ? ` (tried ${open.attempts} time(s), trying again)` : ''}.`,
      ];
    if (d.kind === 'missing_in_books')
      return [
        'deleted_in_books',
        `${names.books} no longer has it, and the relay did not see it deleted: check it in ${names.books}.`,
      ];
    const read = facts.versions.get(at(d.object, d.key));
    if (read === undefined) return ['never_read', `${names.books} has it, but it never reached the relay.`];
    if (d.version !== undefined && read !== d.version)
      return [
        'changed_since_read',
        `Changed in ${names.books} after the relay last read it; the next update brings it.`,
      ];
    return d.kind === 'missing_in_crm'
      ? ['deleted_in_crm', `Deleted in ${names.crm} after the relay wrote it.`]
      : ['edited_in_crm', `Changed in ${names.crm} after the relay wrote it.`];
  }
}
