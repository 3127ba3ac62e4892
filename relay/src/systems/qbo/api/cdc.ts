/**
 * @module
 * Change Data Capture (reference §2.4): `GET /cdc?entities=A,B&changedSince=<datetime>`, at most 30
 * days back and at most 1,000 objects an answer. The answer
 * `{"CDCResponse":[{"QueryResponse":[{"Customer":[…],"startPosition",…},{"Invoice":[…]}]}],"time"}`
 * becomes {@link CdcResult}: records by entity, deleted ones as `{ Id, status: 'Deleted', MetaData }`,
 * and `full` when the answer holds 1,000 objects: QuickBooks may have left changes out, and the
 * caller must read a narrower window.
 */
import { err, ok, type Result } from '../../../lib/result.ts';
import { qboError } from './errors.ts';
import { field } from './faults.ts';
import { asObject } from './json.ts';
import type { CdcResult, QboJson } from './types.ts';

export const CDC_MAX_DAYS = 30;
/** Objects in one CDC answer, at most. */
export const CDC_MAX_OBJECTS = 1000;
const DAY = 86_400_000;

/** Whether `changedSince` is one CDC accepts at `now`; the refusal (no call made) otherwise. */
export function checkChangedSince(changedSince: string, now: number): Result<void> {
  const since = Date.parse(changedSince);
  if (Number.isNaN(since)) {
    return err(qboError('qbo_validation', undefined, `(changedSince "${changedSince}" is not a date and time)`));
  }
  if (now - since > CDC_MAX_DAYS * DAY) {
    return err(qboError('qbo_cdc_too_old', undefined, `(asked for changes since ${changedSince})`));
  }
  return ok(undefined);
}

const GROUP_KEYS = new Set(['startposition', 'maxresults', 'totalcount']);

function record(value: unknown): QboJson | undefined {
  const r = asObject(value);
  if (!r || r.status !== 'Deleted') return r;
  return { Id: r.Id, status: 'Deleted', MetaData: r.MetaData };
}

/** Reads a CDC answer; `undefined` when it is not one. */
export function parseCdc(body: QboJson): CdcResult | undefined {
  const responses = field(body, 'CDCResponse');
  const first = Array.isArray(responses) ? asObject(responses[0]) : undefined;
  const groups = first ? field(first, 'QueryResponse') : undefined;
  if (!Array.isArray(groups)) return undefined;
  const byEntity: Record<string, QboJson[]> = {};
  let objects = 0;
  for (const group of groups.map(asObject)) {
    for (const [entity, list] of Object.entries(group ?? {})) {
      if (GROUP_KEYS.has(entity.toLowerCase()) || !Array.isArray(list)) continue;
      const records = list.map(record).filter((r): r is QboJson => r !== undefined);
      (byEntity[entity] ??= []).push(...records);
      objects += records.length;
    }
  }
  return { time: typeof body.time === 'string' ? body.time : '', byEntity, full: objects >= CDC_MAX_OBJECTS };
}
