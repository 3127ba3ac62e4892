/**
 * @module
 * The field policy's part for the books' custom fields a CRM's field mapping gives (`FieldRule.custom`,
 * by their name in the books), beside `policy-step.ts`: a value held is marked kept on the record
 * (`CustomValue.keep`), so the target writes nothing of it; the entries a value sets of a write's
 * fields that hold values by name (a target's mapped fields) are found by mapping the record again
 * with it changed; and a value flagged for review keeps, by the connection each goes to, the writes
 * that carry each side's value to the other (the other side's waiting one taken apart now, its
 * entries kept for a person's decision).
 */
import type { fieldStatesRepo } from '../store/field-states.ts';
import type { TargetAdapter, TargetWrite } from './adapters.ts';
import type { CarryWrite, Conflict, FieldState, NestedEntries } from './field-policy.ts';
import type { CanonicalRecord } from './model.ts';
import type { PolicyInput } from './policy-step.ts';

/** The key of a write among a record's writes. */
export const writeKey = (w: TargetWrite) => JSON.stringify([w.object, w.externalId, w.slot ?? '']);

/** The record with the custom values named marked kept: the other side keeps its own (unchanged when none). */
export function keeping(record: CanonicalRecord, names: ReadonlySet<string>): CanonicalRecord {
  if (!names.size || record.type !== 'customer' || !record.custom) return record;
  return { ...record, custom: record.custom.map((c) => (names.has(c.name) ? { ...c, keep: true as const } : c)) };
}

/**
 * Per write (by index), the entries the custom values `names` set of its fields that hold values by
 * name (found, as for a path, by mapping the record again with those values changed).
 */
export function fedCustom(
  target: Pick<TargetAdapter, 'writesFor'>,
  input: Pick<PolicyInput, 'record' | 'writes' | 'ctx' | 'known'>,
  names: ReadonlySet<string>,
): NestedEntries[][] {
  const record = input.record;
  if (record.type !== 'customer' || !record.custom) return input.writes.map(() => []);
  const changed = {
    ...record,
    custom: record.custom.map((c) => (names.has(c.name) ? { ...c, value: `§${c.value}` } : c)),
  };
  const other = new Map(target.writesFor(changed, input.ctx, input.known).map((w) => [writeKey(w), w]));
  const entries = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
  return input.writes.map((w) => {
    const o = other.get(writeKey(w));
    return Object.keys(w.fields).flatMap((field) => {
      const [ours, theirs] = [entries(w.fields[field]), entries(o?.fields[field])];
      if (!ours || !theirs) return [];
      const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])];
      const differ = keys.filter((k) => JSON.stringify(ours[k]) !== JSON.stringify(theirs[k]));
      return differ.length ? [{ field, names: differ }] : [];
    });
  });
}

/** The entries of `nested` a write's fields hold (by field, by name). */
const entriesOf = (w: TargetWrite, nested: readonly NestedEntries[]) =>
  Object.fromEntries(
    nested.map(({ field, names }) => {
      const held = (w.fields[field] ?? {}) as Record<string, unknown>;
      return [field, Object.fromEntries(names.filter((n) => n in held).map((n) => [n, held[n]]))];
    }),
  );

/**
 * The states of the custom values flagged for review, with the writes that carry each side's value
 * to the other: this read's (its entries as the record, not held, maps them) and the other side's
 * waiting one, whose entries are taken out of it now.
 */
export async function customCarries(
  states: ReturnType<typeof fieldStatesRepo>,
  target: Pick<TargetAdapter, 'writesFor'>,
  input: PolicyInput,
  conflicts: readonly Conflict[],
  next: Readonly<Record<string, FieldState>>,
): Promise<Record<string, FieldState>> {
  const { flow } = input;
  const out: Record<string, FieldState> = {};
  for (const c of conflicts.filter((x) => x.kept === 'review')) {
    const f = c.rule.field;
    const perWrite = fedCustom(target, input, new Set([f]));
    const at = perWrite.findIndex((nested) => nested.length > 0);
    const w = input.writes[at];
    const carry: Record<string, CarryWrite> = {};
    if (w) {
      const nested = perWrite[at]!;
      carry[flow.targetConnectionId] = {
        source: flow.sourceConnectionId,
        object: w.object,
        externalId: w.externalId,
        fields: nested.map((n) => n.field),
        nested,
        values: entriesOf(w, nested),
      };
    }
    const taken = c.stop ? await states.take(flow.targetConnectionId, c.stop) : undefined;
    if (c.stop && taken)
      carry[flow.sourceConnectionId] = {
        ...c.stop,
        source: flow.targetConnectionId,
        fields: (c.stop.nested ?? []).map((n) => n.field),
        values: taken,
      };
    out[f] = { ...next[f]!, carry };
  }
  return out;
}
