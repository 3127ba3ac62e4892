/**
 * @module
 * Write fields (`fields.ts`) as the bodies sent to QuickBooks Online, as pure functions: the
 * references they name by the source's id replaced by QuickBooks Ids (or the reason a write cannot
 * go: its customer or an item not in QuickBooks yet), an invoice's custom fields by the company's
 * definitions; a create's body; a sparse update's (`Id`, the `SyncToken` just read, only the fields
 * the write carries, an invoice's lines with the Ids of the lines they replace: a sparse `Line`
 * replaces every line; its custom fields only when one changed); and whether the record as QuickBooks
 * holds it already has everything a write sets (then nothing is sent).
 */
import { compare, parseDecimal } from '../../../lib/money.ts';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { withoutCreateOnly } from '../../../sync/hash.ts';
import type { QboJson } from '../api/types.ts';
import type { CustomFieldDefinition } from '../mapping/custom-fields.ts';
import type { InvoiceFields, NamedCustomField, SourceRef } from './fields.ts';
import { CREATE_ONLY, OBJECTS, type QboObject } from './objects.ts';

/** The kinds of record a write names by the source's id. */
export type RefKind = 'customer' | 'item';
export const refKey = (kind: RefKind, sourceId: string) => `${kind}:${sourceId}`;
/** QuickBooks Ids of referenced records, by {@link refKey}. */
export type Refs = ReadonlyMap<string, string>;

const isSourceRef = (v: unknown): v is SourceRef =>
  typeof v === 'object' && v !== null && typeof (v as SourceRef).sourceId === 'string';

/** The records a write names, as `[kind, source id]`. */
export function refsOf(object: string, fields: Readonly<Record<string, unknown>>): [RefKind, string][] {
  if (object === OBJECTS.customer)
    return isSourceRef(fields.ParentRef) ? [['customer', fields.ParentRef.sourceId]] : [];
  if (object !== OBJECTS.invoice) return [];
  const inv = fields as unknown as InvoiceFields;
  return [
    ['customer', inv.CustomerRef.sourceId],
    ...inv.Line.flatMap((l) => {
      const item = l.SalesItemLineDetail.ItemRef;
      return item ? [['item', item.sourceId] as [RefKind, string]] : [];
    }),
  ];
}

const missingCustomer = (what: string) =>
  relayError(
    'qbo_customer_missing',
    `Not sent to QuickBooks Online: ${what} is not a QuickBooks Online customer yet (its own write failed or waits). It goes again by itself; once the Account is in QuickBooks Online, replay it if it gave up.`,
    { retryable: true },
  );

/**
 * An invoice's custom fields by the company's definitions (`DefinitionId`, StringType): one whose
 * name the company has no field for (or has turned off) is left out, as QuickBooks would drop it.
 */
function customFields(named: readonly NamedCustomField[] | undefined, definitions: readonly CustomFieldDefinition[]) {
  const out = (named ?? []).flatMap((f) => {
    const id = definitions.find((d) => d.name === f.Name)?.id;
    return id ? [{ DefinitionId: id, Type: 'StringType', StringValue: f.StringValue }] : [];
  });
  return out.length ? { CustomField: out } : {};
}

/**
 * The fields with every reference as a QuickBooks Id (`{ value }`) and an invoice's custom fields
 * by `definitions`, or why they cannot be sent.
 * @example resolved('Invoice', fields, new Map([['customer:001…', '58'], ['item:01t…', '3']]))
 */
