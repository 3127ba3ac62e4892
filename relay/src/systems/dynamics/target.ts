/**
 * @module
 * Dynamics 365 Sales as a sync target (QuickBooks → Dynamics): customers and vendors become
 * accounts with their contact, items products with their price in Ledgerbridge's price list,
 * invoices invoices (the sales order they were made from moved to Invoiced), through the pure
 * mapping (`mapping/`) and its translation into the engine's writes (`target/writes.ts`). Writes
 * go with *push* delivery: new rows and rows known by id, when nothing but their columns changes,
 * by the bulk messages CreateMultiple and UpdateMultiple (one request a thousand rows against
 * the service protection limits); the rest, and the rows of a bulk call Dynamics refused, each a
 * change set in `$batch` calls of up to 1,000 operations with `continue-on-error`, so one refused
 * row fails alone. A record Dynamics made first (an account a
 * salesperson entered, sent to QuickBooks) is written to by its id, gaining its QuickBooks key.
 * Deletions deactivate (update only: a row never written has nothing to deactivate); nothing but a
 * removed invoice line is ever deleted. A customer's account also takes the columns the
 * environment's field mappings write (`field-mappings/`).
 */
import type { Db } from '../../store/db.ts';
import { identitiesRepo } from '../../store/identities.ts';
import type { TargetAdapter, TargetWrite, WriteOutcome } from '../../sync/adapters.ts';
import type { CanonicalRecord } from '../../sync/model.ts';
import { rankOf } from '../../sync/ranks.ts';
import type { Result } from '../../lib/result.ts';
import type { Logger } from '../../lib/logger.ts';
import type { BulkKind } from './api/bulk.ts';
import { isGuid } from './api/keys.ts';
import type { BatchOperation, DataverseClient, DataverseJson, OperationOutcome } from './api/types.ts';
import { mappedColumns } from './field-mappings/apply.ts';
import type { DynamicsMappingReader } from './field-mappings/reader.ts';
import type { DynamicsMappingContext } from './mapping/context.ts';
import { deletionWrites } from './mapping/deletions.ts';
import { invoiceWrites, LINE_PARENT_BIND } from './mapping/invoices.ts';
import { partyWrites } from './mapping/parties.ts';
import { itemWrites } from './mapping/products.ts';
import { tableOf, type DataverseWrite, type Table } from './mapping/writes.ts';
import { SYNC_LOG } from './provision/schema.ts';
import { SYNC_LOG_SET } from './reporter.ts';
import { operationsOf, rowWriteOf, stateChanges, stateHash, stateKey, targetWritesOf } from './target/writes.ts';

export interface DynamicsTargetOptions {
  /** The environment's connection. */
  readonly connectionId: string;
  readonly client: DataverseClient;
  /** Ledgerbridge's unit group, unit and price list there, and its currencies (`target/sales-setup.ts`). */
  readonly setup: Omit<DynamicsMappingContext, 'connection'>;
  /** The store the engine notes identities in: which rows exist already. */
  readonly db: Db;
  readonly now?: () => number;
  /** The environment's field mappings (`field-mappings/`): a customer's custom values onto its account. */
  readonly mappings?: Pick<DynamicsMappingReader, 'read' | 'last'>;
  readonly log?: Logger;
}

/** Columns set only when a row is made, by entity set. */
const CREATE_ONLY: Readonly<Record<string, readonly string[]>> = { invoicedetails: [LINE_PARENT_BIND] };
/** The table a record's own row is in, when a row Dynamics made first may stand for it. */
const OWN_TABLE: Partial<Record<CanonicalRecord['type'], Table>> = {
  customer: 'account',
  vendor: 'account',
  item: 'product',
};

function mapped(record: CanonicalRecord, ctx: DynamicsMappingContext, known?: string): Result<DataverseWrite[]> {
  switch (record.type) {
    case 'customer':
    case 'vendor':
      return partyWrites(record, ctx);
    case 'item':
      return itemWrites(record, ctx);
    case 'invoice':
      // The sales order it was made from is the Dynamics record of the invoice's entity.
      return record.isSalesOrder ? { ok: true, value: [] } : invoiceWrites(record, ctx, known);
    default:
      return { ok: true, value: [] };
  }
}

/** The customer's mapped columns on its account's first write (the record's own row). */
function withMapped(writes: DataverseWrite[], record: CanonicalRecord, o: DynamicsTargetOptions): DataverseWrite[] {
  const mappings = o.mappings?.last()?.mappings ?? [];
  if (record.type !== 'customer' || !mappings.length) return writes;
  const columns = mappedColumns(record, mappings, o.log);
  const at = writes.findIndex((w) => w.table === 'account');
  if (at < 0 || !Object.keys(columns).length) return writes;
  return writes.map((w, i) => (i === at ? { ...w, row: { ...w.row, ...columns } } : w));
}

