/**
 * @module
 * Inbox → outbox. Claims stored source payloads, decodes them into canonical records, maps each to
 * target writes, skips records whose writes are unchanged (content hash), and enqueues the rest —
 * in one transaction per payload, together with marking it processed, so a crash at any point
 * either leaves the payload to be processed again or has fully handed it to the outbox.
 * Customers whose invoices changed get their balance roll-ups recomputed.
 *
 * A payload that cannot be decoded is quarantined (kept, with the reason in words) and the cursor
 * its page fed is rewound to where it was before that page, so the next session reads its records
 * again. Every quarantined payload not yet reported gets one failure log, queued in the same
 * transaction that notes it reported: exactly once, even with a crash or several processes.
 */
import { uuidv7 } from '../lib/ids.ts';
import type { RelayError } from '../lib/result.ts';
import type { Logger } from '../lib/logger.ts';
import type { Repos, Store } from '../store/index.ts';
import type { InboxItem } from '../store/inbox.ts';
import type { NewOutboxItem } from '../store/outbox.ts';
import { outboxRepo } from '../store/outbox.ts';
import { identitiesRepo } from '../store/identities.ts';
import { recordStateRepo } from '../store/record-state.ts';
import { runsRepo } from '../store/runs.ts';
import { topologyRepo, type Flow } from '../store/topology.ts';
import type { Reporter, SourceAdapter, TargetAdapter, TargetContext, TargetWrite } from './adapters.ts';
import type { FlowResolver } from './flows.ts';
import { contentHash, heldHash } from './hash.ts';
import type { CanonicalRecord, Deletion } from './model.ts';
import { applyPolicy } from './policy-step.ts';
import { rollup } from './rollups.ts';
import { routeOf } from './routing.ts';
import { writeOnItsWay } from './waiting.ts';

export interface IngestDeps {
  readonly store: Store;
  readonly source: SourceAdapter;
  readonly target: TargetAdapter;
  readonly reporter: Reporter;
  readonly log: Logger;
  readonly worker: string;
  readonly now: () => number;
  /** The run a payload's records count towards (one per Web Connector session, say). */
  readonly runFor: (item: InboxItem) => string;
  readonly contextFor: (connectionId: string) => Promise<TargetContext>;
  readonly flowFor: FlowResolver;
}

/** The direction of a flow from `source` to `target`, as runs and the audit trail record it. */
export const directionOf = (ports: { source: Pick<SourceAdapter, 'system'>; target: Pick<TargetAdapter, 'system'> }) =>
  `${ports.source.system}_to_${ports.target.system}`;

export interface IngestResult {
  readonly payloads: number;
  readonly read: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly failed: number;
}

/**
 * A target write of a flow as an outbox row; its content hash decides whether it must be sent
 * again. It goes to the flow's target, or to `to` (a report goes to the CRM that shows it).
 */
export const toOutbox = (
  w: TargetWrite,
  flow: Pick<Flow, 'id' | 'sourceConnectionId' | 'targetConnectionId'>,
  runId: string | null,
  to: string = flow.targetConnectionId,
): NewOutboxItem => ({
  id: uuidv7(),
  connectionId: flow.sourceConnectionId,
  flowId: flow.id,
  targetConnectionId: to,
  rank: w.rank,
  object: w.object,
  externalIdField: w.externalIdField,
  externalId: w.externalId,
  slot: w.slot ?? '',
  fields: w.fields,
  createOnly: w.createOnly ?? [],
  ...(w.changes ? { changes: w.changes } : {}),
  sourceType: w.source.type,
  sourceId: w.source.id,
  contentHash: contentHash({ fields: w.fields, createOnly: w.createOnly ?? [], operation: w.operation ?? 'upsert' }),
  runId,
  ...(w.operation ? { operation: w.operation } : {}),
});

/**
 * Whether version `a` is older than `b`. Versions are ordered in every system the relay reads: an
 * EditSequence or SyncToken is a growing number, a modification stamp an ISO instant.
 */
