/**
 * @module
 * What every {@link TargetAdapter} must do, as one jest suite each target runs against itself (the
 * way Hono runs one suite against each runtime adapter): `runTargetContract(name, makeTarget)` in
 * a `*.test.ts` that builds the target against a live stand-in of its system. The suite brings its
 * own canonical books (a customer with a job, a vendor, an item, an account, an invoice with two
 * lines, a bill, a payment, a journal entry) and names no system: whatever is particular to one
 * lives in its runner. Each case uses a connection of its own, so cases do not see each other's
 * records.
 *
 * @example runTargetContract('the CRM target', async () => ({ target, reporter, unmirrored: [], edition: 'Online', calls, close }));
 */
import type {
  Reporter,
  ConnectionReport,
  TargetAdapter,
  TargetContext,
  TargetWrite,
  WriteOutcome,
} from '../../relay/src/sync/adapters.ts';
import { SYNC_ORDER, type CanonicalRecord, type Deletion, type RecordType } from '../../relay/src/sync/model.ts';
import { AT, TODAY, books, failureLog, run } from './target-books.ts';

export interface TargetUnderContract {
  readonly target: TargetAdapter;
  /** The reporter that goes with it: its reports are written through the target. */
  readonly reporter: Reporter;
  /** Kinds of record the target does not mirror: their writes are none. Every other kind writes. */
  readonly unmirrored: readonly RecordType[];
  /** A source edition the target reports connections of (as a source adapter names it). */
  readonly edition: string;
  /** Calls the system has answered so far. */
  calls(): number;
  /**
   * The reporter keeps failure logs only, no connection health nor runs (its `connectionWrite` and
   * `runWrite` write nothing): the cases leave those out, and check that they are none.
   */
  readonly logsOnly?: boolean;
  /** A job is written as a customer of its own, pointing at no parent: nothing ranks it after one. */
  readonly flatJobs?: boolean;
  /** A record's parts (an invoice's lines) are written under the record's own source, told from it by their object. */
  readonly partsUnderRecord?: boolean;
  /** The target writes no roll-ups onto customers nor statuses of due transactions: they are none. */
  readonly noRollups?: boolean;
  /** What the engine keeps of a write that landed (its identity, as `settle` notes it), for a target that reads it. */
  noteWritten?(write: TargetWrite, targetId: string): Promise<void>;
  close(): Promise<void>;
}

/** Every kind of record the model has. */
const KINDS = SYNC_ORDER;

const report = (connectionKey: string, edition: string): ConnectionReport => ({
  connectionKey,
  edition,
  status: 'Healthy',
  companyName: 'Contract Books',
  pending: 0,
  failed: 0,
});

/** Everything wrong with a write's shape (none: the outbox can hold it). */
function writeProblems(w: TargetWrite, what: string): string[] {
  const out: string[] = [];
  const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (!text(w.object)) out.push(`${what}: no object`);
  if (!text(w.externalIdField)) out.push(`${what}: no externalIdField`);
  if (!text(w.externalId)) out.push(`${what}: no externalId`);
  if (!Number.isFinite(w.rank)) out.push(`${what}: rank ${String(w.rank)}`);
  if (!text(w.source?.type) || !text(w.source?.id)) out.push(`${what}: no source`);
  if (w.fields === null || typeof w.fields !== 'object') out.push(`${what}: no fields`);
  if (w.operation !== undefined && w.operation !== 'upsert' && w.operation !== 'remove')
    out.push(`${what}: operation ${String(w.operation)}`);
  return out;
}

const keyOf = (w: Pick<TargetWrite, 'object' | 'externalIdField' | 'externalId' | 'slot'>) =>
  `${w.object} ${w.externalIdField} ${w.externalId}${w.slot ? ` (${w.slot})` : ''}`;

/** What the outbox sends again for a record the target has: the fields it takes on creation only are left out. */
const again = (w: TargetWrite): TargetWrite =>
  w.createOnly?.length
    ? { ...w, fields: Object.fromEntries(Object.entries(w.fields).filter(([k]) => !w.createOnly!.includes(k))) }
    : w;

/**
 * Sends writes as the engine does: by rank, lowest first, one call per object and external-ID
 * field (and slot) within a rank. Returns each write's outcome by its key.
 */
async function send(u: TargetUnderContract, writes: readonly TargetWrite[]): Promise<Map<string, WriteOutcome>> {
  const outcomes = new Map<string, WriteOutcome>();
  const ranks = [...new Set(writes.map((w) => w.rank))].sort((a, b) => a - b);
  for (const rank of ranks) {
    const groups = new Map<string, TargetWrite[]>();
    for (const w of writes.filter((x) => x.rank === rank)) {
      const g = `${w.object} ${w.externalIdField} ${w.slot ?? ''}`;
      groups.set(g, [...(groups.get(g) ?? []), w]);
    }
    for (const group of groups.values()) {
      const got = await u.target.write(group[0]!.object, group[0]!.externalIdField, group);
      expect(got).toHaveLength(group.length);
      for (const [n, w] of group.entries()) {
        const o = got[n]!;
        outcomes.set(keyOf(w), o);
        if (o.ok && !w.slot) await u.noteWritten?.(w, o.targetId);
      }
    }
  }
  return outcomes;
}

