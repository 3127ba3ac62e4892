/**
 * @module
 * Writes of several objects packed into as few Composite requests as Salesforce allows: up to 25
 * subrequests a request, of which at most 5 sObject Collections (≤ 200 records each); the other
 * 20 slots take single-record upserts, which suit the few records of a small object. Subrequests
 * run in the order given (`collateSubrequests: false`) and each group follows the ones before it,
 * so a child naming its parent by external ID in a later subrequest finds it written. With
 * `allOrNone: false` a failed parent only fails its children, with Salesforce's missing-parent
 * error. A value the records name by a placeholder (the standard price book's id) can be read by a
 * query subrequest at the head of the first request, which the later subrequests reference, rather
 * than by a call of its own.
 */
import type { Api } from './api.ts';
import {
  collectionBody,
  COLLECTION_LIMIT,
  COLLECTIONS_PER_COMPOSITE,
  parseSaveResults,
  subrequestError,
  type SaveOutcome,
} from './collections.ts';
import { nodeSubrequest, parseSubResponse, COMPOSITE_LIMIT } from './composite.ts';
import { isMissingParent, type SfError } from './errors.ts';
import { qualifyRecord } from './records.ts';
import { backoffDelay } from './retry.ts';
import type { SObjectName } from './schema.ts';
import type { RecordInput } from './types.ts';

/** Records of one object written by one external-ID field (`Id`: updated by their Salesforce ids). */
export interface PackedGroup {
  readonly sobject: SObjectName;
  readonly externalIdField: string;
  readonly records: readonly RecordInput[];
}

/**
 * A value records name by a placeholder (a field equal to it), read by a query in the first
 * Composite request: the Id of the query's first record.
 */
export interface PackedLookup {
  readonly placeholder: string;
  readonly soql: string;
  /** Told what the query found; `undefined`: no record, so the records naming it are not sent. */
  readonly found: (id: string | undefined) => void;
}

/**
 * A record's outcome; `undefined`: not sent, because a write before it failed for a passing reason
 * or it names a lookup that found nothing.
 */
export type PackedOutcome = SaveOutcome | undefined;

/** One subrequest: a Collection of a group's records, one record upserted alone, or the lookup's query. */
export type PackedSub =
  | { readonly kind: 'collection'; readonly group: number; readonly records: readonly number[] }
  | { readonly kind: 'single'; readonly group: number; readonly record: number }
  | { readonly kind: 'query' };

/**
 * Cuts groups (record indexes in order) into Composite requests. A group's last records go as
 * single upserts when they fit the request's free slots without taking those its Collections need;
 * records that cannot travel alone (`singles: false`: updates by id, external IDs a URL cannot
 * carry) always go in Collections. `query`: the first request opens with the lookup's query, which
 * takes a slot and counts among the 5 heavy subrequests like a Collection.
 * @example planRequests([{ records: [0, 1], singles: true }]) // [[single 0, single 1]]
 */
export function planRequests(
  groups: readonly { records: readonly number[]; singles: boolean }[],
  { query = false }: { query?: boolean } = {},
): PackedSub[][] {
  const requests: PackedSub[][] = [];
  let subs: PackedSub[] = query ? [{ kind: 'query' }] : [];
  let collections = query ? 1 : 0;
  const next = () => {
    requests.push(subs);
    subs = [];
    collections = 0;
  };
  for (const [group, g] of groups.entries()) {
    let rest = g.records;
    while (rest.length) {
      if (subs.length === COMPOSITE_LIMIT) next();
      const heavyLeft = COLLECTIONS_PER_COMPOSITE - collections;
      const free = COMPOSITE_LIMIT - subs.length;
      if (g.singles && (rest.length <= free - heavyLeft || heavyLeft === 0)) {
        const alone = rest.slice(0, free);
        for (const record of alone) subs.push({ kind: 'single', group, record });
        rest = rest.slice(alone.length);
      } else if (heavyLeft > 0) {
        subs.push({ kind: 'collection', group, records: rest.slice(0, COLLECTION_LIMIT) });
        collections++;
        rest = rest.slice(COLLECTION_LIMIT);
      } else next();
    }
  }
  if (subs.length) requests.push(subs);
  return requests;
}

