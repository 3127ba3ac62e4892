/**
 * @module
 * Salesforce as a sync target: maps canonical records to upserts (`mapping.ts`), ranks them in
 * reference order, writes them through the client, and reports runs, failures and connection
 * health into the package's own objects.
 */
import type { Logger } from '../../lib/logger.ts';
import type { FieldMappingReader } from './field-mappings.ts';
import { withMappedFields, withShippedFields } from './mapped-fields.ts';
import { AS_SHIPPED } from './shipped-mappings.ts';
import { err, ok, relayError, type RelayError, type Result } from '../../lib/result.ts';
import type { TargetAdapter, TargetContext, TargetWrite, WriteOutcome } from '../../sync/adapters.ts';
import { rankOf as modelRank, SECOND_WRITE_RANK } from '../../sync/ranks.ts';
import type { SalesforceClient } from './client.ts';
import { fitWrite, unsendable } from './field-limits.ts';
import { measureRequests } from './composite-batch.ts';
import { createInactiveItems } from './inactive-items.ts';
import {
  createStandardPricebook,
  namesStandardPricebook,
  noStandardEntry,
  noStandardPricebook,
  productOfEntry,
  STANDARD_ENTRY_SOQL,
  STANDARD_PRICEBOOK,
  STANDARD_PRICEBOOK_SOQL,
  withStandardPricebook,
} from './standard-pricebook.ts';
import {
  deletionWrites,
  toSalesforceWrites,
  transactionStatus,
  type MappingContext,
  type SalesforceWrite,
} from './mapping.ts';
import type { SfError } from './errors.ts';
import type { SObjectName } from './schema.ts';

/** Each object's place in the model's reference order: the kind of record it mirrors, and which part of it. */
const OBJECT_RANK: Partial<Record<SObjectName, number>> = {
  QuickBooks_GL_Account__c: modelRank('account'),
  Product2: modelRank('item'),
  PricebookEntry: modelRank('item', 1),
  Opportunity: modelRank('invoice'),
  QuickBooks_Invoice__c: modelRank('invoice', 1),
  QuickBooks_Invoice_Line__c: modelRank('invoice', 2),
  OpportunityLineItem: modelRank('invoice', 2),
  QuickBooks_Bill__c: modelRank('bill'),
  QuickBooks_Payment__c: modelRank('payment'),
};

/** Objects whose records are deleted when the source record stops writing them. */
const REMOVABLE: ReadonlySet<SObjectName> = new Set(['QuickBooks_Invoice_Line__c', 'OpportunityLineItem']);

/** Where the status of a transaction that falls due is mirrored. */
const STATUS_MIRROR: Readonly<Record<string, { object: SObjectName; externalIdField: string }>> = {
  invoice: { object: 'QuickBooks_Invoice__c', externalIdField: 'QuickBooks_Invoice_Id__c' },
  bill: { object: 'QuickBooks_Bill__c', externalIdField: 'QuickBooks_Bill_Id__c' },
};

/**
 * Accounts: a customer's job after its parent (depth = colons in the full name, up to 5 levels);
 * contacts after every Account of their party.
 */
function writeRank(w: Pick<SalesforceWrite, 'sobject' | 'fields' | 'source'>): number {
  const party = w.source.type === 'vendor' ? 'vendor' : 'customer';
  if (w.sobject === 'Account') {
    const fullName = String(w.fields.QuickBooks_Full_Name__c ?? '');
    return modelRank(party, Math.min(5, fullName.split(':').length - 1));
  }
  if (w.sobject === 'Contact') return modelRank(party, 6);
  const rank = OBJECT_RANK[w.sobject];
  if (rank === undefined) throw new Error(`No reference rank for ${w.sobject}`);
  return rank;
}

const toTarget = (w: SalesforceWrite): TargetWrite => ({
  object: w.sobject,
  externalIdField: w.externalIdField,
  externalId: w.externalId,
  fields: w.fields,
  ...(w.createOnly ? { createOnly: w.createOnly } : {}),
  // A second write of a record (the Opportunity's amount) goes after the lines, never in one batch with the first.
  ...(w.slot ? { slot: w.slot } : {}),
  rank: w.slot ? SECOND_WRITE_RANK : writeRank(w),
  source: w.source,
});

/**
 * An Account row that carries a customer's or vendor's own fields (not its balance roll-up) gets
 * the time it is sent as its last synced time. The stamp is added here, at send time, and never to
 * the mapped fields: those are content-hashed, and a clock in them would rewrite every Account at
 * every session, while an unchanged Account must cost nothing.
 */
