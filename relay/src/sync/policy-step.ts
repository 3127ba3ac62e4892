/**
 * @module
 * The field policy applied to one record on its way through ingest (see `field-policy.ts`): the
 * fields it must not change on the other side are made fields set only on creation; a conflict
 * stops the other side's waiting write where this side keeps the field, is in the audit trail with
 * both values, and — when a person must decide — sets the CRM record to Needs Review with a Sync
 * Log in words. Which target fields a canonical field feeds is found by mapping the record again
 * with that field's value changed: no target has to declare it. A custom field of the books a
 * mapping gives is decided the same way, apart (its state by its name in the books); one held is
 * marked kept on the record (`CustomValue.keep`) before it is mapped, so the target writes nothing
 * of it.
 */
import { uuidv7 } from '../lib/ids.ts';
import { auditRepo } from '../store/audit.ts';
import { fieldStatesRepo } from '../store/field-states.ts';
import type { Identity } from '../store/identities.ts';
import type { Repos } from '../store/index.ts';
import { outboxRepo } from '../store/outbox.ts';
import type { Flow } from '../store/topology.ts';
import type { Reporter, SourceAdapter, TargetAdapter, TargetContext, TargetWrite } from './adapters.ts';
import {
  customValueOf,
  decide,
  POLICY_FIELDS,
  valueAt,
  type Conflict,
  type FieldRule,
  type FieldState,
  type PendingWrite,
} from './field-policy.ts';
import { contentHash, withoutCreateOnly } from './hash.ts';
import { toOutbox } from './ingest.ts';
import { customCarries, fedCustom, keeping, writeKey } from './policy-custom.ts';
import type { CanonicalRecord } from './model.ts';

export interface PolicyDeps {
  readonly source: Pick<SourceAdapter, 'name'>;
  readonly target: Pick<TargetAdapter, 'writesFor' | 'name'>;
  readonly reporter: Reporter;
  readonly now: () => number;
}

export interface PolicyInput {
  readonly flow: Flow;
  readonly record: CanonicalRecord;
  readonly writes: readonly TargetWrite[];
  readonly ctx: TargetContext;
  readonly known: { readonly localId: string } | undefined;
  readonly counterpart: Identity | undefined;
  readonly runId: string;
  readonly direction: string;
  /** The rest hash noted when this record was last read (see {@link PolicyResult.rest}). */
  readonly lastRest: string | null;
  /** When the record was stored as read (its inbox payload's time). */
  readonly readAt?: number;
}

/** The writes as the policy lets them go, and what to note once the record's entity is known. */
export interface PolicyResult {
  readonly writes: readonly TargetWrite[];
  readonly note: (entityId: string) => Promise<void>;
  /** The hash of the writes without every field the policy tracks, for the record's identity. */
  readonly rest?: string;
  /**
   * Nothing to send: no tracked field changed here since both sides agreed on it (or only fields
   * now waiting for review), and the rest is as last mirrored. So the record read is our own write
   * into it, come back (its other side already holds all of it): the change made on the other
   * side, nothing of this side's own.
   */
  readonly echo?: boolean;
  /** A conflict or its resolution was reported (a Sync Log of this run): the run is not a quiet one. */
  readonly reported?: boolean;
}

const NOTHING = async () => {};

/** A canonical value changed in a way any mapping shows (strings keep their kind: a number stays a number). */
function probe(v: unknown): unknown {
  if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v) ? (v.startsWith('-') ? v.slice(1) : `1${v}`) : `§${v}`;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, probe(x)]));
  return v;
}

function probed<T extends object>(record: T, paths: readonly string[]): T {
  const copy = structuredClone(record) as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.split('.');
    let at: Record<string, unknown> | undefined = copy;
    for (const part of parts.slice(0, -1)) {
      const v: unknown = at?.[part];
      at = v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
    }
    const last = parts.at(-1)!;
    if (at && at[last] !== undefined) at[last] = probe(at[last]);
  }
  return copy as T;
}

/** Per write (by index), the target fields the canonical `paths` feed. */
function fed(deps: PolicyDeps, input: PolicyInput, paths: readonly string[]): string[][] {
  const other = new Map(
    deps.target.writesFor(probed(input.record, paths), input.ctx, input.known).map((w) => [writeKey(w), w]),
  );
  return input.writes.map((w) => {
    const o = other.get(writeKey(w));
    return Object.keys(w.fields).filter((k) => !o || JSON.stringify(w.fields[k]) !== JSON.stringify(o.fields[k]));
  });
}