/** A row Dynamics made first is written by its id: the writes to it by key go there instead. */
function toKnownRow(writes: DataverseWrite[], record: CanonicalRecord, connection: string, id: string) {
  const table = OWN_TABLE[record.type];
  return writes.map((w) =>
    w.table === table &&
    !('id' in w.address) &&
    w.address.quickbooksId === record.id &&
    w.address.connection === connection
      ? { ...w, address: { id } }
      : w,
  );
}

/** The table an entity set the target writes holds (bulk messages name it in `@odata.type`). */
const logicalName = (entitySet: string) => (entitySet === SYNC_LOG_SET ? SYNC_LOG.table : tableOf(entitySet));

/** Below this many rows, a bulk message saves nothing over `$batch`. */
const MIN_BULK_ROWS = 2;

/** A write sent by a bulk message: its row, and for a new one the state to set once it exists. */
interface BulkRow {
  readonly kind: BulkKind;
  readonly row: DataverseJson;
  readonly state?: DataverseJson;
}

/** How one write is sent: its operations, and whether its row is known to exist already (its id). */
interface Plan {
  readonly known: string | undefined;
  readonly stateOnly: boolean;
  /** The state the write gives its row, sent or already held. */
  readonly state: DataverseJson | undefined;
  readonly ops: BatchOperation[];
}

/**
 * The row a bulk message carries for a plan of one upsert, create or update: a new row, with its
 * key columns (or its derived id) in the body, by CreateMultiple, and the state it must then take
 * (Dataverse sets none on create) by UpdateMultiple; a row whose id is known (or is its address)
 * and whose columns alone change, by UpdateMultiple.
 */
function bulkRowOf(entitySet: string, p: Plan): BulkRow | undefined {
  const [op, then, ...more] = p.ops;
  const state = then?.kind === 'update' ? then.body : undefined;
  if (!op?.body || op.key === undefined || more.length || (then && !state)) return undefined;
  const primary = `${logicalName(entitySet)}id`;
  const afterwards = state ? { state } : {};
  if (p.known === undefined && (op.kind === 'upsert' || op.kind === 'create')) {
    const key = typeof op.key === 'string' ? { [primary]: op.key } : op.key;
    return { kind: 'create', row: { ...op.body, ...key }, ...afterwards };
  }
  const id = typeof op.key === 'string' ? op.key : p.known;
  if (!id || !isGuid(id) || op.kind === 'create') return undefined;
  return { kind: 'update', row: { ...op.body, [primary]: id }, ...afterwards };
}

const settled = (outcomes: readonly OperationOutcome[]) => outcomes.find((o) => !o.ok) ?? outcomes[0];