/**
 * Measures out `calls` Composite requests for groups told one after another, as
 * {@link planRequests} would pack them: `room(n, singles)` says how many of `n` more records of the
 * next group still fit in those requests, and counts them in (`all`: the group is taken whole,
 * fitting or not, and fills what it needs). So a claim can stop where a request is full rather than
 * end in a half-empty one.
 * @example const m = measureRequests(2); m.room(15, true) // 15; m.room(5000, true) // 2025
 */
export function measureRequests(calls: number, { query = false }: { query?: boolean } = {}) {
  const taken: { records: readonly number[]; singles: boolean }[] = [];
  const records = (n: number) => Array.from({ length: n }, (_, i) => i);
  const fits = (n: number, singles: boolean) =>
    planRequests([...taken, { records: records(n), singles }], { query }).length <= calls;
  return {
    room(n: number, singles: boolean, { all = false }: { all?: boolean } = {}): number {
      let fit = n;
      if (!all && !fits(n, singles)) {
        // The largest count that fits: the plan only grows with the group.
        let [lo, hi] = [0, n - 1];
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (fits(mid, singles)) lo = mid;
          else hi = mid - 1;
        }
        fit = lo;
      }
      if (fit > 0) taken.push({ records: records(fit), singles });
      return fit;
    },
  };
}

const canTravelAlone = (value: unknown) => typeof value === 'string' && value !== '' && !value.includes('/');

interface Prepared {
  readonly group: PackedGroup;
  readonly objectName: string;
  readonly extName: string;
  /** Qualified records, duplicates (same external ID) collapsed to the last one. */
  readonly unique: readonly number[];
  readonly keyOf: readonly number[];
}

function prepare(api: Api, group: PackedGroup): Prepared {
  const byId = group.externalIdField === 'Id';
  const keep = new Map<string, number>();
  const keys = group.records.map((r, i) => (byId ? String(i) : String(r[group.externalIdField] ?? '').toLowerCase()));
  keys.forEach((k, i) => keep.set(k, i));
  return {
    group,
    objectName: api.namer(group.sobject),
    extName: api.namer(group.externalIdField),
    unique: [...keep.values()].sort((a, b) => a - b),
    keyOf: keys.map((k) => keep.get(k)!),
  };
}

/** The lookup's query subrequest, and how later subrequests name its answer. */
const LOOKUP_REF = 'lookup';
const LOOKUP_VALUE = `@{${LOOKUP_REF}.records[0].Id}`;

/** Where the lookup stands: `id` once read (`undefined`: the org has no such record), `error` if its query failed this attempt. */
interface LookupState {
  readonly lookup: PackedLookup;
  read?: { id: string | undefined };
  error?: SfError;
}

const namesLookup = (state: LookupState | undefined, record: RecordInput) =>
  state !== undefined && Object.values(record).includes(state.lookup.placeholder);

/** The record as sent: the placeholder replaced by the value read, or by a reference to the query in the same request. */
function resolved(state: LookupState | undefined, record: RecordInput): RecordInput {
  if (!state || !namesLookup(state, record)) return record;
  const value = state.read?.id ?? LOOKUP_VALUE;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === state.lookup.placeholder ? value : v]));
}

function subrequest(
  api: Api,
  p: Prepared,
  sub: Exclude<PackedSub, { kind: 'query' }>,
  ref: string,
  state?: LookupState,
) {
  const { group } = p;
  if (sub.kind === 'single') {
    return nodeSubrequest(api, {
      ref,
      sobject: group.sobject,
      externalIdField: group.externalIdField,
      record: resolved(state, group.records[sub.record]!),
    });
  }
  const records = sub.records.map((i) => {
    const record = resolved(state, group.records[i]!);
    const { Id: id, ...rest } = record;
    return group.externalIdField === 'Id'
      ? { Id: id, ...qualifyRecord(api.namer, group.sobject, rest) }
      : qualifyRecord(api.namer, group.sobject, record);
  });
  const path =
    group.externalIdField === 'Id' ? '' : `/${encodeURIComponent(p.objectName)}/${encodeURIComponent(p.extName)}`;
  return {
    method: 'PATCH' as const,
    url: `/services/data/v${api.version}/composite/sobjects${path}`,
    referenceId: ref,
    body: collectionBody(p.objectName, records),
  };
}

type Sent = { outcome: SaveOutcome; requestLevel: boolean };
type Answer = { body: unknown; httpStatusCode: number; referenceId: string };

/** The records a subrequest carries, as `[group, record]`. */
const carried = (s: PackedSub): (readonly [number, number])[] =>
  s.kind === 'single' ? [[s.group, s.record]] : s.kind === 'collection' ? s.records.map((r) => [s.group, r]) : [];