export function olderVersion(a: string, b: string): boolean {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) < BigInt(b);
  return a.length === b.length && a < b;
}

/** What the roll-ups need of a record: a transaction's party and amounts, an invoice's date, department and class, a customer's class. */
function partyOf(r: CanonicalRecord): {
  partyId: string | null;
  total: string | null;
  balance: string | null;
  dueDate: string | null;
  txnDate?: string | null;
  department?: string | null;
  className?: string | null;
} {
  if (r.type === 'invoice')
    return {
      partyId: r.customerId,
      total: r.total,
      balance: r.isVoided ? '0.00' : r.balance,
      dueDate: r.dueDate ?? null,
      // A sales order is no invoice the Account shows the department and class of.
      txnDate: r.isSalesOrder ? null : r.txnDate,
      department: r.department ?? null,
      className: r.className ?? null,
    };
  if (r.type === 'bill') return { partyId: r.vendorId, total: r.total, balance: r.balance, dueDate: r.dueDate ?? null };
  if (r.type === 'payment') return { partyId: r.customerId, total: r.amount, balance: null, dueDate: null };
  if (r.type === 'customer')
    return { partyId: null, total: null, balance: null, dueDate: null, className: r.className ?? null };
  return { partyId: null, total: null, balance: null, dueDate: null };
}