/** The outcomes that are not a success, in words. */
const refusals = (outcomes: Map<string, WriteOutcome>) =>
  [...outcomes].flatMap(([k, o]) => (o.ok ? [] : [`${k}: ${o.error.code} ${o.error.message}`]));

/** Writes that stand for the record itself (not a part of it, nor a second write of it). */
const ranks = (writes: readonly TargetWrite[]) => writes.map((w) => w.rank);

/** Cases a target is known to fail, by the start of their name, each with why: they run as `it.failing`. */
export type KnownFailures = Readonly<Record<string, string>>;

export function runTargetContract(
  name: string,
  makeTarget: () => Promise<TargetUnderContract>,
  knownFailures: KnownFailures = {},
): void {
  const it = (title: string, fn: Parameters<typeof test>[1]) =>
    Object.keys(knownFailures).some((k) => title.startsWith(k)) ? test.failing(title, fn) : test(title, fn);
  describe(`${name} keeps the target contract`, () => {
    let u: TargetUnderContract;
    let connections = 0;
    const r = books();
    beforeAll(async () => {
      u = await makeTarget();
    });
    afterAll(async () => {
      await u?.close();
    });

    /** Writes that stand for the record itself (not a part of it, nor a second write of it). */
    const mine = (r: CanonicalRecord, w: TargetWrite) => w.source.type === r.type && w.source.id === r.id;
    const ownObject = (w: TargetWrite, writes: readonly TargetWrite[]) =>
      !u.partsUnderRecord || w.object === writes[0]?.object;
    const own = (r: CanonicalRecord, writes: readonly TargetWrite[]) =>
      writes.filter((w) => !w.slot && mine(r, w) && ownObject(w, writes));
    const parts = (r: CanonicalRecord, writes: readonly TargetWrite[]) =>
      writes.filter((w) => !w.slot && !(mine(r, w) && ownObject(w, writes)));

    /** A context for a connection no other case uses. */
    function fresh(): TargetContext {
      return u.target.context(`contract-${++connections}`, TODAY);
    }
    const invoiceObject = (ctx: TargetContext) => u.target.writesFor(r.invoice!, ctx)[0]!.object;
    const writesOf = (ctx: TargetContext) => Object.values(r).flatMap((x) => u.target.writesFor(x, ctx));
    /** The reports the reporter keeps of a connection: its health, a run and a failure log, each pointing at the ones before. */
    function bookkeeping(key: string, ctx: TargetContext): TargetWrite[] {
      const health = [u.reporter.connectionWrite(report(key, u.edition)), u.reporter.runWrite(run(key))];
      const log = u.reporter.failureLogWrite(failureLog(key, invoiceObject(ctx)));
      if (u.logsOnly) {
        expect(health).toEqual([undefined, undefined]);
        return [log];
      }
      expect(health).not.toContain(undefined);
      return [...(health as TargetWrite[]), log];
    }
    /** The connection's own record, if the reporter keeps one. */
    const health = (ctx: TargetContext) => (u.logsOnly ? [] : bookkeeping(ctx.connectionKey, ctx).slice(0, 1));
    /** The connection's own record, then the books; every write must succeed. */
    async function written(ctx: TargetContext) {
      const writes = [...health(ctx), ...writesOf(ctx)];
      const outcomes = await send(u, writes);
      expect(refusals(outcomes)).toEqual([]);
      return { writes, outcomes };
    }

    it('names its system as a short code, itself, its pause in words, its connection and how it is reached', () => {
      expect(u.target.system).toMatch(/^[a-z][a-z0-9]*$/);
      expect(u.target.name.trim()).not.toBe('');
      expect(u.target.pauseCause).toMatch(/\S+\s+\S+/);
      expect(u.target.connectionId.trim()).not.toBe('');
      expect(['push', 'pull']).toContain(u.target.delivery);
    });

    it("gives a connection's context for its day without asking the system anything", () => {
      const calls = u.calls();
      expect(u.target.context('contract-context', TODAY)).toMatchObject({
        connectionKey: 'contract-context',
        today: TODAY,
      });
      expect(u.calls()).toBe(calls);
    });

    it('maps every kind of record it mirrors, and its deletion, to well-formed writes, the same each time', async () => {
      const ctx = await fresh();
      const problems: string[] = [];
      for (const kind of KINDS) {
        const record = Object.values(r).find((x) => x.type === kind)!;
        const deletion: Deletion = { type: 'deletion', recordType: kind, id: record.id, deletedAt: AT };
        const writes = u.target.writesFor(record, ctx);
        const deletions = u.target.deletionWritesFor(deletion, ctx);
        const mirrored = !u.unmirrored.includes(kind);
        if (mirrored !== writes.length > 0) problems.push(`${kind}: ${writes.length} writes`);
        if (mirrored !== deletions.length > 0) problems.push(`${kind} deletion: ${deletions.length} writes`);
        problems.push(...writes.flatMap((w) => writeProblems(w, `${kind} ${keyOf(w)}`)));
        problems.push(...deletions.flatMap((w) => writeProblems(w, `${kind} deletion ${keyOf(w)}`)));
        if (writes.some((w) => w.operation === 'remove')) problems.push(`${kind}: a record's own write removes`);
        // The source ties a failure back to the record it came from.
        if (writes.some((w) => !w.source.id.includes(record.id))) problems.push(`${kind}: a write of another record`);
        expect(u.target.writesFor(record, ctx)).toStrictEqual(writes);
      }
      expect(problems).toEqual([]);
    });

    it('ranks what a record points to below it (parent before job, customer before invoice before lines)', async () => {
      const ctx = await fresh();
      const w = (k: string) => u.target.writesFor(r[k]!, ctx);
      /** `lower` ranks below `higher` (`of`: the kind `higher` is of; a kind not mirrored has nothing to rank). */
      const below = (lower: readonly number[], higher: readonly number[], of?: RecordType) => {
        if (of && u.unmirrored.includes(of)) return expect(higher).toEqual([]);
        expect(lower.length * higher.length).toBeGreaterThan(0);
        expect(Math.max(...lower)).toBeLessThan(Math.min(...higher));
      };
      // A job's record comes after its parent's (the parent's contact need not).
      if (!u.flatJobs)
        expect(Math.min(...ranks(own(r.customer!, w('customer'))))).toBeLessThan(
          Math.min(...ranks(own(r.job!, w('job')))),
        );
      below(ranks(own(r.customer!, w('customer'))), ranks(own(r.invoice!, w('invoice'))));
      below(ranks(own(r.invoice!, w('invoice'))), ranks(parts(r.invoice!, w('invoice'))));
      below(ranks(own(r.item!, w('item'))), ranks(parts(r.invoice!, w('invoice'))));
      below(ranks(own(r.vendor!, w('vendor'))), ranks(own(r.bill!, w('bill'))), 'bill');
      below(ranks(own(r.invoice!, w('invoice'))), ranks(own(r.payment!, w('payment'))), 'payment');
      // A failure log points at its run, and both at the connection.
      const reports = ranks(bookkeeping(ctx.connectionKey, ctx));
      expect([...reports].sort((a, b) => a - b)).toEqual(reports);
      expect(new Set(reports).size).toBe(reports.length);
      if (!u.logsOnly) below([reports[0]!], ranks(writesOf(ctx)));
    });

    it('performs writes of one object: one outcome per write, in the order given', async () => {
      const ctx = await fresh();
      const { writes, outcomes } = await written(ctx);
      // Two records of one object by one field, sent again in both orders.
      const [a, b] = Object.values(
        Object.groupBy(
          writes.filter((x) => !x.slot),
          (x) => `${x.object} ${x.externalIdField}`,
        ),
      ).find((g) => (g?.length ?? 0) >= 2)!;
      const ids = [a!, b!].map((x) => (outcomes.get(keyOf(x)) as { targetId: string }).targetId);
      expect(ids[0]).not.toBe(ids[1]);
      const forward = await u.target.write(a!.object, a!.externalIdField, [again(a!), again(b!)]);
      const backward = await u.target.write(a!.object, a!.externalIdField, [again(b!), again(a!)]);
      expect(forward.map((o) => o.ok && o.targetId)).toEqual(ids);
      expect(backward.map((o) => o.ok && o.targetId)).toEqual([...ids].reverse());
    });

    it('is idempotent: the same writes again change nothing (ok, not created, the same target ids)', async () => {
      const ctx = await fresh();
      const { writes, outcomes } = await written(ctx);
      const notCreated = writes
        .filter((x) => !x.slot)
        .filter((x) => {
          const o = outcomes.get(keyOf(x));
          return !(o?.ok && o.created);
        });
      expect(notCreated.map(keyOf)).toEqual([]);
      const second = await send(u, writes.map(again));
      expect(refusals(second)).toEqual([]);
      const changed = [...second].filter(([k, o]) => {
        const first = outcomes.get(k);
        return !(o.ok && !o.created && first?.ok && first.targetId === o.targetId);
      });
      expect(changed.map(([k]) => k)).toEqual([]);
      expect(second.size).toBe(outcomes.size);
    });

    it('retires a record an edit no longer writes with a remove of that record, or keeps it', async () => {
      const ctx = await fresh();
      const problems: string[] = [];
      for (const w of writesOf(ctx)) {
        const t = { object: w.object, externalIdField: w.externalIdField, externalId: w.externalId };
        const retired = u.target.retiredWrite(t, w.source);
        if (retired === undefined) continue;
        if (retired.operation !== 'remove') problems.push(`${keyOf(w)}: retired by an ${String(retired.operation)}`);
        if (keyOf(retired) !== keyOf(t)) problems.push(`${keyOf(w)}: retires ${keyOf(retired)}`);
        if (retired.source !== w.source) problems.push(`${keyOf(w)}: retired for another source`);
        problems.push(...writeProblems(retired, `retired ${keyOf(w)}`));
      }
      expect(problems).toEqual([]);
    });

    it('removes by target id, one outcome per id in order; an id already removed counts as done', async () => {
      const ctx = await fresh();
      const { writes, outcomes } = await written(ctx);
      // An invoice's lines are what an edit retires: every target removes something.
      const removable = writes.filter((w) => u.target.retiredWrite(w, w.source)?.operation === 'remove');
      expect(removable.length).toBeGreaterThan(0);
      for (const [object, group] of Object.entries(Object.groupBy(removable, (w) => w.object))) {
        const ids = group!.map((w) => (outcomes.get(keyOf(w)) as { targetId: string }).targetId);
        for (const round of ['first', 'again']) {
          const got = await u.target.remove(object, ids);
          expect({ round, outcomes: got.map((o) => o.ok && o.targetId) }).toEqual({ round, outcomes: ids });
        }
      }
    });

    it('writes its own bookkeeping: the connection, a run and a failure log, keyed by their keys', async () => {
      const ctx = await fresh();
      const key = ctx.connectionKey;
      const writes = bookkeeping(key, ctx);
      expect(writes.flatMap((w) => writeProblems(w, keyOf(w)))).toEqual([]);
      // Keyed by their keys: the same key, the same record; another key, another.
      const ids = writes.map((w) => w.externalId);
      expect(bookkeeping(key, ctx).map((w) => w.externalId)).toEqual(ids);
      expect(bookkeeping(`${key}-other`, ctx).filter((w) => ids.includes(w.externalId))).toEqual([]);
      if (!u.logsOnly) expect(ids).toEqual([key, `${key}-run`, `${key}-log`]);
      expect(refusals(await send(u, writes))).toEqual([]);
      const second = await send(u, writes);
      expect([...second.values()].map((o) => o.ok && !o.created)).toEqual(writes.map(() => true));
    });

    it("writes a customer's roll-up and a due transaction's status once the records exist", async () => {
      const ctx = await fresh();
      await written(ctx);
      const invoice = r.invoice as Extract<CanonicalRecord, { type: 'invoice' }>;
      const writes = [
        ...u.target.rollupWrites('C-1', { open: '60.00', overdue: '60.00', department: 'East', className: null }, ctx),
        ...u.target.statusWrites(
          { type: 'invoice', id: invoice.id, total: invoice.total, balance: invoice.balance, dueDate: '2026-11-01' },
          ctx,
        ),
      ];
      if (u.noRollups) return expect(writes).toEqual([]);
      expect(writes.length).toBeGreaterThanOrEqual(2);
      expect(writes.flatMap((w) => writeProblems(w, keyOf(w)))).toEqual([]);
      const outcomes = await send(u, writes);
      expect(refusals(outcomes)).toEqual([]);
      expect([...outcomes.values()].every((o) => o.ok && !o.created)).toBe(true);
    });

    it("keeps each connection's records apart: the same record of another connection is another", async () => {
      const [a, b] = [fresh(), fresh()];
      const ids: string[] = [];
      for (const ctx of [a, b]) {
        const writes = own(r.customer!, u.target.writesFor(r.customer!, ctx));
        const outcomes = await send(u, [...health(ctx), ...writes]);
        expect(refusals(outcomes)).toEqual([]);
        const first = outcomes.get(keyOf(writes[0]!));
        expect(first).toMatchObject({ ok: true, created: true });
        ids.push((first as { targetId: string }).targetId);
      }
      expect(ids[0]).not.toBe(ids[1]);
    });

    it("names as a write's owner only a record the customer writes", async () => {
      const ctx = await fresh();
      const customer = u.target.writesFor(r.customer!, ctx).map((w) => `${w.object} ${w.externalId}`);
      const owners = [...u.target.writesFor(r.invoice!, ctx), ...u.target.writesFor(r.payment!, ctx)]
        .map((w) => u.reporter.ownerOf(w))
        .filter((o) => o !== undefined)
        .map((o) => `${o.object} ${o.externalId}`);
      expect(owners.filter((o) => !customer.includes(o))).toEqual([]);
    });
  });
}
