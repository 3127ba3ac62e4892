/**
 * @module
 * The writes a Web Connector session sends after its reads. Writes into QuickBooks Desktop wait in
 * the outbox with pull delivery; a session leases them a batch at a time (lowest rank first:
 * customers before what names them) and sends each batch in three requests, each one message set
 * with `continueOnError`:
 *   1. lookup: the customers the batch is linked to (by ListID) or may match (by name), so nothing
 *      is added twice — also after a relay killed between sending a batch and storing its answer;
 *   2. write: a CustomerMod (with the EditSequence just read) or CustomerAdd for each row QuickBooks
 *      does not already hold, its requestID the row's id; a stale EditSequence (3200) goes round
 *      again (looked up afresh) within the session;
 *   3. read back: the customers written, stored in the inbox like any page read, so the flow from
 *      QuickBooks mirrors their ListIDs back onto the records they came from.
 * Each answer settles its rows, notes the identities they were written under and stores the
 * session's next step in one transaction.
 */
import { err, ok, relayError, type RelayError, type Result } from '../../../lib/result.ts';
import type { Logger } from '../../../lib/logger.ts';
import { uuidv7 } from '../../../lib/ids.ts';
import { auditRepo } from '../../../store/audit.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import { runsRepo } from '../../../store/runs.ts';
import type { Repos, Store } from '../../../store/index.ts';
import { outboxRepo, type OutboxItem } from '../../../store/outbox.ts';
import { outboxSpanRepo } from '../../../store/outbox-span.ts';
import { toCanonical } from '../mapping.ts';
import { parseQbxmlResponse } from '../qbxml/parse.ts';
import { buildQbxml, buildQbxmlResult } from '../qbxml/requests.ts';
import type { QbxmlWrite } from '../qbxml/request-types.ts';
import type { PlannedRequest } from '../planner.ts';
import { newId } from './tickets.ts';
import {
  decide,
  heldCustomer,
  lookupQueries,
  notSendable,
  verdictOf,
  writeOf,
  type Decision,
  type HeldCustomer,
} from './write-decisions.ts';

/** Request kinds of the write phase, as sessions record them. */
export const WRITE_KINDS = { lookup: 'WriteLookup', write: 'Write', readBack: 'WriteReadBack' } as const;
const KINDS = new Set<string>(Object.values(WRITE_KINDS));
export const isWriteKind = (kind: string) => KINDS.has(kind);

/** The write phase's part of a session's plan (JSON). */
export interface WritingState {
  /** The outbox lease of the batch being sent. */
  readonly token: string;
  readonly stage: 'lookup' | 'write' | 'readBack';
  readonly decisions: Readonly<Record<string, Decision>>;
  /** ListIDs to read back once the batch is written. */
  readonly readBack: readonly string[];
}

export interface WritePhaseOptions {
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => number;
  /** How long a session holds a batch (a session cut short leaves it to the next one after this). */
  readonly leaseMs?: number;
  readonly batchSize?: number;
}

/** Leases of the write phase are owned by `qbwc:<session id>`. */
const LEASE_OWNER = 'qbwc:';

/** The company file is busy: what could not be saved now goes again after this. */
const BUSY_RETRY_MS = 5 * 60_000;

/** The session a phase step belongs to. */
interface SessionRef {
  readonly id: string;
  readonly connectionId: string;
  readonly homeCurrency: string;
}