async function applyRecord(
  repos: Repos,
  deps: IngestDeps,
  flow: Flow,
  record: CanonicalRecord | Deletion,
  ctx: TargetContext,
  runId: string,
  touchedCustomers: Set<string>,
  /** When the page was taken in, and whether it is our own write read back. */
  read: { at: number; back: boolean },
): Promise<'changed' | 'unchanged'> {
  const states = recordStateRepo(repos.db, deps.now);
  const identities = identitiesRepo(repos.db, deps.now);
  const outbox = outboxRepo(repos.db, deps.now);
  const isDeletion = record.type === 'deletion';
  const recordType = isDeletion ? record.recordType : record.type;
  if (!flow.objects.includes(recordType)) return 'unchanged'; // the flow does not carry this kind
  const identity = { connectionId: flow.sourceConnectionId, object: recordType, key: record.id };
  // A record that mirrors one the target flow wrote is that record's entity; its writes go to the
  // target's record of the entity, when the target has one.
  if (!isDeletion && record.mirrorOf) {
    await identities.join(identity, { connectionId: flow.sourceConnectionId, ...record.mirrorOf });
  }
  const seen = await identities.get(identity);
  // A record never read before has no entity yet, so no counterpart (a first sync asks nothing more).
  const counterpart =
    isDeletion || !seen
      ? undefined
      : await identities.counterpartIn(seen.entityId, recordType, flow.targetConnectionId);
  // A mirror of a record the target does not have is another connection's (a second company's
  // item in the same org): it is not this flow's to send.
  if (!isDeletion && record.mirrorOf && !counterpart) return 'unchanged';
  const known = counterpart?.localId ? { localId: counterpart.localId } : undefined;
  const writes = isDeletion ? deps.target.deletionWritesFor(record, ctx) : deps.target.writesFor(record, ctx, known);
  const hash = contentHash({ deleted: isDeletion, writes: writes.map((w) => [w.object, w.externalId, w.fields]) });
  // Our own write read back, older than the other side's change still on its way: see `waiting.ts`.
  const link = { from: flow.targetConnectionId, into: flow.sourceConnectionId };
  if (read.back && seen && (await writeOnItsWay(repos.db, deps.now, seen.entityId, link, recordType))) {
    if (!isDeletion)
      await identities.noteRead(identity, record.version ?? null, hash, undefined, seen.restHash ?? undefined);
    return 'unchanged';
  }
  // Read before what the relay already knows of it (the answer to our own write): nothing new.
  if (!isDeletion && record.version && seen?.version && olderVersion(record.version, seen.version)) return 'unchanged';
  if (seen?.contentHash === hash) {
    // Changed where no write looks (its version moved): the version is what a write into it checks.
    const version = isDeletion ? undefined : record.version;
    if (version && seen.version !== version) await identities.noteVersion(identity, version);
    return 'unchanged';
  }
  // The target already holds what these writes would set (our own mirror, come back): noted, not sent.
  const held = counterpart?.heldHash && !isDeletion && writes.length > 0 && counterpart.heldHash === heldHash(writes);
  if (held) {
    await identities.noteRead(identity, record.version ?? null, hash);
    return 'unchanged';
  }
  // The CRM's field policy: what this side may change and did change goes; conflicts are settled.
  const policy = isDeletion
    ? undefined
    : await applyPolicy(repos, deps, {
        flow,
        record,
        writes,
        ctx,
        known,
        counterpart,
        runId,
        direction: directionOf(deps),
        lastRest: seen?.restHash ?? null,
        readAt: read.at,
      });
  // Our own write into this record, read back: the other side holds all of it already. A conflict
  // it raised is still news of this run (its Sync Log names the run, so the run is reported).
  if (policy?.echo && record.type !== 'deletion') {
    await identities.noteRead(identity, record.version ?? null, hash, record.held, policy.rest);
    return policy.reported ? 'changed' : 'unchanged';
  }
  const sent = policy?.writes ?? writes;
  const before = await states.get(flow.sourceConnectionId, recordType, record.id);
  // A deletion of something never mirrored has nothing to deactivate (upserting it would create it).
  if (isDeletion && !before) return 'unchanged';
  // What still waits to be sent of a record now gone is taken back: it would make what no longer is.
  if (isDeletion) await outbox.withdraw(flow.targetConnectionId, recordType, record.id);
  // What the last mirror wrote and this one does not (a removed invoice line) is retired; a deleted
  // record's mirror is deactivated whole and keeps its parts.
  const targets = isDeletion
    ? (before?.targets ?? [])
    : writes
        .filter((w) => !w.slot)
        .map((w) => ({ object: w.object, externalIdField: w.externalIdField, externalId: w.externalId }));
  const written = new Set(targets.map((t) => JSON.stringify([t.object, t.externalId])));
  const retired = isDeletion
    ? []
    : (before?.targets ?? [])
        .filter((t) => !written.has(JSON.stringify([t.object, t.externalId])))
        .flatMap((t) => deps.target.retiredWrite(t, { type: recordType, id: record.id }) ?? []);
  const party = isDeletion ? { partyId: null, total: null, balance: '0.00', dueDate: null } : partyOf(record);
  const entityId = await identities.noteRead(
    identity,
    isDeletion ? null : (record.version ?? null),
    hash,
    isDeletion ? undefined : record.held,
    policy?.rest,
  );
  await states.put({
    connectionId: flow.sourceConnectionId,
    recordType,
    sourceId: record.id,
    flowId: flow.id,
    deleted: isDeletion,
    targets,
    ...party,
  });
  // A customer's own class is the Account's while it has no invoice: its roll-up decides it, again
  // when the class changed (not at every edit of the customer: the roll-up is one more write).
  if (recordType === 'customer' && !isDeletion && (before?.className ?? null) !== (party.className ?? null)) {
    touchedCustomers.add(record.id);
  }
  if (recordType === 'invoice') {
    const customer = party.partyId ?? before?.partyId;
    if (customer) touchedCustomers.add(customer);
    if (before?.partyId && before.partyId !== customer) touchedCustomers.add(before.partyId);
  }
  if (policy && !counterpart) await policy.note(entityId);
  await outbox.enqueue([...sent, ...retired].map((w) => toOutbox(w, flow, runId)));
  // A write that waits for its system's session shows it is queued, on the record it came from —
  // one made on that side (a mirror's status is its own system's to show: nothing would set it back).
  const queued =
    deps.target.delivery === 'pull' && writes.length && !isDeletion && !record.mirrorOf
      ? deps.reporter.outboundStatusWrite?.({ type: recordType, id: record.id }, 'Queued')
      : undefined;
  if (queued) await outbox.enqueue([toOutbox(queued, flow, runId, deps.reporter.connectionId)]);
  return 'changed';
}