/** @example const target = createDynamicsTarget({ connectionId: 'dynamics', client, setup, db: store.db }); */
export function createDynamicsTarget(o: DynamicsTargetOptions): TargetAdapter {
  const identities = identitiesRepo(o.db, o.now);
  const localId = (object: string, externalId: string) =>
    identities.localId({ connectionId: o.connectionId, object, key: externalId });

  async function plan(object: string, writes: readonly TargetWrite[], retrying: boolean): Promise<Plan[]> {
    return Promise.all(
      writes.map(async (w) => {
        const known = await localId(object, w.externalId);
        const row = rowWriteOf(w);
        const createOnly = retrying ? [] : (CREATE_ONLY[object] ?? []);
        const columns = retrying && row.columns ? strip(row.columns, CREATE_ONLY[object] ?? []) : row.columns;
        const noted = row.state
          ? (await identities.get(stateKey(o.connectionId, object, w.externalId)))?.contentHash
          : null;
        return {
          known,
          stateOnly: !row.columns,
          state: row.state,
          ops: operationsOf({ ...row, columns }, createOnly, stateChanges(row, noted ?? undefined)),
        };
      }),
    );
  }

  /**
   * The plans a bulk message can carry, sent so: new rows by CreateMultiple, rows known by their
   * id by UpdateMultiple. Returns the plans left for `$batch`: the others, and those of a call
   * Dynamics refused for a reason other than its limits (one bad row fails its whole call, so
   * `$batch` sends them again one by one and the bad one fails alone).
   */
  async function sendInBulk(object: string, plans: readonly Plan[], outcomes: WriteOutcome[]): Promise<number[]> {
    const rest = new Set<number>();
    const bulk: Record<BulkKind | 'state', (BulkRow & { index: number })[]> = { create: [], update: [], state: [] };
    plans.forEach((p, index) => {
      const b = bulkRowOf(object, p);
      if (b) bulk[b.kind].push({ ...b, index });
      else rest.add(index);
    });
    const primary = `${logicalName(object)}id`;
    for (const phase of ['create', 'update', 'state'] as const) {
      const rows = bulk[phase];
      const kind = phase === 'create' ? 'create' : 'update';
      if (rows.length < MIN_BULK_ROWS) {
        for (const r of rows) rest.add(r.index);
        continue;
      }
      const answers = await o.client.writeMultiple(
        kind,
        object,
        logicalName(object),
        rows.map((r) => r.row),
      );
      rows.forEach(({ index, state }, n) => {
        const a = answers[n]!;
        const known = plans[index]!.known;
        if (a.ok) {
          if (phase !== 'state')
            outcomes[index] = { ok: true, targetId: a.value ?? known ?? '', created: kind === 'create' };
          // Written, it then takes its state.
          const id = a.value ?? known;
          if (state && id) bulk.state.push({ kind: 'update', index, row: { ...state, [primary]: id } });
        } else if (a.error.retryable) outcomes[index] = { ok: false, error: a.error };
        else rest.add(index);
      });
    }
    return [...rest].sort((a, b) => a - b);
  }

  async function send(object: string, writes: readonly TargetWrite[], retrying: boolean): Promise<WriteOutcome[]> {
    const plans = await plan(object, writes, retrying);
    const outcomes: WriteOutcome[] = [];
    // A write left with nothing to send (its row holds its state already) is done.
    plans.forEach((p, i) => {
      if (!p.ops.length) outcomes[i] = { ok: true, targetId: p.known ?? '', created: false };
    });
    const rest = (retrying ? plans.map((_, i) => i) : await sendInBulk(object, plans, outcomes)).filter(
      (i) => plans[i]!.ops.length,
    );
    const answers = await o.client.batch(rest.map((i) => plans[i]!.ops));
    const again: number[] = [];
    answers.forEach((ops, n) => {
      const i = rest[n]!;
      const plan = plans[i]!;
      const last = settled(ops);
      const first = ops[0];
      const op: BatchOperation | undefined = plan.ops[0];
      if (last?.ok && first?.ok) {
        outcomes[i] = { ok: true, targetId: first.id ?? plan.known ?? '', created: plan.known === undefined };
      } else if (last && !last.ok && op?.kind === 'create' && last.error.code === 'dyn_already_exists') {
        again.push(i); // made before: an update now, without the columns only a new row takes
      } else if (last && !last.ok && plan.stateOnly) {
        // A state-only write to a row never written: nothing to deactivate.
        outcomes[i] =
          last.error.code === 'dyn_not_found'
            ? { ok: true, targetId: plan.known ?? '', created: false }
            : { ok: false, error: last.error };
      } else {
        outcomes[i] = { ok: false, error: last && !last.ok ? last.error : missingAnswer() };
      }
    });
    if (again.length) {
      const retried = await send(
        object,
        again.map((i) => writes[i]!),
        true,
      );
      again.forEach((i, n) => (outcomes[i] = retried[n]!));
    }
    for (const [i, p] of plans.entries()) {
      const out = outcomes[i];
      if (p.state && out?.ok && !again.includes(i))
        await identities.noteWritten(
          stateKey(o.connectionId, object, writes[i]!.externalId),
          out.targetId,
          stateHash(p.state.statecode),
        );
    }
    return outcomes;
  }

  return {
    connectionId: o.connectionId,
    system: 'dynamics',
    name: 'Dynamics 365 Sales',
    pauseCause: "the environment's service protection limits reached",
    delivery: 'push',
    context: (connectionKey, today) => ({ connectionKey, today }),
    // The environment's field mappings are read (at most hourly) before records are mapped.
    async prepare() {
      await o.mappings?.read();
    },
    writesFor(record, ctx, known) {
      const mctx = { ...o.setup, connection: ctx.connectionKey };
      const writes = mapped(record, mctx, known?.localId);
      if (!writes.ok || writes.value.length === 0) return [];
      const all = withMapped(writes.value, record, o);
      const own = known && OWN_TABLE[record.type] ? toKnownRow(all, record, ctx.connectionKey, known.localId) : all;
      return targetWritesOf(record.type, own);
    },
    deletionWritesFor(deletion, ctx) {
      const writes = deletionWrites(deletion, { ...o.setup, connection: ctx.connectionKey });
      return writes.ok ? targetWritesOf(deletion.recordType, writes.value) : [];
    },
    retiredWrite: (t, source) =>
      t.object === 'invoicedetails'
        ? {
            object: t.object,
            externalIdField: t.externalIdField,
            externalId: t.externalId,
            fields: {},
            operation: 'remove',
            rank: rankOf('invoice', 1),
            source,
          }
        : undefined,
    rollupWrites: () => [],
    statusWrites: () => [],
    write: (object, _field, writes) => send(object, writes, false),
    async remove(object, targetIds) {
      const answers = await o.client.batch(targetIds.map((id) => [{ kind: 'delete', entitySet: object, key: id }]));
      return answers.map((ops, i): WriteOutcome => {
        const a = settled(ops);
        if (a?.ok || (a && a.error.code === 'dyn_not_found'))
          return { ok: true, targetId: targetIds[i]!, created: false };
        return { ok: false, error: a && !a.ok ? a.error : missingAnswer() };
      });
    },
  };
}

const strip = (row: Readonly<Record<string, unknown>>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !names.includes(k)));

const missingAnswer = () => ({
  code: 'dyn_bad_response',
  message: 'Dynamics answered the batch without an answer for this write.',
  retryable: true,
});
