/**
 * @module
 * What the write phase reads and notes in the store besides the outbox: which QuickBooks record a
 * write's source is already linked to, the ListIDs of what a write names (an invoice's customer and
 * items), the link a confirmed write makes (its source record's entity gains the QuickBooks one,
 * with the EditSequence it was answered with), and the audit trail and run counts of each outcome.
 */
import { uuidv7 } from '../../../lib/ids.ts';
import type { RelayError } from '../../../lib/result.ts';
import { auditRepo } from '../../../store/audit.ts';
import type { Db } from '../../../store/db.ts';
import { fieldStatesRepo } from '../../../store/field-states.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import type { OutboxItem } from '../../../store/outbox.ts';
import { runsRepo } from '../../../store/runs.ts';
import { refKey, type Refs, type WriteKind } from './write-kinds.ts';

/** The outcome of one write, as the audit trail records it. */
export type Outcome =
  | {
      readonly operation: 'create' | 'update' | 'skip_unchanged';
      readonly id: string;
      /** What an update overwrote, per field: QuickBooks' value before, and ours. */
      readonly changes?: Readonly<Record<string, readonly [unknown, unknown]>>;
    }
  | { readonly error: RelayError; readonly retrying: boolean };

/** @example const records = writeRecords(db, now, companyId); await records.linksOf(rows) */
export function writeRecords(db: Db, now: () => number, companyId: string) {
  const identities = identitiesRepo(db, now);
  const inCompany = (connectionId: string, object: string, key: string) =>
    identities.counterpart({ connectionId, object, key }, companyId);
  return {
    /** Each row's record in the company, when its source is already linked to one. */
    async linksOf(rows: readonly OutboxItem[]): Promise<Map<string, string>> {
      const links = new Map<string, string>();
      for (const r of rows) {
        const c = await inCompany(r.connectionId, r.sourceType, r.sourceId);
        if (c?.localId) links.set(r.id, c.localId);
      }
      return links;
    },

    /**
     * The EditSequence the relay last saw of each row's linked record (read from the company, or
     * answered to its last write), where it knows one.
     */
    async seenOf(rows: readonly OutboxItem[]): Promise<Map<string, string>> {
      const seen = new Map<string, string>();
      for (const r of rows) {
        const c = await inCompany(r.connectionId, r.sourceType, r.sourceId);
        if (c?.localId && c.version) seen.set(r.id, c.version);
      }
      return seen;
    },

    /** The ListIDs of what the rows name, where the company has them. */
    async refsOf(kind: WriteKind, rows: readonly OutboxItem[]): Promise<Refs> {
      const refs = new Map<string, string>();
      for (const r of rows)
        for (const [type, id] of kind.refsOf(r)) {
          if (refs.has(refKey(type, id))) continue;
          const c = await inCompany(r.connectionId, type, id);
          if (c?.localId) refs.set(refKey(type, id), c.localId);
        }
      return refs;
    },

    /** Whether another record of the row's own system already mirrors this QuickBooks record. */
    mirroredElsewhere: (row: OutboxItem, id: string) =>
      identities.mirroredElsewhere(
        { connectionId: companyId, object: row.sourceType, key: id },
        row.connectionId,
        row.sourceId,
      ),

    /**
     * Notes that a row's source is this record of the company (one entity), as of `editSequence`.
     * What the flow from QuickBooks last mirrored of the record stays as it was: the record is read
     * back, and its mirror is written if it differs.
     */
    async link(row: OutboxItem, id: string, editSequence: string | null): Promise<void> {
      const key = { connectionId: companyId, object: row.sourceType, key: id };
      const from = { connectionId: row.connectionId, object: row.sourceType, key: row.sourceId };
      await identities.noteWritten(key, id, null, from);
      await fieldStatesRepo(db, now).landed(from, companyId);
      if (editSequence) await identities.noteVersion(key, editSequence);
    },

    /** The audit trail and run counts of a row's outcome. */
    async record(row: OutboxItem, outcome: Outcome): Promise<void> {
      const runs = runsRepo(db, now);
      const run = row.runId ? await runs.get(row.runId) : undefined;
      const failed = 'error' in outcome;
      await auditRepo(db).add([
        {
          id: uuidv7(),
          at: now(),
          runId: row.runId,
          connectionId: row.connectionId,
          flowId: row.flowId,
          direction: run?.direction ?? '',
          sourceType: row.sourceType,
          sourceId: row.sourceId,
          targetObject: row.object,
          targetExternalId: row.externalId,
          targetId: failed ? null : outcome.id || null,
          operation: failed ? 'upsert' : outcome.operation,
          outcome: failed ? (outcome.retrying ? 'retrying' : 'failed') : 'succeeded',
          errorCode: failed ? outcome.error.code : null,
          errorMessage: failed ? outcome.error.message : null,
          contentHash: row.contentHash,
          ...(!failed && outcome.changes ? { changes: outcome.changes } : {}),
        },
      ]);
      if (!run) return;
      if (failed) {
        if (!outcome.retrying) await runs.add(run.id, { failed: 1 });
      } else if (outcome.operation !== 'skip_unchanged') {
        await runs.add(run.id, outcome.operation === 'create' ? { created: 1 } : { updated: 1 });
      }
    },
  };
}