const shown = (json: string) => {
  const v: unknown = JSON.parse(json);
  if (v === null) return '(empty)';
  if (typeof v === 'object') return `"${Object.values(v as object).join(', ')}"`;
  return `"${String(v)}"`;
};

/** A value as a person reads it, side by side with the other (no quotes; empty when empty). */
export const shownValue = (json: string): string => {
  const v: unknown = JSON.parse(json);
  if (v === null) return '';
  if (typeof v === 'object') return Object.values(v as object).join(', ');
  return String(v);
};

/** The key of the review log of one field of one entity (its books connection first; a custom field's marked so). */
export const conflictLogKey = (
  books: string,
  entityId: string,
  rule: Pick<FieldRule, 'recordType' | 'field' | 'custom'>,
) => `${books}:conflict:${entityId}:${rule.recordType}${rule.custom ? ':custom:' : '.'}${rule.field}`;

/** Applies the CRM's field policy to a record's writes (unchanged when no rule names its kind). */
export async function applyPolicy(repos: Repos, deps: PolicyDeps, input: PolicyInput): Promise<PolicyResult> {
  const { flow, record, counterpart } = input;
  const tracked = POLICY_FIELDS[record.type];
  if (!tracked) return { writes: input.writes, note: NOTHING };
  const states = fieldStatesRepo(repos.db, deps.now);
  const values = Object.fromEntries(tracked.map((f) => [f, valueAt(record, f)]));
  const to = flow.targetConnectionId;
  // A record the other side does not have yet is created whole: what it is given is on its way.
  const created = Object.fromEntries(tracked.map((f) => [f, { value: values[f]!, to }]));
  if (!counterpart) return { writes: input.writes, note: (entityId) => states.put(entityId, created) };
  const all = ((await deps.reporter.fieldPolicy?.()) ?? []).filter((r) => r.recordType === record.type);
  const rules = all.filter((r) => !r.custom);
  const customRules = all.filter((r) => r.custom);
  const lock = repos.db.profile.connectionLock;
  if (lock) await repos.db.query(lock, [`entity:${counterpart.entityId}`]);
  const state = await states.get(counterpart.entityId);
  const side = flow.sourceConnectionId === deps.reporter.connectionId ? 'crm' : 'books';
  const { readAt } = input;
  const d = decide({ rules, values, state, side, from: flow.sourceConnectionId, to, exists: true, readAt });
  // The books' custom fields a mapping gives, decided apart: their states are kept by their name there.
  const customState = customRules.length ? await states.custom(counterpart.entityId) : {};
  const customValues = Object.fromEntries(customRules.map((r) => [r.field, customValueOf(record, r.field)]));
  const dc = decide({
    rules: customRules,
    values: customValues,
    state: customState,
    side,
    from: flow.sourceConnectionId,
    to,
    exists: true,
    readAt,
  });
  const kept = keeping(record, new Set(dc.hold));
  // While a person must settle a field, the record the other side made shows it.
  const review = input.known && [...Object.values(d.next), ...Object.values(dc.next)].some((s) => s.review);
  const known = review ? { ...input.known!, underReview: true } : input.known;
  const basis =
    review || kept !== record
      ? { ...input, record: kept, known, writes: deps.target.writesFor(kept, input.ctx, known) }
      : input;

  // What this side did not change, or may not change, is left as the other side has it.
  const held = d.hold.length ? fed(deps, basis, d.hold) : [];
  const writes = basis.writes.map((w, i) =>
    held[i]?.length ? { ...w, createOnly: [...new Set([...(w.createOnly ?? []), ...held[i]])] } : w,
  );
  // Where each field sent goes, so a conflict found on the other side can stop it while it waits.
  // And what each changes on the other side, for the audit trail (the value it held, and ours).
  // A field no rule names flows whole, as it always did; its state follows it.
  const ruled = new Set(rules.map((r) => r.field));
  const next = {
    ...d.next,
    ...Object.fromEntries(tracked.filter((f) => !ruled.has(f)).map((f) => [f, { value: values[f]! }])),
  };
  const changes = writes.map((): Record<string, [unknown, unknown]> => ({}));
  for (const f of d.send) {
    const perWrite = fed(deps, basis, [f]);
    const at = perWrite.findIndex((fields) => fields.length > 0);
    const w = writes[at];
    if (!w) continue;
    next[f] = { ...next[f]!, pending: { object: w.object, externalId: w.externalId, fields: perWrite[at]! } };
    const before = state[f]?.review?.[flow.targetConnectionId] ?? state[f]?.value;
    const ours = next[f]!.value;
    if (before !== undefined && before !== ours)
      changes[at]![`${record.type}.${f}`] = [JSON.parse(before), JSON.parse(ours)];
  }
  // A custom value sent: the entries of the write it sets, so a conflict found on the other side can stop them.
  const customNext: Record<string, FieldState> = { ...dc.next };
  for (const f of dc.send) {
    const perWrite = fedCustom(deps.target, basis, new Set([f]));
    const at = perWrite.findIndex((nested) => nested.length > 0);
    const w = writes[at];
    if (w)
      customNext[f] = {
        ...customNext[f]!,
        pending: { object: w.object, externalId: w.externalId, fields: [], nested: perWrite[at]! },
      };
  }
  const audited = writes.map((w, i) => (Object.keys(changes[i]!).length ? { ...w, changes: changes[i] } : w));
  // A field flagged for review: the writes that would carry each side's value to the other, for a decision.
  for (const c of d.conflicts.filter((x) => x.kept === 'review')) {
    const f = c.rule.field;
    const perWrite = fed(deps, basis, [f]);
    const at = perWrite.findIndex((fields) => fields.length > 0);
    const w = writes[at];
    const carry = {
      ...(w
        ? {
            [to]: {
              source: flow.sourceConnectionId,
              object: w.object,
              externalId: w.externalId,
              fields: perWrite[at]!,
              values: Object.fromEntries(perWrite[at]!.map((field) => [field, w.fields[field]])),
            },
          }
        : {}),
      ...(c.stop ? { [flow.sourceConnectionId]: { ...c.stop, source: to } } : {}),
    };
    next[f] = { ...next[f]!, carry };
  }
  // A mapped field flagged for review: the same, the other side's waiting write taken apart now.
  Object.assign(customNext, await customCarries(states, deps.target, input, dc.conflicts, customNext));
  const conflicts = [...d.conflicts, ...dc.conflicts.map((c) => (c.kept === 'review' ? { ...c, stop: undefined } : c))];
  // No field waits for a person yet, so the record shows no review: a review found now writes its
  // Needs Review even when an earlier review wrote the same (the mirror's Synced replaced it since).
  const fresh = ![...Object.values(state), ...Object.values(customState)].some((s) => s.review);
  let statusShown = false;
  for (const c of conflicts) statusShown = (await settleConflict(repos, deps, input, side, c, fresh)) || statusShown;
  for (const rule of [...d.resolved, ...dc.resolved]) await reportReview(repos, deps, input, side, rule, undefined);
  await states.put(counterpart.entityId, next, customRules.length ? customNext : undefined);
  const untracked = new Set(customRules.map((r) => r.field));
  const rest = restHash(deps, basis, tracked, untracked);
  // Under review the field a person must settle is held back and the CRM record shows the review
  // by its status: a rest as last mirrored — or, when the review's status write went just now, as
  // mirrored before the review — leaves these writes nothing to set.
  const onlyReviews = conflicts.every((c) => c.kept === 'review');
  const mirrored = review && onlyReviews && statusShown ? [rest, restHash(deps, input, tracked, untracked)] : [rest];
  // A field no rule names that changed here since it was last seen flows whole: no echo, then.
  const moved = tracked.some((f) => !ruled.has(f) && state[f] !== undefined && state[f].value !== values[f]);
  const echo =
    !moved &&
    d.send.length === 0 &&
    dc.send.length === 0 &&
    (review ? onlyReviews : conflicts.length === 0) &&
    input.lastRest !== null &&
    mirrored.includes(input.lastRest);
  const reported = conflicts.length > 0 || d.resolved.length > 0 || dc.resolved.length > 0;
  return { writes: audited, note: NOTHING, rest, echo, reported };
}

