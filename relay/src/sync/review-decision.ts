/**
 * @module
 * A person decided, in the CRM, what a review log asked (see `policy-step.ts` for a field changed
 * on both sides, and a target's `review_` failures for a record of the same name another record
 * already mirrors). The decision is applied through the outbox like any write, recorded in the
 * audit trail, and the log turns Resolved with what was done in words — through the reporter, so
 * every CRM is the same: each system only finds the decided logs.
 *
 * - keep the books' value / the CRM's: the write that carries that side's value to the other
 *   (kept when the conflict was flagged, `FieldState.carry`) goes again with that field, and the
 *   value becomes the one both sides are brought to (so it does not come back as a change);
 *   a mapped field's (a custom field of the books, its log key marked `:custom:`) the same, its
 *   write setting only that field's entries (`CarryWrite.nested`);
 * - link: the CRM record joins the entity of the books' record of the same name, and its waiting
 *   write goes again, now as an update of that record;
 * - create new: names are unique in QuickBooks, so a record cannot be added under a name another
 *   already has: nothing is sent, and the log says to rename the record (a renamed record is
 *   added under its new name) or to link it;
 * - skip: nothing is written, the record is no longer shown as waiting for review.
 */
import { uuidv7 } from '../lib/ids.ts';
import { auditRepo, type AuditEntry } from '../store/audit.ts';
import { fieldStatesRepo } from '../store/field-states.ts';
import { identitiesRepo } from '../store/identities.ts';
import { topologyRepo } from '../store/topology.ts';
import type { Repos, Store } from '../store/index.ts';
import { LOGGED_WRITE, outboxRepo, type OutboxItem } from '../store/outbox.ts';
import type { Reporter, ReviewDecision, TargetWrite } from './adapters.ts';
import type { SyncEngine } from './engine.ts';
import { contentHash } from './hash.ts';
import { toOutbox } from './ingest.ts';
import { kindInWords } from './model.ts';

export interface ReviewDecisionDeps {
  readonly store: Store;
  readonly engine: Pick<SyncEngine, 'replay'>;
  readonly reporter: Reporter;
  readonly now: () => number;
  /** The books' name as people read it in the log's words ("QuickBooks"), and the CRM's. */
  readonly booksName: string;
  readonly crmName: string;
}

/** What became of a decision. */
export type DecisionOutcome = 'applied' | 'not_ours' | 'already';

const CONFLICT_KEY = /^(.+):conflict:([^:]+):([^.:]+)(\.|:custom:)(.+)$/;
const CONFLICT_DECISIONS: readonly ReviewDecision[] = ['keep_books', 'keep_crm'];

/**
 * Applies one decision on the review log `key`, once (a decision already applied, found in the
 * audit trail, is not applied again).
 * @example await reviewDecided(deps, 'acme:conflict:0192…:customer.name', 'keep_books', '005…');
 */
export async function reviewDecided(
  d: ReviewDecisionDeps,
  key: string,
  decision: ReviewDecision,
  decidedBy: string | null,
  decidedAt: string,
): Promise<DecisionOutcome> {
  const audit = auditRepo(d.store.db);
  const mark = `decided:${decidedAt}`;
  const trail = await audit.forRecord(d.reporter.connectionId, 'review', key);
  if (trail.some((a) => a.operation === 'review' && a.contentHash === mark)) return 'already';
  const who = { by: decidedBy, mark };
  const conflict = CONFLICT_KEY.exec(key);
  if (conflict) {
    const [, books = '', entityId = '', recordType = '', sep, field = ''] = conflict;
    const ref = { key, books, entityId, recordType, field, custom: sep !== '.' };
    return d.store.transaction((repos) => decideConflict(d, repos, ref, decision, who));
  }
  const found = await outboxRepo(d.store.db, d.now).failureLog(key);
  if (!found?.write) return 'not_ours';
  const write = found.write;
  return d.store.transaction((repos) => decideMatch(d, repos, key, write, decision, who));
}

/** Who decided (the CRM's user id), and the decision's mark in the audit trail (its moment). */
interface Who {
  readonly by: string | null;
  readonly mark: string;
}

interface ConflictRef {
  readonly key: string;
  readonly books: string;
  readonly entityId: string;
  readonly recordType: string;
  readonly field: string;
  /** `field` is a custom field of the books a mapping gives (by its name there), not a path. */
  readonly custom: boolean;
}