/** A record beside one that named a lookup found missing, refused with it: sent again without it. */
const besideMissingLookup: SfError = {
  code: 'sf_rolled_back',
  message: 'Not written: it was sent beside a record naming a value the org does not have.',
  retryable: true,
};

/** Reads the lookup's answer; when it found nothing, the records that named it are settled as not sent (or as its error). */
function readLookup(
  state: LookupState,
  answer: Answer | undefined,
  prepared: readonly Prepared[],
  subs: readonly PackedSub[],
  out: Map<string, Sent>,
) {
  if (answer && answer.httpStatusCode < 300) {
    const id = (answer.body as { records?: { Id?: string }[] } | null)?.records?.[0]?.Id;
    state.read = { id };
    state.lookup.found(id);
    if (id) return;
  } else state.error = answer ? subrequestError(answer) : { code: 'sf_unknown', message: 'No answer', retryable: true };
  const names = ([g, r]: readonly [number, number]) => namesLookup(state, prepared[g]!.group.records[r]!);
  for (const records of subs.map(carried)) {
    if (!records.some(names)) continue;
    for (const record of records) {
      const key = `${record[0]}:${record[1]}`;
      if (names(record)) {
        if (state.error) out.set(key, { outcome: { ok: false, error: state.error }, requestLevel: false });
        else out.delete(key);
      } else if (!out.get(key)?.outcome.ok) {
        out.set(key, { outcome: { ok: false, error: besideMissingLookup }, requestLevel: false });
      }
    }
  }
}

/** Sends one Composite request; the outcome of each record it carried, by `group:record`. */
async function send(
  api: Api,
  prepared: readonly Prepared[],
  subs: readonly PackedSub[],
  out: Map<string, Sent>,
  state?: LookupState,
) {
  const res = await api.request<{ compositeResponse?: Answer[] }>({
    method: 'POST',
    url: '/composite',
    body: {
      allOrNone: false,
      collateSubrequests: false,
      compositeRequest: subs.map((s, k) =>
        s.kind === 'query'
          ? {
              method: 'GET' as const,
              url: `/services/data/v${api.version}/query?q=${encodeURIComponent(state!.lookup.soql)}`,
              referenceId: LOOKUP_REF,
            }
          : subrequest(api, prepared[s.group]!, s, `s${k}`, state),
      ),
    },
  });
  if (!res.ok) {
    for (const [g, r] of subs.flatMap(carried))
      out.set(`${g}:${r}`, { outcome: { ok: false, error: res.error }, requestLevel: true });
    return res.error;
  }
  const answers = new Map((res.value.compositeResponse ?? []).map((a) => [a.referenceId, a]));
  for (const [k, s] of subs.entries()) {
    if (s.kind === 'query') continue;
    const answer = answers.get(`s${k}`);
    if (!answer) throw new Error(`Composite returned no answer for subrequest ${k}`);
    if (s.kind === 'single') {
      const p = prepared[s.group]!;
      const node = {
        ref: `s${k}`,
        sobject: p.group.sobject,
        externalIdField: p.group.externalIdField,
        record: p.group.records[s.record]!,
      };
      const n = parseSubResponse(node, answer);
      const outcome: SaveOutcome = n.ok
        ? { ok: true, id: n.id!, created: n.created === true }
        : { ok: false, error: n.error! };
      out.set(`${s.group}:${s.record}`, { outcome, requestLevel: false });
      continue;
    }
    if (answer.httpStatusCode >= 300) {
      const error = subrequestError(answer);
      for (const r of s.records) out.set(`${s.group}:${r}`, { outcome: { ok: false, error }, requestLevel: true });
      continue;
    }
    const parsed = parseSaveResults(answer.body);
    if (parsed.length !== s.records.length)
      throw new Error(`Collections returned ${parsed.length} results for ${s.records.length} records`);
    s.records.forEach((r, n) => out.set(`${s.group}:${r}`, { outcome: parsed[n]!, requestLevel: false }));
  }
  if (state && subs[0]?.kind === 'query') readLookup(state, answers.get(LOOKUP_REF), prepared, subs, out);
  return undefined;
}

/**
 * A request planned before the lookup's query failed or found nothing, without the records naming
 * it: those get the query's error (or, when it found nothing, stay unsent).
 */