/** The hash of the writes without the fields any tracked canonical field feeds, nor the tracked custom values. */
function restHash(
  deps: PolicyDeps,
  input: PolicyInput,
  tracked: readonly string[],
  custom: ReadonlySet<string>,
): string {
  const record = keeping(input.record, custom);
  const basis =
    record === input.record
      ? input
      : { ...input, record, writes: deps.target.writesFor(record, input.ctx, input.known) };
  const fedFields = fed(deps, basis, tracked);
  return contentHash(basis.writes.map((w, i) => [w.object, w.externalId, withoutCreateOnly(w.fields, fedFields[i]!)]));
}

async function settleConflict(
  repos: Repos,
  deps: PolicyDeps,
  input: PolicyInput,
  side: 'books' | 'crm',
  c: Conflict,
  fresh: boolean,
): Promise<boolean> {
  const stopped: PendingWrite | undefined = c.stop;
  if (stopped) await fieldStatesRepo(repos.db, deps.now).stop(input.flow.targetConnectionId, stopped);
  const [before, after] = c.kept === 'ours' ? [c.theirs, c.ours] : [c.ours, c.theirs];
  await auditRepo(repos.db).add([
    {
      id: uuidv7(),
      at: deps.now(),
      runId: input.runId,
      connectionId: input.flow.sourceConnectionId,
      flowId: input.flow.id,
      direction: input.direction,
      sourceType: input.record.type,
      sourceId: input.record.id,
      targetObject: '',
      targetExternalId: '',
      targetId: input.counterpart?.localId ?? null,
      operation: 'conflict',
      outcome: c.kept === 'review' ? 'needs_review' : c.kept === 'ours' ? 'kept_source' : 'kept_target',
      errorCode: c.kept === 'review' ? 'review_field_conflict' : null,
      errorMessage: conflictWords(deps, c),
      contentHash: '',
      changes: { [`${c.rule.recordType}.${c.rule.field}`]: [JSON.parse(before), JSON.parse(after)] },
    },
  ]);
  return c.kept === 'review' && (await reportReview(repos, deps, input, side, c.rule, c, fresh));
}

