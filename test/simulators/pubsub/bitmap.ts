/**
 * @module
 * Field lists as Salesforce writes them into a change event header over the Pub/Sub API: bitmaps
 * in hex, where bit N stands for the field at position N of the event's Avro schema (the header
 * is position 0). Children of a compound field go into a separate entry `P-0x..`, where P is the
 * compound field's position and the bits count the nested record's fields. So
 * `['LastModifiedDate', 'BillingAddress.City']` becomes e.g. `['0x40', '2-0x2']`.
 */
import { ADDRESS_FIELDS, type EntitySchema } from './schema.ts';

function hex(bits: readonly number[]): string {
  const value = bits.reduce((acc, bit) => acc | (1n << BigInt(bit)), 0n);
  return `0x${value.toString(16).toUpperCase()}`;
}

/** Field names (top-level, or `Compound.Child`) → the header's bitmap list. Unknown names throw. */
export function fieldBitmaps(schema: EntitySchema, names: readonly string[]): string[] {
  const top: number[] = [];
  const children = new Map<number, number[]>();
  for (const name of names) {
    const [parent = '', child] = name.split('.');
    const index = schema.fields.findIndex((f) => f.name === parent);
    if (index < 0) throw new Error(`${schema.entity} has no field ${parent}`);
    const position = index + 1;
    if (child === undefined) {
      top.push(position);
      continue;
    }
    const childIndex = ADDRESS_FIELDS.findIndex((f) => f.name === child);
    if (schema.fields[index]?.type !== 'address' || childIndex < 0) {
      throw new Error(`${schema.entity}.${parent} has no component ${child}`);
    }
    children.set(position, [...(children.get(position) ?? []), childIndex]);
  }
  const out = top.length > 0 ? [hex(top)] : [];
  for (const [position, bits] of [...children].sort(([a], [b]) => a - b)) out.push(`${position}-${hex(bits)}`);
  return out;
}
