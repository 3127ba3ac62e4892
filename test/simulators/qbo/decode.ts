/**
 * @module
 * Reads a request body the way QuickBooks' deserialiser does, against the XSD: an unknown key or a
 * value that cannot become the declared type is a 2010 "Request has invalid or unsupported property"
 * (the wording of the Jackson errors quoted in python-quickbooks#38/#299), and an enumeration value the
 * schema does not list is refused the same way. Decimals become {@link Dec}; Jackson's scalar coercions
 * (a number for a string, `"true"` for a boolean, `"12.5"` for a decimal) are accepted as it accepts them.
 */
import { unsupportedProperty } from './errors.ts';
import { Dec } from './money.ts';
import type { FieldDef, QboSchema } from './xsd.ts';

export type Json = null | boolean | number | string | Dec | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

const CLASS = 'com.intuit.schema.finance.v3';

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Dec);

/** The body of a `typeName` value, checked and converted; throws a 2010 {@link QboFault}. */
export function decode(schema: QboSchema, typeName: string, value: unknown): JsonObject {
  const def = schema.complex(typeName);
  if (!def) throw new Error(`no complex type ${typeName} in the schema`);
  if (!isObject(value)) {
    throw unsupportedProperty(`Can not deserialize instance of ${CLASS}.${typeName} out of ${tokenName(value)} token`);
  }
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue;
    if (def.simpleContent && key === 'value') {
      out.value = scalarText(v, `${typeName}.value`);
      continue;
    }
    const field = def.fields.get(key);
    if (!field && def.open) {
      out[key] = v as Json;
      continue;
    }
    if (!field) {
      const known = [...def.fields.keys()].slice(0, 18).map((k) => `"${k}"`);
      throw unsupportedProperty(
        `Unrecognized field "${key}" (class ${CLASS}.${typeName}), not marked as ignorable (${def.fields.size} known properties: ${known.join(', ')}${def.fields.size > 18 ? ' ...' : ''}])`,
      );
    }
    out[key] = field.many ? decodeMany(schema, field, v) : decodeOne(schema, field, v);
  }
  return out;
}

function decodeMany(schema: QboSchema, field: FieldDef, v: unknown): Json[] {
  if (!Array.isArray(v)) {
    throw unsupportedProperty(`Can not deserialize instance of java.util.ArrayList out of ${tokenName(v)} token`);
  }
  return v.filter((x) => x !== null).map((x) => decodeOne(schema, field, x));
}

function decodeOne(schema: QboSchema, field: FieldDef, v: unknown): Json {
  if (field.complex) return decode(schema, field.complex, v);
  if (Array.isArray(v) || isObject(v)) {
    throw unsupportedProperty(`Can not deserialize instance of ${javaType(field)} out of ${tokenName(v)} token`);
  }
  const bad = () =>
    unsupportedProperty(`Can not construct instance of ${javaType(field)} from String value '${String(v)}'`);
  switch (field.primitive) {
    case 'decimal': {
      const d = Dec.parse(v);
      if (!d) throw bad();
      return d;
    }
    case 'int': {
      const n = typeof v === 'string' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw bad();
      return n;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw bad();
    case 'date':
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(v)) throw bad();
      return v.slice(0, 10);
    case 'dateTime':
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw bad();
      return v;
    default: {
      const text = scalarText(v, field.name);
      if (field.enumeration && !field.enumeration.includes(text)) {
        throw unsupportedProperty(
          `Can not deserialize value of type ${CLASS}.${field.name}Enum from String "${text}": value not one of declared Enum instance names: [${field.enumeration.join(', ')}]`,
        );
      }
      return text;
    }
  }
}

function scalarText(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw unsupportedProperty(`Can not deserialize instance of java.lang.String out of ${tokenName(v)} token (${where})`);
}

const javaType = (f: FieldDef): string =>
  ({
    decimal: 'java.math.BigDecimal',
    int: 'java.lang.Integer',
    boolean: 'java.lang.Boolean',
    date: 'java.util.Date',
    dateTime: 'java.util.Date',
  })[f.primitive as string] ?? 'java.lang.String';

const tokenName = (v: unknown): string =>
  Array.isArray(v) ? 'START_ARRAY' : isObject(v) ? 'START_OBJECT' : typeof v === 'string' ? 'VALUE_STRING' : 'VALUE';