async function decideConflict(
  d: ReviewDecisionDeps,
  repos: Repos,
  ref: ConflictRef,
  decision: ReviewDecision,
  who: Who,
): Promise<DecisionOutcome> {
  const crm = d.reporter.connectionId;
  const lock = repos.db.profile.connectionLock;
  if (lock) await repos.db.query(lock, [`entity:${ref.entityId}`]);
  const states = fieldStatesRepo(repos.db, d.now);
  const state = ref.custom ? await states.custom(ref.entityId) : await states.get(ref.entityId);
  const st = state[ref.field];
  const crmRecord = (await identitiesRepo(repos.db, d.now).entity(ref.entityId)).find((i) => i.connectionId === crm);
  const record = crmRecord ? { type: ref.recordType, id: crmRecord.localId ?? crmRecord.key } : undefined;
  const log = (status: 'Resolved' | 'Failed', code: string, message: string) =>
    d.reporter.failureLogWrite({
      key: ref.key,
      connectionKey: ref.books,
      runKey: null,
      sourceType: ref.recordType,
      sourceId: record?.id ?? '',
      targetObject: '',
      targetExternalId: '',
      status,
      errorCode: code,
      errorMessage: message,
      attempts: 1,
      outbound: true,
      decided: decision,
      ...(record ? { record } : {}),
    });
  const what = `${kindInWords(ref.recordType)} ${ref.field}`;
  const flowOf = (row: OutboxItem) => ({
    id: row.flowId,
    sourceConnectionId: row.connectionId,
    targetConnectionId: row.targetConnectionId,
  });
  const outbox = outboxRepo(repos.db, d.now);
  const keep = decision === 'keep_books' ? ref.books : crm;
  const other = keep === crm ? ref.books : crm;
  const carry = st?.carry?.[other];
  const row = carry ? await outbox.findByTarget(carry.source, carry.object, carry.externalId, '') : undefined;
  if (!CONFLICT_DECISIONS.includes(decision) || !st?.review || !row || !carry) {
    const message = !CONFLICT_DECISIONS.includes(decision)
      ? `A field changed on both sides is settled by keeping one side's value (Keep ${d.booksName} or Keep ${d.crmName}); nothing was changed.`
      : !st?.review
        ? 'Nothing to decide any more: one side was changed since, and that change was synced.'
        : `The write that would carry the kept value is no longer known to the relay; change the field on the side that is wrong, and that change syncs.`;
    const resolved = !st?.review && CONFLICT_DECISIONS.includes(decision);
    const write = log(resolved ? 'Resolved' : 'Failed', resolved ? 'resolved' : 'review_not_applied', message);
    const flow = row
      ? flowOf(row)
      : (await topologyRepo(repos.db, d.now).flowsFrom(crm)).find((f) => f.targetConnectionId === ref.books);
    if (flow) await outbox.enqueue([toOutbox(write, flow, null, crm)]);
    await noteDecision(repos, d, ref.key, decision, who, row, message, 'review_not_applied');
    return 'applied';
  }
  const value = st.review[keep]!;
  const was = st.review[other]!;
  // The carrying write again, with only the decided field sent (the rest stays as the other side has it).
  const sent = new Set(carry.fields);
  const again: TargetWrite = {
    object: row.object,
    externalIdField: row.externalIdField,
    externalId: row.externalId,
    ...(row.slot ? { slot: row.slot } : {}),
    fields: { ...row.fields, ...carry.values },
    createOnly: Object.keys(row.fields).filter((f) => !sent.has(f) && f !== row.externalIdField),
    changes: { [`${ref.recordType}.${ref.field}`]: [JSON.parse(was), JSON.parse(value)] },
    rank: row.rank,
    source: { type: row.sourceType, id: row.sourceId },
  };
  const pending = { object: carry.object, externalId: carry.externalId, fields: carry.fields };
  const decided = { ...state, [ref.field]: { value, to: other, was, pending } };
  // A custom field's write sets entries of its fields (by name), not the fields whole.
  if (ref.custom)
    await states.put(ref.entityId, await states.get(ref.entityId), {
      ...decided,
      [ref.field]: { value, to: other, was, pending: { ...pending, fields: [], nested: carry.nested ?? [] } },
    });
  else await states.put(ref.entityId, decided);
  const shownValue = JSON.parse(value) as unknown;
  const words =
    keep === ref.books
      ? `Kept ${d.booksName}' value of ${what} (${JSON.stringify(shownValue)}): written to ${d.crmName}.`
      : `Kept ${d.crmName}'s value of ${what} (${JSON.stringify(shownValue)}): sent to ${d.booksName}.`;
  const status = record ? d.reporter.outboundStatusWrite?.(record, keep === crm ? 'Queued' : 'Synced') : undefined;
  await outbox.enqueue([
    // Its own hash: a stopped write's row kept the hash it had before the field was stopped.
    { ...toOutbox(again, flowOf(row), null), contentHash: contentHash({ decided: ref.key, at: who.mark, again }) },
    toOutbox(log('Resolved', 'resolved', words), flowOf(row), null, crm),
    ...(status ? [toOutbox(status, flowOf(row), null, crm)] : []),
  ]);
  await noteDecision(repos, d, ref.key, decision, who, row, words, null, again.changes);
  return 'applied';
}

