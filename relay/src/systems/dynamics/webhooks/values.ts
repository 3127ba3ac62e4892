/**
 * @module
 * A `RemoteExecutionContext` attribute value (DataContract JSON) as a plain value: `\/Date(ms±hhmm)\/`
 * → an ISO-8601 UTC instant, `OptionSetValue` → its number, `Money` → its exact decimal text,
 * `EntityReference` → `{ logicalName, id }`, arrays item by item; strings, numbers
 * (decimals already exact text, see `mapping/json.ts`), booleans and null as they are. Unknown typed
 * values are kept as sent.
 */
import { decimalText } from '../api/json.ts';

export interface Reference {
  readonly logicalName: string;
  readonly id: string;
  readonly name?: string;
}

export type PlainValue =
  string | number | boolean | null | Reference | readonly PlainValue[] | Readonly<Record<string, unknown>>;

const DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * `/Date(1506409448000-0700)/` → `2017-09-26T07:04:08.000Z`: the milliseconds are UTC, the offset
 * only says where the server was.
 * @example dataContractDate('/Date(0)/') // '1970-01-01T00:00:00.000Z'
 */
export function dataContractDate(v: string): string | undefined {
  const m = DATE.exec(v);
  return m ? new Date(Number(m[1])).toISOString() : undefined;
}

const typeName = (o: Record<string, unknown>) => String(o.__type ?? '').split(':')[0];

/**
 * @example plainValue({ __type: 'Money:http://schemas.microsoft.com/xrm/2011/Contracts', Value: '12.5000' }) // '12.5000'
 */
export function plainValue(v: unknown): PlainValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return dataContractDate(v) ?? v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => plainValue(x));
  const o = v as Record<string, unknown>;
  switch (typeName(o)) {
    case 'OptionSetValue':
      return typeof o.Value === 'number' ? o.Value : null;
    case 'Money':
      return decimalText(o.Value) ?? null;
    case 'EntityReference':
      return {
        logicalName: String(o.LogicalName),
        id: String(o.Id).toLowerCase(),
        ...(typeof o.Name === 'string' ? { name: o.Name } : {}),
      };
    default:
      return o;
  }
}
