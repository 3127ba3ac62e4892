/**
 * @module
 * A field as `GET /sobjects/{object}/describe` describes it: the REST API's type names (`string`,
 * `picklist`, `textarea`, `double`, ...), `length` (characters, 0 for a field that holds no text),
 * `precision`/`scale`, `nillable`, and a picklist's values (`picklistValues`, each with `active`,
 * `defaultValue`, `label`, `validFor` and `value`; an empty list for other fields).
 */
import type { FieldType } from '../../metadata/package-metadata.ts';
import type { SimField } from './schema.ts';

/** The Metadata API's field types → the REST API's `DescribeFieldResult.type`. */
const REST_TYPE: Readonly<Record<FieldType, string>> = {
  Id: 'id',
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Checkbox: 'boolean',
  Picklist: 'picklist',
  Lookup: 'reference',
  MasterDetail: 'reference',
  AutoNumber: 'string',
};

/** Types whose `length` is their characters (the REST API answers 0 for the others). */
const TEXT = new Set<FieldType>(['Text', 'TextArea', 'LongTextArea', 'Email', 'Phone', 'Url', 'AutoNumber']);

/** One entry of `fields` in a describe answer. */
export function describeField(f: SimField) {
  return {
    name: f.name,
    label: f.label,
    type: REST_TYPE[f.type],
    custom: f.custom,
    length: TEXT.has(f.type) ? (f.length ?? (f.type === 'AutoNumber' ? 30 : 255)) : f.type === 'Id' ? 18 : 0,
    precision: f.precision ?? 0,
    scale: f.scale ?? 0,
    nillable: !f.required && f.type !== 'Checkbox' && f.type !== 'Id',
    createable: f.writable,
    updateable: f.writable,
    externalId: f.externalId,
    unique: f.unique,
    autoNumber: f.type === 'AutoNumber',
    restrictedPicklist: f.type === 'Picklist' && f.restricted,
    referenceTo: f.referenceTo ? [f.referenceTo] : [],
    picklistValues: (f.values ?? []).map((value) => ({
      active: true,
      defaultValue: value === f.defaultValue,
      label: value,
      validFor: null,
      value,
    })),
  };
}