function withoutLookup(
  state: LookupState,
  prepared: readonly Prepared[],
  subs: readonly PackedSub[],
  out: Map<string, Sent>,
) {
  const names = (g: number, r: number) => namesLookup(state, prepared[g]!.group.records[r]!);
  const setAside = (g: number, r: number) => {
    if (state.error) out.set(`${g}:${r}`, { outcome: { ok: false, error: state.error }, requestLevel: false });
  };
  return subs.flatMap((s): PackedSub[] => {
    if (s.kind === 'query') return [];
    if (s.kind === 'single') {
      if (!names(s.group, s.record)) return [s];
      setAside(s.group, s.record);
      return [];
    }
    for (const r of s.records) if (names(s.group, r)) setAside(s.group, r);
    const kept = s.records.filter((r) => !names(s.group, r));
    return kept.length ? [{ ...s, records: kept }] : [];
  });
}

const passing = (e: SfError) => e.retryable && e.code !== 'sf_rate_limited';

/**
 * Writes the groups in order, packed (see {@link planRequests}); one outcome per record of each
 * group. Records refused for a passing reason (a row lock) are sent again, with backoff, as the
 * client does for one object — and so is a record refused for its missing parent when a write
 * before it failed that way (the parent may be written on the next try). A request that fails as a
 * whole gives its records that error and stops: the records after it are not sent. So are those
 * whose parent is still failing for a passing reason at the end, to go after it. With a `lookup`,
 * the first request that needs its value reads it (see {@link PackedLookup}).
 */
export async function writePacked(
  api: Api,
  groups: readonly PackedGroup[],
  lookup?: PackedLookup,
): Promise<PackedOutcome[][]> {
  const prepared = groups.map((g) => prepare(api, g));
  const state: LookupState | undefined = lookup ? { lookup } : undefined;
  const names = (g: number, r: number) => namesLookup(state, prepared[g]!.group.records[r]!);
  const final = new Map<string, Sent>();
  let pending = prepared.map((p) => p.unique);
  let stopped = false;
  for (let attempt = 1; pending.some((g) => g.length) && !stopped; attempt++) {
    const sent = new Map<string, Sent>();
    if (state) state.error = undefined;
    // A lookup found missing leaves the records naming it unsent.
    if (state?.read && state.read.id === undefined) pending = pending.map((rs, g) => rs.filter((r) => !names(g, r)));
    const plan = planRequests(
      pending.map((records, g) => ({
        records,
        singles:
          prepared[g]!.group.externalIdField !== 'Id' &&
          records.every((r) => canTravelAlone(prepared[g]!.group.records[r]![prepared[g]!.group.externalIdField])),
      })),
      { query: state !== undefined && !state.read && pending.some((rs, g) => rs.some((r) => names(g, r))) },
    );
    for (const planned of plan) {
      const subs =
        state && planned[0]?.kind !== 'query' && !state.read?.id
          ? withoutLookup(state, prepared, planned, sent)
          : planned;
      if (!subs.length) continue;
      if (await send(api, prepared, subs, sent, state)) {
        stopped = true;
        break;
      }
    }
    for (const [k, s] of sent) final.set(k, s);
    const last = attempt >= api.policy.maxAttempts || stopped;
    let parentFailing = false;
    const retry = pending.map((records, g) => {
      const again = records.filter((r) => {
        const s = sent.get(`${g}:${r}`);
        if (!s || s.outcome.ok) return false;
        return (!s.requestLevel && passing(s.outcome.error)) || (parentFailing && isMissingParent(s.outcome.error));
      });
      if (again.some((r) => passing((sent.get(`${g}:${r}`)!.outcome as { error: SfError }).error)))
        parentFailing = true;
      return again;
    });
    if (last) {
      // Children of a parent that may yet be written wait for it, in line, rather than fail.
      for (const [g, records] of retry.entries())
        for (const r of records)
          if (isMissingParent((final.get(`${g}:${r}`)!.outcome as { error: SfError }).error)) final.delete(`${g}:${r}`);
      break;
    }
    if (retry.some((g) => g.length)) {
      api.log.info('retrying records', { count: retry.reduce((n, g) => n + g.length, 0), attempt });
      await api.policy.sleep(backoffDelay(attempt, api.policy));
    }
    pending = retry;
  }
  return prepared.map((p, g) => p.group.records.map((_, i) => final.get(`${g}:${p.keyOf[i]}`)?.outcome));
}