/** @example const writes = createWritePhase({ store, log, now }); const step = await writes.next(session, plan.writing); */
export function createWritePhase(o: WritePhaseOptions) {
  const leaseMs = o.leaseMs ?? 60 * 60_000;
  const batchSize = o.batchSize ?? 500;

  async function rowsOf(db: Repos['db'], token: string): Promise<OutboxItem[]> {
    const outbox = outboxRepo(db, o.now);
    const rows: OutboxItem[] = [];
    for (let page = await outbox.leased(token, '', 1000); page.length; ) {
      rows.push(...page);
      page = await outbox.leased(token, page.at(-1)!.id, 1000);
    }
    return rows;
  }

  /** Each row's customer in this company, when its record is already linked to one. */
  async function linksOf(db: Repos['db'], s: SessionRef, rows: readonly OutboxItem[]) {
    const identities = identitiesRepo(db, o.now);
    const links = new Map<string, string>();
    for (const r of rows) {
      const c = await identities.counterpart({ connectionId: r.connectionId, object: r.sourceType, key: r.sourceId }, s.connectionId);
      if (c?.localId) links.set(r.id, c.localId);
    }
    return links;
  }

  const request = (kind: string, xml: string): PlannedRequest => ({ kind, id: newId(), xml });

  /** The audit trail and run counts of a row's outcome. */
  async function record(
    tx: Pick<Repos, 'db'>,
    row: OutboxItem,
    done: { operation: 'create' | 'update' | 'skip_unchanged'; listId: string } | { error: RelayError; retrying: boolean },
  ): Promise<void> {
    const run = row.runId ? await runsRepo(tx.db, o.now).get(row.runId) : undefined;
    const failed = 'error' in done;
    await auditRepo(tx.db).add([
      {
        id: uuidv7(),
        at: o.now(),
        runId: row.runId,
        connectionId: row.connectionId,
        flowId: row.flowId,
        direction: run?.direction ?? '',
        sourceType: row.sourceType,
        sourceId: row.sourceId,
        targetObject: row.object,
        targetExternalId: row.externalId,
        targetId: failed ? null : done.listId,
        operation: failed ? 'upsert' : done.operation,
        outcome: failed ? (done.retrying ? 'retrying' : 'failed') : 'succeeded',
        errorCode: failed ? done.error.code : null,
        errorMessage: failed ? done.error.message : null,
        contentHash: row.contentHash,
      },
    ]);
    if (!run) return;
    if (failed) {
      if (!done.retrying) await runsRepo(tx.db, o.now).add(run.id, { failed: 1 });
    } else if (done.operation !== 'skip_unchanged') {
      await runsRepo(tx.db, o.now).add(run.id, done.operation === 'create' ? { created: 1 } : { updated: 1 });
    }
  }

  /** The write of each decided row that can be sent; the others are failed with the reason. */
  async function sendable(db: Repos['db'], rows: readonly OutboxItem[], w: WritingState): Promise<QbxmlWrite[]> {
    const outbox = outboxRepo(db, o.now);
    const writes: QbxmlWrite[] = [];
    for (const row of rows) {
      const d = w.decisions[row.id];
      const write = d && writeOf(row, d);
      if (!write) continue;
      const built = buildQbxmlResult([write], { onError: 'continueOnError' });
      if (built.ok) writes.push(write);
      else {
        const e = notSendable(row, built.error);
        await outbox.settle(row, { ok: false, code: e.code, message: e.message, retryAt: undefined });
        await record({ db }, row, { error: e, retrying: false });
      }
    }
    return writes;
  }

  return {
    /** A new session of the company: writes an earlier one left leased mid-batch go in line again. */
    async reclaim(connectionId: string): Promise<void> {
      const n = await outboxRepo(o.store.db, o.now).releaseLeasesOf(connectionId, LEASE_OWNER);
      if (n) o.log.info('writes an ended session left unanswered go again, looked up first', { connection: connectionId, writes: n });
    },

    /** Whether writes wait for the company (a session that read everything goes on to them). */
    waiting: (connectionId: string, db: Repos['db'] = o.store.db) => outboxRepo(db, o.now).readyFor(connectionId),

    /** The next request of the phase, with the state it leaves; no request when nothing is left to send. */
    async next(s: SessionRef, writing: WritingState | undefined): Promise<{ writing?: WritingState; request?: PlannedRequest }> {
      let w = writing;
      for (let guard = 0; guard < 10_000; guard++) {
        if (!w) {
          const batch = await outboxRepo(o.store.db, o.now).claimBatch(`${LEASE_OWNER}${s.id}`, {
            limit: batchSize,
            leaseMs,
            targetConnectionId: s.connectionId,
          });
          if (!batch) return {};
          w = { token: batch.token, stage: 'lookup', decisions: {}, readBack: [] };
        }
        if (w.stage === 'readBack') {
          const xml = buildQbxml([{ type: 'CustomerQuery', requestId: 'read-back', listIds: [...w.readBack], ownerIds: ['0'] }], {
            onError: 'continueOnError',
          });
          return { writing: w, request: request(WRITE_KINDS.readBack, xml) };
        }
        const rows = await rowsOf(o.store.db, w.token);
        if (w.stage === 'lookup' && rows.length) {
          const queries = lookupQueries(rows, await linksOf(o.store.db, s, rows), 'lookup');
          return { writing: w, request: request(WRITE_KINDS.lookup, buildQbxml(queries, { onError: 'continueOnError' })) };
        }
        if (w.stage === 'write') {
          const writes = await sendable(o.store.db, rows, w);
          if (writes.length) {
            return { writing: w, request: request(WRITE_KINDS.write, buildQbxml(writes, { onError: 'continueOnError' })) };
          }
        }
        w = w.readBack.length ? { ...w, stage: 'readBack' } : undefined;
      }
      throw new Error('write phase did not settle');
    },

    /**
     * Applies QuickBooks' answer to the phase's request, inside the caller's transaction (which also
     * stores the session's next step). Refused when the answer cannot be read at all: the batch's
     * rows then go to the next session, looked up again.
     */
    async receive(
      tx: Repos,
      s: SessionRef,
      w: WritingState,
      kind: string,
      response: string,
    ): Promise<Result<WritingState | undefined>> {
      const parsed = parseQbxmlResponse(response);
      if (!parsed.ok) return err(parsed.error);
      const outbox = outboxRepo(tx.db, o.now);
      const identities = identitiesRepo(tx.db, o.now);
      const rows = await rowsOf(tx.db, w.token);
      const linked = async (row: OutboxItem, listId: string, editSequence: string | null) => {
        await identities.noteWritten({ connectionId: s.connectionId, object: row.sourceType, key: listId }, listId, row.contentHash, {
          connectionId: row.connectionId,
          object: row.sourceType,
          key: row.sourceId,
        });
        if (editSequence) await identities.noteVersion({ connectionId: s.connectionId, object: row.sourceType, key: listId }, editSequence);
      };
      if (kind === WRITE_KINDS.readBack) {
        await tx.inbox.add({
          id: newId(),
          connectionId: s.connectionId,
          sessionId: s.id,
          requestKind: 'CustomerQuery',
          requestId: 'read-back',
          payload: response,
        });
        return ok(undefined);
      }
      const readBack = new Set(w.readBack);
      if (kind === WRITE_KINDS.lookup) {
        const found: HeldCustomer[] = [];
        for (const rs of parsed.value.responses)
          for (const record of rs.records) {
            const c = toCanonical(record, { homeCurrency: s.homeCurrency });
            if (c.ok && c.value?.type === 'customer') found.push(heldCustomer(c.value));
          }
        const links = await linksOf(tx.db, s, rows);
        const byName = new Map(found.map((c) => [c.fullName.toLowerCase(), c.listId]));
        const mirrored = new Set<string>();
        for (const row of rows) {
          const listId = links.has(row.id) ? undefined : byName.get(String(row.fields.name ?? '').toLowerCase());
          const key = listId && { connectionId: s.connectionId, object: row.sourceType, key: listId };
          if (key && (await identities.mirroredElsewhere(key, row.connectionId, row.sourceId))) mirrored.add(row.id);
        }
        const decisions = decide(rows, links, found, mirrored);
        const pending: Record<string, Decision> = {};
        for (const row of rows) {
          const d = decisions.get(row.id)!;
          if (d.action === 'held') {
            await outbox.settle(row, { ok: true });
            await linked(row, d.listId, null);
            await record(tx, row, { operation: 'skip_unchanged', listId: d.listId });
            readBack.add(d.listId);
          } else if (d.action === 'refuse') {
            await outbox.settle(row, { ok: false, code: d.error.code, message: d.error.message, retryAt: undefined });
            await record(tx, row, { error: d.error, retrying: false });
          } else pending[row.id] = d;
        }
        return ok(Object.keys(pending).length ? { ...w, stage: 'write', decisions: pending, readBack: [...readBack] } : next(w, readBack));
      }
      const answers = new Map(parsed.value.responses.map((rs) => [rs.requestId, rs]));
      const again: string[] = [];
      for (const row of rows) {
        if (!w.decisions[row.id]) continue;
        const rs = answers.get(row.id);
        if (!rs) {
          again.push(row.id); // not answered (the set stopped): looked up again
          continue;
        }
        const v = verdictOf(rs, row);
        if (v.kind === 'written') {
          await outbox.settle(row, { ok: true });
          await linked(row, v.listId, v.editSequence);
          const operation = w.decisions[row.id]?.action === 'add' ? 'create' : 'update';
          await record(tx, row, { operation, listId: v.listId });
          readBack.add(v.listId);
        } else if (v.kind === 'again') again.push(row.id);
        else {
          const retryAt = v.kind === 'later' ? o.now() + BUSY_RETRY_MS : undefined;
          await outbox.settle(row, { ok: false, code: v.error.code, message: v.error.message, retryAt });
          await record(tx, row, { error: v.error, retrying: retryAt !== undefined });
        }
      }
      if (again.length) {
        o.log.info('QuickBooks changes to look up again (edited meanwhile)', { session: s.id, writes: again.length });
        await outboxSpanRepo(tx.db, o.now).release(w.token, again);
      }
      return ok(next(w, readBack));
    },
  };
}

/** After a batch's writes: read back what was written, or take the next batch. */
const next = (w: WritingState, readBack: ReadonlySet<string>): WritingState | undefined =>
  readBack.size ? { ...w, stage: 'readBack', decisions: {}, readBack: [...readBack] } : undefined;

/** A reason for the bookkeeper when QuickBooks' answer to a write cannot be read. */
export const unreadableWriteAnswer = (detail: string) =>
  relayError(
    'qbd_write_answer_unreadable',
    `The relay could not read QuickBooks' answer to its changes (${detail}); they are looked up again at the next update, so none is made twice.`,
  );

export type WritePhase = ReturnType<typeof createWritePhase>;