export function resolved(
  object: string,
  fields: Readonly<Record<string, unknown>>,
  refs: Refs,
  definitions: readonly CustomFieldDefinition[] = [],
): Result<QboJson> {
  if (object === OBJECTS.customer) {
    if (!isSourceRef(fields.ParentRef)) return ok(fields);
    const parent = refs.get(refKey('customer', fields.ParentRef.sourceId));
    return parent ? ok({ ...fields, ParentRef: { value: parent } }) : err(missingCustomer('its parent Account'));
  }
  if (object !== OBJECTS.invoice) return ok(fields);
  const inv = fields as unknown as InvoiceFields;
  const customer = refs.get(refKey('customer', inv.CustomerRef.sourceId));
  if (!customer) return err(missingCustomer('its Account'));
  const missing = inv.Line.filter((l) => {
    const item = l.SalesItemLineDetail.ItemRef;
    return !item || !refs.has(refKey('item', item.sourceId));
  });
  if (missing.length) {
    const named = missing.map((l) => l.Description ?? l.SalesItemLineDetail.ItemRef?.sourceId ?? 'no product');
    return err(
      relayError(
        'qbo_item_missing',
        `Not sent to QuickBooks Online: ${missing.length === 1 ? 'a line names a product' : `${missing.length} lines name products`} with no QuickBooks Online item (${named.join(', ')}). Create or map the item — the product's own write may have failed — then replay.`,
      ),
    );
  }
  const { CustomField: named, ...rest } = inv;
  return ok({
    ...rest,
    ...customFields(named, definitions),
    CustomerRef: { value: customer },
    Line: inv.Line.map((l) => ({
      ...l,
      SalesItemLineDetail: {
        ...l.SalesItemLineDetail,
        ItemRef: { value: refs.get(refKey('item', l.SalesItemLineDetail.ItemRef!.sourceId))! },
      },
    })),
  });
}

/** An invoice's own lines as QuickBooks holds them (without the SubTotal line it adds). */
const ownLines = (record: QboJson): QboJson[] =>
  (Array.isArray(record.Line) ? (record.Line as QboJson[]) : []).filter((l) => l.DetailType !== 'SubTotalLineDetail');

/**
 * A sparse update of `current` (the record as just read) with a write's resolved fields, less those
 * set only on creation. An invoice's lines take the Ids of its current lines in order, so they are
 * changed in place; lines beyond the current ones are new, current lines beyond the write's go.
 */
export function updateBody(object: QboObject, body: QboJson, current: QboJson): QboJson {
  const all = withoutCreateOnly(body, CREATE_ONLY[object]);
  // Custom fields go only when one changed.
  const { CustomField: custom, ...others } = all;
  const fields = custom === undefined || holds(current.CustomField, custom, 'CustomField') ? others : all;
  const lines = Array.isArray(fields.Line) ? (fields.Line as QboJson[]) : undefined;
  const ids = ownLines(current).map((l) => l.Id);
  return {
    ...fields,
    ...(lines ? { Line: lines.map((l, i) => (typeof ids[i] === 'string' ? { Id: ids[i], ...l } : l)) } : {}),
    Id: current.Id,
    SyncToken: current.SyncToken,
    sparse: true,
  };
}

/** The numeric fields a write sets (exact decimal strings), compared by value: `150` holds `'150.00'`. */
const AMOUNTS = new Set(['Amount', 'Qty', 'UnitPrice']);

function sameScalar(held: unknown, wanted: unknown, key: string): boolean {
  if (AMOUNTS.has(key)) {
    const a = parseDecimal(String(held ?? ''));
    const b = parseDecimal(String(wanted ?? ''));
    return a !== undefined && b !== undefined && compare(a, b) === 0;
  }
  return typeof wanted === 'boolean' ? held === wanted : String(held ?? '') === String(wanted ?? '');
}

/**
 * Whether `held` (the record as QuickBooks has it) already has every value `wanted` sets: each key
 * of an object, each element of a list (an invoice's own lines, one for one), amounts compared as
 * decimals. What `wanted` leaves out is not compared.
 * @example holds({ DisplayName: 'Acme', Balance: 0 }, { DisplayName: 'Acme' }) // true
 */
export function holds(held: unknown, wanted: unknown, key = ''): boolean {
  if (key === 'CustomField' && Array.isArray(wanted)) {
    // Every enabled field is listed, by DefinitionId; an empty one has no StringValue.
    const list = (Array.isArray(held) ? held : []) as QboJson[];
    return (wanted as QboJson[]).every(
      (w) =>
        String(list.find((h) => h.DefinitionId === w.DefinitionId)?.StringValue ?? '') === String(w.StringValue ?? ''),
    );
  }
  if (Array.isArray(wanted)) {
    const list = key === 'Line' && Array.isArray(held) ? ownLines({ Line: held }) : held;
    return Array.isArray(list) && list.length === wanted.length && wanted.every((w, i) => holds(list[i], w));
  }
  if (typeof wanted === 'object' && wanted !== null) {
    if (typeof held !== 'object' || held === null) return false;
    const h = held as Record<string, unknown>;
    return Object.entries(wanted as Record<string, unknown>).every(([k, v]) => holds(h[k], v, k));
  }
  return sameScalar(held, wanted, key);
}
