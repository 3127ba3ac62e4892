/**
 * @module
 * A small batch that spans objects and ranks (see `store/outbox-span.ts`), handed to the target as
 * groups in reference order — one object and external-ID field of one rank each, lower ranks first —
 * so parents are written before the children that name them.
 */
import type { SpanLimits } from '../store/outbox-span.ts';
import type { TargetAdapter, TargetWrite, WriteOutcome } from './adapters.ts';
import type { DispatchDeps } from './dispatch.ts';

/**
 * A claim is read whole into memory (about 2 KiB a write as it is sent), so it is kept to a few
 * calls' worth: measured, 10,000 writes let a small company's first sync go in fewer calls but add
 * some 20 MiB to a 50,000-invoice backfill's peak. A target that measures its calls gets claims of
 * whole calls (three: some 3,000 writes), so no claim ends in a half-empty call; for the others,
 * a number of writes.
 */
const SPAN_CALLS = 3;
const SPAN_LIMIT = 3_000;

/** How far a small batch may take in more writes. */
export const spanLimits = (deps: DispatchDeps, limit: number, leaseMs: number): SpanLimits => {
  const room = deps.target.measureCalls?.(SPAN_CALLS);
  return {
    limit: room ? limit : Math.min(limit, SPAN_LIMIT),
    leaseMs,
    largeFrom: deps.target.writeLarge ? (deps.target.largeBatchFrom ?? Infinity) : Infinity,
    ...(room ? { room } : {}),
    ...(deps.hold ? { hold: deps.hold } : {}),
  };
};

/**
 * Sends writes in groups, lowest rank first; one outcome per write, in the order given (`undefined`:
 * not sent, see `TargetAdapter.writeGroups`). One group is one plain write, as for any batch.
 * @example const outcomes = await writeInGroups(target, writes);
 */
export async function writeInGroups(
  target: TargetAdapter,
  writes: readonly TargetWrite[],
): Promise<(WriteOutcome | undefined)[]> {
  const byKey = new Map<string, { rank: number; object: string; externalIdField: string; at: number[] }>();
  for (const [n, w] of writes.entries()) {
    const key = `${w.rank}\u0000${w.object}\u0000${w.externalIdField}`;
    const group = byKey.get(key) ?? { rank: w.rank, object: w.object, externalIdField: w.externalIdField, at: [] };
    group.at.push(n);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()].sort((a, b) => a.rank - b.rank);
  const out: (WriteOutcome | undefined)[] = new Array<WriteOutcome | undefined>(writes.length);
  const place = (g: (typeof groups)[number], got: readonly (WriteOutcome | undefined)[] | undefined) => {
    if (!got || got.length !== g.at.length)
      throw new Error(`target returned ${got?.length ?? 0} outcomes for ${g.at.length} writes of ${g.object}`);
    g.at.forEach((n, i) => (out[n] = got[i]));
  };
  const one = groups.length === 1 ? groups[0] : undefined;
  if (one || !target.writeGroups) {
    // One group (any batch of the outbox's own), or a target that writes one object at a time.
    for (const g of groups)
      place(
        g,
        await target.write(
          g.object,
          g.externalIdField,
          g.at.map((n) => writes[n]!),
        ),
      );
    return out;
  }
  const outcomes = await target.writeGroups(
    groups.map((g) => ({ object: g.object, externalIdField: g.externalIdField, writes: g.at.map((n) => writes[n]!) })),
  );
  groups.forEach((g, k) => place(g, outcomes[k]));
  return out;
}