const stamped = (object: string, w: TargetWrite, at: string): Readonly<Record<string, unknown>> =>
  object === 'Account' && !w.slot ? { ...w.fields, QuickBooks_Last_Synced_At__c: at } : w.fields;

/** How Salesforce's pause is told (the target's, and `ping`'s, which reads the store alone). */
export const SALESFORCE_PAUSE = { name: 'Salesforce', pauseCause: "the org's daily API allowance used up" } as const;

/**
 * The connection id of the org the environment configures (`SF_LOGIN_URL`, ...): the one every
 * QuickBooks company of the single-org set-up flows into. Migration 14 gave it to the org earlier
 * releases synced into.
 */
export const ENV_ORG_CONNECTION_ID = 'salesforce';

/** Kinds whose record Salesforce may have made first (and sent to QuickBooks): the mirror writes to it. */
const KNOWN_KINDS = new Set(['customer', 'vendor', 'item', 'invoice']);

/**
 * @param options.connectionId the org's connection (default: the environment's org)
 * @example const target = createSalesforceTarget(client, { log });
 */
export function createSalesforceTarget(
  sf: SalesforceClient,
  {
    now = Date.now,
    log,
    connectionId = ENV_ORG_CONNECTION_ID,
    mappings,
  }: { now?: () => number; log?: Logger; connectionId?: string; mappings?: FieldMappingReader } = {},
): TargetAdapter {
  const pricebook = createStandardPricebook(sf, now);
  const inactive = createInactiveItems();
  /** Per connection, the price book id its earlier price book entries were written with (none: the placeholder). */
  const writtenPricebook = new Map<string, string>();
  const mappingContext = (ctx: TargetContext): MappingContext => {
    const standardPricebookId = writtenPricebook.get(ctx.connectionKey);
    return {
      connectionKey: ctx.connectionKey,
      today: ctx.today,
      inactiveItems: inactive.of(ctx.connectionKey),
      ...(standardPricebookId ? { standardPricebookId } : {}),
    };
  };
  /**
   * What stops a write from being sent: a value Salesforce would refuse, or the standard price
   * book it names when its id cannot be read now. Otherwise its fields as sent. `packed`: an id not
   * known yet is left for the packed write to read in its first Composite request (no call of its own).
   */
  /** The ids of the products' own standard price book entries that writes name by {@link standardEntryOf}. */
  async function standardEntries(writes: readonly TargetWrite[]): Promise<Result<Map<string, string>, RelayError>> {
    const products = [...new Set(writes.flatMap((w) => productOfEntry(w.externalId) ?? []))];
    if (!products.length) return ok(new Map());
    const found = await sf.query<{ Id: string; Product2Id: string }>(STANDARD_ENTRY_SOQL(products));
    return found.ok ? ok(new Map(found.value.map((e) => [e.Product2Id, e.Id]))) : err(found.error);
  }

  async function prepared(
    object: string,
    writes: readonly TargetWrite[],
    { packed = false } = {},
  ): Promise<({ error: RelayError } | { fields: Readonly<Record<string, unknown>>; externalId: string })[]> {
    const names = writes.some((w) => namesStandardPricebook(w.fields));
    const id = names && (!packed || pricebook.known()) ? await pricebook.id() : undefined;
    const entries = object === 'PricebookEntry' ? await standardEntries(writes) : ok(new Map<string, string>());
    return writes.map((w) => {
      const error = unsendable(object as SObjectName, w.fields);
      if (error) return { error };
      const product = productOfEntry(w.externalId);
      if (product && !entries.ok) return { error: entries.error };
      const entry = product && entries.ok ? entries.value.get(product) : undefined;
      if (product && !entry) return { error: noStandardEntry };
      const externalId = entry ?? w.externalId;
      if (!id || !namesStandardPricebook(w.fields)) return { fields: w.fields, externalId };
      return id.ok ? { fields: withStandardPricebook(w.fields, id.value), externalId } : { error: id.error };
    });
  }
  /** A write fitted to its fields' lengths; what had to change is logged (never the value). */
  const fitted = (w: SalesforceWrite): SalesforceWrite => {
    const fit = fitWrite(w.sobject, w.fields);
    for (const f of fit.fitted) {
      log?.warn(
        f.action === 'truncated' ? 'text cut to fit its Salesforce field' : 'value too long for its field, left empty',
        { object: w.sobject, field: f.field, externalId: w.externalId, length: f.length, limit: f.limit, kept: f.kept },
      );
    }
    return fit.fitted.length ? { ...w, fields: fit.fields } : w;
  };

  return {
    connectionId,
    system: 'sf',
    delivery: 'push',
    ...SALESFORCE_PAUSE,
    context: (connectionKey, today) => ({ connectionKey, today }),
    // The org's field mappings are read (at most hourly): the shipped defaults apply to every record.
    async prepare() {
      await mappings?.read();
    },
    recalls: ['Product2', 'PricebookEntry'],
    recall(connectionKey, object, written) {
      if (object === 'Product2') inactive.recall(connectionKey, written);
      // Entries an earlier release wrote name the org's id itself: mapping goes on naming it so, or
      // every entry and Opportunity read again would differ from its last write and be sent again.
      const id = written
        .map((w) => w.fields.Pricebook2Id)
        .find((v) => typeof v === 'string' && v !== STANDARD_PRICEBOOK);
      if (object === 'PricebookEntry' && typeof id === 'string') writtenPricebook.set(connectionKey, id);
    },
    writesFor: (record, ctx, known) => {
      if (record.type === 'item') inactive.note(ctx.connectionKey, record.id, record.isActive);
      const knownId = known && KNOWN_KINDS.has(record.type) ? known.localId : undefined;
      const writes = toSalesforceWrites(record, {
        ...mappingContext(ctx),
        ...(knownId ? { knownId, underReview: known?.underReview === true } : {}),
      });
      return withShippedFields(
        withMappedFields(record, writes, mappings?.last()?.mappings ?? [], log).map(fitted),
        mappings?.last()?.shipped.toCrm ?? AS_SHIPPED.toCrm,
      ).map(toTarget);
    },
    deletionWritesFor: (d, ctx) => {
      if (d.recordType === 'item') inactive.note(ctx.connectionKey, d.id, false);
      return withShippedFields(
        deletionWrites(d, mappingContext(ctx)).map(fitted),
        mappings?.last()?.shipped.toCrm ?? AS_SHIPPED.toCrm,
      ).map(toTarget);
    },
    // Invoice lines QuickBooks no longer has are deleted, so the Opportunity adds up to the invoice;
    // anything else an edit stops writing (a customer's former contact) stays as it is.
    retiredWrite: (t, source) =>
      REMOVABLE.has(t.object as SObjectName)
        ? {
            object: t.object,
            externalIdField: t.externalIdField,
            externalId: t.externalId,
            fields: {},
            operation: 'remove',
            rank: writeRank({ sobject: t.object as SObjectName, fields: {}, source }),
            source,
          }
        : undefined,
    rollupWrites: (customerId, totals, ctx) => [
      {
        object: 'Account',
        externalIdField: 'QuickBooks_Customer_Id__c',
        externalId: `${ctx.connectionKey}:${customerId}`,
        slot: 'rollup',
        fields: {
          QuickBooks_Open_Balance__c: totals.open,
          QuickBooks_Overdue_Balance__c: totals.overdue,
          // The most recent invoice's department and class (the customer's class while it has none).
          ...(totals.department !== undefined ? { QuickBooks_Department__c: totals.department } : {}),
          ...(totals.className !== undefined ? { QuickBooks_Class__c: totals.className } : {}),
        },
        rank: SECOND_WRITE_RANK,
        source: { type: 'customerRollup', id: customerId },
      },
    ],
    statusWrites: (t, ctx) => {
      const mirror = STATUS_MIRROR[t.type];
      if (!mirror) return [];
      return [
        {
          object: mirror.object,
          externalIdField: mirror.externalIdField,
          externalId: `${ctx.connectionKey}:${t.id}`,
          slot: 'status',
          // The due date rides along so the write is this crossing's own: the outbox drops a write
          // equal to one Salesforce already confirmed, and a later crossing of the same record (its
          // due date moved by an edit) must not be taken for an earlier one.
          fields: { Status__c: transactionStatus(t, ctx.today), Due_Date__c: t.dueDate },
          // After the record's own write, never in one batch with it.
          rank: SECOND_WRITE_RANK,
          source: { type: t.type, id: t.id },
        },
      ];
    },
    async write(object, externalIdField, writes): Promise<WriteOutcome[]> {
      const at = new Date(now()).toISOString();
      // A number its field cannot hold, or a day that does not exist, is refused here, record by record; the others are sent.
      const ready = await prepared(object, writes);
      const records = writes.flatMap((w, n) => {
        const r = ready[n]!;
        return 'error' in r
          ? []
          : [{ ...stamped(object, { ...w, fields: r.fields }, at), [externalIdField]: r.externalId }];
      });
      // Records the relay did not create (sync requests) have no external ID: update them by id.
      const outcomes = !records.length
        ? []
        : externalIdField === 'Id'
          ? await sf.updateRecords(object as SObjectName, records)
          : await sf.upsertRecords(object as SObjectName, externalIdField, records);
      let next = 0;
      return ready.map((r): WriteOutcome => {
        if ('error' in r) return { ok: false, error: r.error };
        const o = outcomes[next++]!;
        return o.ok ? { ok: true, targetId: o.id, created: o.created } : failed(o.error);
      });
    },
    async writeGroups(groups): Promise<(WriteOutcome | undefined)[][]> {
      const at = new Date(now()).toISOString();
      const ready = await Promise.all(groups.map((g) => prepared(g.object, g.writes, { packed: true })));
      let noPricebook = false;
      const outcomes = await sf.writePacked(
        groups.map((g, k) => ({
          sobject: g.object as SObjectName,
          externalIdField: g.externalIdField,
          records: g.writes.flatMap((w, n) => {
            const r = ready[k]![n]!;
            return 'error' in r
              ? []
              : [{ ...stamped(g.object, { ...w, fields: r.fields }, at), [g.externalIdField]: r.externalId }];
          }),
        })),
        {
          placeholder: STANDARD_PRICEBOOK,
          soql: STANDARD_PRICEBOOK_SOQL,
          found: (id) => {
            if (id) pricebook.learn(id);
            else noPricebook = true;
          },
        },
      );
      return groups.map((_, k) => {
        let next = 0;
        return ready[k]!.map((r): WriteOutcome | undefined => {
          if ('error' in r) return { ok: false, error: r.error };
          const o = outcomes[k]![next++];
          return o === undefined
            ? noPricebook && namesStandardPricebook(r.fields)
              ? { ok: false, error: noStandardPricebook }
              : undefined
            : o.ok
              ? { ok: true, targetId: o.id, created: o.created }
              : failed(o.error);
        });
      });
    },
    measureCalls(calls) {
      // A first request that must read the standard price book's id gives a slot to the query.
      // Records updated by id go in Collections only; the others are taken to travel alone too
      // (an external ID a URL cannot carry costs a Collection: the claim may then need a call more).
      const measure = measureRequests(calls, { query: pricebook.known() === undefined });
      return (_object, externalIdField, n, all = false) => measure.room(n, externalIdField !== 'Id', { all });
    },
    async remove(_object, ids): Promise<WriteOutcome[]> {
      const outcomes = await sf.deleteRecords(ids);
      return outcomes.map((o) => (o.ok ? { ok: true, targetId: o.id, created: false } : failed(o.error)));
    },
    largeBatchFrom: sf.bulkThreshold,
    async writeLarge(object, externalIdField, batch) {
      const at = new Date(now()).toISOString();
      const refused = new Map<string, RelayError>();
      const lookup = await sf.upsertLarge(object as SObjectName, externalIdField, async function* () {
        for await (const writes of batch.pages()) {
          const ready = await prepared(object, writes);
          yield writes.flatMap((w, n) => {
            const r = ready[n]!;
            if ('error' in r) {
              refused.set(w.externalId, r.error);
              return [];
            }
            return [{ ...stamped(object, { ...w, fields: r.fields }, at), [externalIdField]: w.externalId }];
          });
        }
      });
      return (externalId) => {
        const error = refused.get(externalId);
        if (error) return { ok: false, error };
        const o = lookup(externalId);
        return o.ok ? { ok: true, targetId: o.id, created: o.created } : failed(o.error);
      };
    },
  };

  /** A refused write; a refusal for the API allowance pauses the whole target. */
  function failed(error: SfError): WriteOutcome {
    if (error.code !== 'sf_rate_limited') return { ok: false, error };
    const until = sf.health().pausedUntil;
    return { ok: false, error, pausedUntil: until ? Date.parse(until) : now() + 15 * 60_000 };
  }
}

/** For callers that need a clear error when Salesforce is not configured. */
export const salesforceNotConfigured = () =>
  relayError('sf_not_configured', 'Salesforce is not configured: set SF_LOGIN_URL, SF_CLIENT_ID and SF_CLIENT_SECRET');