/**
 * Processes up to `limit` inbox payloads. Safe to run in several processes at once: payloads are
 * claimed under a lease, and each is handed over in one transaction.
 * @example const r = await ingest(deps, { limit: 20 });
 */
export async function ingest(deps: IngestDeps, { limit = 20, leaseMs = 5 * 60_000 } = {}): Promise<IngestResult> {
  const claimed = await deps.store.inbox.claim(
    deps.worker,
    limit,
    leaseMs,
    deps.source.serves,
    deps.target.connectionId,
  );
  const total = { payloads: 0, read: 0, changed: 0, unchanged: 0, failed: 0 };
  for (const item of claimed) {
    const decoded = deps.source.decode(item.payload, item.requestKind, await deps.source.context(item.connectionId));
    if (decoded.ok) await deps.target.prepare?.(decoded.value.records);
    const ctx = await deps.contextFor(item.connectionId);
    const flow = await deps.flowFor(item.connectionId);
    const runId = deps.runFor(item);
    const counts = await deps.store.transaction(async (repos) => {
      // One connection's payloads are applied one at a time, so its record state and roll-ups
      // stay consistent when several relay processes share the store.
      const lock = repos.db.profile.connectionLock;
      if (lock) await repos.db.query(lock, [item.connectionId]);
      const c = { read: 0, changed: 0, unchanged: 0, failed: 0 };
      const runs = runsRepo(repos.db, deps.now);
      await runs.start(runId, item.connectionId, directionOf(deps), item.sessionId, flow.id);
      if (!decoded.ok) {
        await quarantine(repos, deps, item, decoded.error);
        return c; // counted as failed when reported
      }
      const touched = new Set<string>();
      const readBack = deps.source.readBack?.(item) ?? false;
      const partners = (await topologyRepo(repos.db, deps.now).flowsFrom(item.connectionId)).map(
        (f) => f.targetConnectionId,
      );
      const failures = [...decoded.value.failures];
      for (const record of decoded.value.records) {
        const route = routeOf(record, flow, partners);
        if (route === 'elsewhere') continue; // another flow's: not read here
        if (route !== 'carried') {
          failures.push(route); // counted with the source's own failures
          continue;
        }
        c.read++;
        const r = await applyRecord(repos, deps, flow, record, ctx, runId, touched, {
          at: item.receivedAt,
          back: readBack,
        });
        c[r]++;
      }
      for (const f of failures) {
        c.read++;
        c.failed++;
        const log = deps.reporter.failureLogWrite({
          key: `${item.connectionId}:${f.sourceType}:${f.sourceId}`,
          connectionKey: item.connectionId,
          runKey: runId,
          sourceType: f.sourceType,
          sourceId: f.sourceId,
          targetObject: '',
          targetExternalId: '',
          status: 'Failed',
          errorCode: f.error.code,
          errorMessage: f.error.message,
          attempts: 1,
          attemptedAt: deps.now(),
        });
        // The log's row names the record it is about (there is no write: the source refused it).
        const about = { ...log, source: { type: f.sourceType, id: f.sourceId } };
        await outboxRepo(repos.db, deps.now).enqueue([toOutbox(about, flow, runId, deps.reporter.connectionId)]);
      }
      for (const customer of [...touched].sort()) {
        const states = recordStateRepo(repos.db, deps.now);
        const open = await states.forParty(item.connectionId, 'invoice', customer);
        const own = await states.get(item.connectionId, 'customer', customer);
        const writes = deps.target.rollupWrites(customer, rollup(open, ctx.today, own), ctx);
        await outboxRepo(repos.db, deps.now).enqueue(writes.map((w) => toOutbox(w, flow, runId)));
      }
      await runs.add(runId, { read: c.read, unchanged: c.unchanged, failed: c.failed });
      const marked = await repos.inbox.markProcessed(item.id, deps.worker);
      if (!marked) throw new Error(`inbox item ${item.id} was taken over by another worker`);
      for (const page of await repos.inbox.readAgainBy(item)) {
        const log = pageLog(deps, page, runId, 'Resolved', 'Its records were read again by a later session.');
        await outboxRepo(repos.db, deps.now).enqueue([toOutbox(log, flow, runId, deps.reporter.connectionId)]);
      }
      return c;
    });
    total.payloads++;
    total.read += counts.read;
    total.changed += counts.changed;
    total.unchanged += counts.unchanged;
    total.failed += counts.failed;
  }
  total.failed += await reportQuarantined(deps, limit);
  return total;
}