async function decideMatch(
  d: ReviewDecisionDeps,
  repos: Repos,
  key: string,
  row: OutboxItem,
  decision: ReviewDecision,
  who: Who,
): Promise<DecisionOutcome> {
  const crm = d.reporter.connectionId;
  const outbox = outboxRepo(repos.db, d.now);
  const candidate = row.review?.kind === 'match' ? row.review : undefined;
  const record = { type: row.sourceType, id: row.sourceId };
  const what = kindInWords(row.sourceType).toLowerCase();
  const flow = { id: row.flowId, sourceConnectionId: row.connectionId, targetConnectionId: row.targetConnectionId };
  const open = row.status === 'failed' && candidate !== undefined;
  const name = candidate?.candidateName ?? '';
  let status: 'Resolved' | 'Failed' = 'Resolved';
  let code = 'resolved';
  let words: string;
  let shown: 'Queued' | 'Failed' | 'Not Synced' | undefined;
  if (!open) {
    words = 'Nothing to decide any more: this record was written (or changed) since.';
  } else if (decision === 'link') {
    const qbId = candidate.candidateKey.slice(row.targetConnectionId.length + 1);
    await identitiesRepo(repos.db, d.now).join(
      { connectionId: row.connectionId, object: row.sourceType, key: row.sourceId },
      { connectionId: row.targetConnectionId, object: row.sourceType, key: qbId },
    );
    await outbox.replay({ ids: [row.id] });
    words = `Linked to ${d.booksName}' ${what} "${name}": this record's changes go to it as an update.`;
    shown = 'Queued';
  } else if (decision === 'create') {
    status = 'Failed';
    code = 'review_name_taken';
    words = `${d.booksName} names are unique, so a new ${what} cannot be added under "${name}", which ${d.booksName} already has. Rename this record (it is then added under its new name), or choose Link.`;
    shown = 'Failed';
  } else if (decision === 'skip') {
    words = `Skipped: nothing was written to ${d.booksName}. A later change of this record is looked up again.`;
    shown = 'Not Synced';
  } else {
    status = 'Failed';
    code = 'review_not_applied';
    words = `A record of the same name is settled by Link, Create New or Skip; nothing was changed.`;
  }
  const log = d.reporter.failureLogWrite({
    key,
    connectionKey: row.targetConnectionId,
    runKey: null,
    outbound: row.connectionId === crm,
    record,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    targetObject: row.object,
    targetExternalId: row.externalId,
    status,
    errorCode: code,
    errorMessage: words,
    attempts: row.attempts,
    decided: decision,
  });
  const statusWrite = shown ? d.reporter.outboundStatusWrite?.(record, shown) : undefined;
  await outbox.enqueue([
    toOutbox({ ...log, source: { type: LOGGED_WRITE, id: row.id } }, flow, null, crm),
    ...(statusWrite ? [toOutbox(statusWrite, flow, null, crm)] : []),
  ]);
  await noteDecision(repos, d, key, decision, who, row, words, status === 'Failed' ? code : null);
  return 'applied';
}

/** The decision in the audit trail: who decided, what, and what was done, in words. */
async function noteDecision(
  repos: Repos,
  d: ReviewDecisionDeps,
  key: string,
  decision: ReviewDecision,
  who: Who,
  row: OutboxItem | undefined,
  words: string,
  errorCode: string | null,
  changes?: AuditEntry['changes'],
): Promise<void> {
  await auditRepo(repos.db).add([
    {
      id: uuidv7(),
      at: d.now(),
      runId: null,
      connectionId: d.reporter.connectionId,
      flowId: row?.flowId ?? '',
      direction: '',
      sourceType: 'review',
      sourceId: key,
      targetObject: row?.object ?? '',
      targetExternalId: row?.externalId ?? '',
      targetId: who.by,
      operation: 'review',
      outcome: decision,
      errorCode,
      errorMessage: words,
      contentHash: who.mark,
      ...(changes ? { changes } : {}),
    },
  ]);
}
