/**
 * @module
 * Writes of several objects packed into as few Composite requests as Salesforce allows: up to 25
 * subrequests a request, of which at most 5 sObject Collections (≤ 200 records each); the other
 * 20 slots take single-record upserts, which suit the few records of a small object. Subrequests
 * run in the order given (`collateSubrequests: false`) and each group follows the ones before it,
 * so a child naming its parent by external ID in a later subrequest finds it written. With
 * `allOrNone: false` a failed parent only fails its children, with Salesforce's missing-parent
 * error.
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

/** A record's outcome; `undefined`: not sent, because a write before it failed for a passing reason. */
export type PackedOutcome = SaveOutcome | undefined;

/** One subrequest: a Collection of a group's records, or one record upserted alone. */
export type PackedSub =
  | { readonly kind: 'collection'; readonly group: number; readonly records: readonly number[] }
  | { readonly kind: 'single'; readonly group: number; readonly record: number };

/**
 * Cuts groups (record indexes in order) into Composite requests. A group's last records go as
 * single upserts when they fit the request's free slots without taking those its Collections need;
 * records that cannot travel alone (`singles: false`: updates by id, external IDs a URL cannot
 * carry) always go in Collections.
 * @example planRequests([{ records: [0, 1], singles: true }]) // [[single 0, single 1]]
 */
export function planRequests(groups: readonly { records: readonly number[]; singles: boolean }[]): PackedSub[][] {
  const requests: PackedSub[][] = [];
  let subs: PackedSub[] = [];
  let collections = 0;
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

function subrequest(api: Api, p: Prepared, sub: PackedSub, ref: string) {
  const { group } = p;
  if (sub.kind === 'single') {
    return nodeSubrequest(api, {
      ref,
      sobject: group.sobject,
      externalIdField: group.externalIdField,
      record: group.records[sub.record]!,
    });
  }
  const records = sub.records.map((i) => {
    const { Id: id, ...rest } = group.records[i]!;
    return group.externalIdField === 'Id'
      ? { Id: id, ...qualifyRecord(api.namer, group.sobject, rest) }
      : qualifyRecord(api.namer, group.sobject, group.records[i]!);
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

/** Sends one Composite request; the outcome of each record it carried, by `group:record`. */
async function send(api: Api, prepared: readonly Prepared[], subs: readonly PackedSub[], out: Map<string, Sent>) {
  const res = await api.request<{
    compositeResponse?: { body: unknown; httpStatusCode: number; referenceId: string }[];
  }>({
    method: 'POST',
    url: '/composite',
    body: {
      allOrNone: false,
      collateSubrequests: false,
      compositeRequest: subs.map((s, k) => subrequest(api, prepared[s.group]!, s, `s${k}`)),
    },
  });
  const records = (s: PackedSub) => (s.kind === 'single' ? [s.record] : s.records);
  if (!res.ok) {
    for (const s of subs)
      for (const r of records(s))
        out.set(`${s.group}:${r}`, { outcome: { ok: false, error: res.error }, requestLevel: true });
    return res.error;
  }
  const answers = new Map((res.value.compositeResponse ?? []).map((a) => [a.referenceId, a]));
  for (const [k, s] of subs.entries()) {
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
  return undefined;
}

const passing = (e: SfError) => e.retryable && e.code !== 'sf_rate_limited';

/**
 * Writes the groups in order, packed (see {@link planRequests}); one outcome per record of each
 * group. Records refused for a passing reason (a row lock) are sent again, with backoff, as the
 * client does for one object — and so is a record refused for its missing parent when a write
 * before it failed that way (the parent may be written on the next try). A request that fails as a
 * whole gives its records that error and stops: the records after it are not sent. So are those
 * whose parent is still failing for a passing reason at the end, to go after it.
 */
export async function writePacked(api: Api, groups: readonly PackedGroup[]): Promise<PackedOutcome[][]> {
  const prepared = groups.map((g) => prepare(api, g));
  const final = new Map<string, Sent>();
  let pending = prepared.map((p) => p.unique);
  let stopped = false;
  for (let attempt = 1; pending.some((g) => g.length) && !stopped; attempt++) {
    const sent = new Map<string, Sent>();
    const plan = planRequests(
      pending.map((records, g) => ({
        records,
        singles:
          prepared[g]!.group.externalIdField !== 'Id' &&
          records.every((r) => canTravelAlone(prepared[g]!.group.records[r]![prepared[g]!.group.externalIdField])),
      })),
    );
    for (const subs of plan) {
      if (await send(api, prepared, subs, sent)) {
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