/**
 * Sets an undecodable payload aside and rewinds the cursor it fed to the earliest value of the
 * pages set aside (never forward), forgetting its boundary; the version bump also stops a session
 * still reading that step from moving the cursor past it.
 */
async function quarantine(repos: Repos, deps: IngestDeps, item: InboxItem, error: RelayError): Promise<void> {
  const cursor = item.cursor;
  if (cursor) await repos.cursors.rewind(item.connectionId, cursor.type, cursor.from);
  const then = cursor
    ? 'Its records are read again at the next session.'
    : `Its records are not read again by themselves: once the relay can read it, put it back in line with "ledgerbridge replay --inbox ${item.id}".`;
  const marked = await repos.inbox.quarantine(item.id, deps.worker, {
    code: error.code,
    message: `${error.message} ${then}`,
  });
  if (!marked) throw new Error(`inbox item ${item.id} was taken over by another worker`);
  deps.log.warn('inbox payload could not be decoded: quarantined', {
    inbox: item.id,
    code: error.code,
    ...(cursor ? { rewound: cursor.type } : {}),
  });
}

/**
 * One failure log per quarantined payload not yet reported (quarantined here, or on receipt),
 * counted as one failure of its run. Returns how many were reported.
 */
async function reportQuarantined(deps: IngestDeps, limit: number): Promise<number> {
  let reported = 0;
  for (const item of await deps.store.inbox.unlogged(limit, deps.source.serves, deps.target.connectionId)) {
    const runId = deps.runFor(item);
    const flow = await deps.flowFor(item.connectionId);
    const done = await deps.store.transaction(async (repos) => {
      if (!(await repos.inbox.markLogged(item.id))) return false; // another process reported it
      const runs = runsRepo(repos.db, deps.now);
      await runs.start(runId, item.connectionId, directionOf(deps), item.sessionId, flow.id);
      await runs.add(runId, { failed: 1 });
      const log = pageLog(deps, item, runId, 'Failed');
      await outboxRepo(repos.db, deps.now).enqueue([toOutbox(log, flow, runId, deps.reporter.connectionId)]);
      return true;
    });
    if (done) reported++;
  }
  return reported;
}

/** The Sync Log of a quarantined page: failed when reported, resolved once read again (`then` adds to its words). */
function pageLog(deps: IngestDeps, item: InboxItem, runId: string, status: 'Failed' | 'Resolved', then?: string) {
  const words = item.errorMessage ?? 'The relay could not read this payload; it is kept in the inbox.';
  return deps.reporter.failureLogWrite({
    key: `${item.connectionId}:inbox:${item.id}`,
    connectionKey: item.connectionId,
    runKey: runId,
    sourceType: item.requestKind,
    sourceId: item.requestId,
    targetObject: '',
    targetExternalId: '',
    status,
    errorCode: item.error ?? 'inbox_quarantined',
    errorMessage: then ? `${words} ${then}` : words,
    attempts: 1,
    attemptedAt: deps.now(),
  });
}