function conflictWords(deps: PolicyDeps, c: Conflict): string {
  const both = `${c.rule.label} was changed on both sides: ${deps.source.name} has ${shown(c.ours)}, ${deps.target.name} has ${shown(c.theirs)}.`;
  if (c.kept === 'review')
    return `${both} Neither was copied over. Change it on the side whose value is wrong (or make both agree), and that change syncs.${c.rule.reason ? ` ${c.rule.reason}` : ''}`;
  const winner = c.kept === 'ours' ? deps.source.name : deps.target.name;
  return `${both} The field policy keeps ${winner}'s value; the other was overwritten.`;
}

/**
 * The CRM record's review state and its Sync Log: Needs Review on a conflict, Resolved once a side
 * changed. Whether the CRM record was set to Needs Review by a write of its own. A `fresh` review
 * (the record shows none) gets a status write of its own hash: an earlier review's row, sent with
 * the same content, is no sign the record still shows it.
 */
async function reportReview(
  repos: Repos,
  deps: PolicyDeps,
  input: PolicyInput,
  side: 'books' | 'crm',
  rule: FieldRule,
  c: Conflict | undefined,
  fresh = false,
): Promise<boolean> {
  const { flow, record, counterpart } = input;
  const crmId = side === 'crm' ? record.id : counterpart?.localId;
  const books = side === 'books' ? flow.sourceConnectionId : flow.targetConnectionId;
  const outbox = outboxRepo(repos.db, deps.now);
  const to = deps.reporter.connectionId;
  const key = conflictLogKey(books, counterpart!.entityId, rule);
  const log = deps.reporter.failureLogWrite({
    key,
    connectionKey: books,
    runKey: input.runId,
    sourceType: record.type,
    sourceId: record.id,
    targetObject: '',
    targetExternalId: '',
    status: c ? 'Failed' : 'Resolved',
    errorCode: c ? 'review_field_conflict' : 'resolved',
    errorMessage: c ? conflictWords(deps, c) : `${rule.label} was changed on one side since; that change was synced.`,
    attempts: 1,
    attemptedAt: deps.now(),
    outbound: side === 'crm',
    ...(crmId ? { record: { type: record.type, id: crmId } } : {}),
    ...(c
      ? {
          review: {
            kind: 'conflict' as const,
            field: rule.label,
            books: shownValue(side === 'books' ? c.ours : c.theirs),
            crm: shownValue(side === 'crm' ? c.ours : c.theirs),
          },
        }
      : {}),
  });
  const status =
    c && crmId ? deps.reporter.outboundStatusWrite?.({ type: record.type, id: crmId }, 'Needs Review') : undefined;
  const row = (w: TargetWrite) =>
    toOutbox({ ...w, source: { type: record.type, id: record.id } }, flow, input.runId, to);
  const shown =
    status && fresh ? { ...row(status), contentHash: contentHash({ review: key, run: input.runId }) } : undefined;
  await outbox.enqueue([row(log), ...(shown ? [shown] : status ? [row(status)] : [])]);
  return status !== undefined;
}
