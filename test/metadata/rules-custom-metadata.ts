/**
 * @module
 * Rules over custom metadata records: each belongs to a type of the package, has a valid
 * DeveloperName and label, and sets only fields of its type, with values that field accepts
 * (picklist values among its values, checkboxes true or false, text within its length, required
 * fields set). A record that names a Salesforce field (a field policy's `Object__c` and `Field__c`)
 * must name one the package or the standard objects define, readable by the relay's permission set,
 * and no two active records of a type may name the same field. Permission sets grant access to custom
 * metadata types of the package only, and the relay's grants it to every one of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readMetadataXml, type CustomMetadataRecord, type FieldDef, type PackageMetadata } from './package-metadata.ts';
import type { Problems } from './problems.ts';

/** The permission set of the relay's run-as user. */
export const INTEGRATION_PERMISSION_SET = 'Ledgerbridge_Integration';

/** Custom metadata types whose records name a Salesforce field, and which of their fields say which. */
export const FIELD_REFERENCES: Readonly<Record<string, { object: string; field: string; active: string }>> = {
  QuickBooks_Field_Policy__mdt: { object: 'Object__c', field: 'Field__c', active: 'Active__c' },
  QuickBooks_Field_Mapping__mdt: { object: 'Salesforce_Object__c', field: 'Salesforce_Field__c', active: 'Active__c' },
};

/** Fields anyone who can read a record can read: permission sets cannot (and need not) list them. */
const ALWAYS_READABLE = new Set([
  'Id',
  'Name',
  'OwnerId',
  'CreatedById',
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
  'IsDeleted',
]);
const ADDRESS_PARTS = ['Street', 'City', 'State', 'PostalCode', 'Country'];
/** Letters, digits and single underscores, starting with a letter and not ending with `_`. */
const DEVELOPER_NAME = /^[A-Za-z](?:_?[A-Za-z0-9])*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const TEXT_TYPES = new Set(['Text', 'TextArea', 'LongTextArea', 'Email', 'Phone', 'Url']);

const list = (v: unknown): Record<string, unknown>[] =>
  (Array.isArray(v) ? v : v ? [v] : []) as Record<string, unknown>[];

/**
 * The fields `name` stands for among `fields`: the field itself, or the parts of a compound address
 * (`BillingAddress` is `BillingStreet`, `BillingCity`, ...). `undefined` when neither exists.
 */
export function fieldParts(fields: ReadonlyMap<string, FieldDef>, name: string): FieldDef[] | undefined {
  const field = fields.get(name);
  if (field) return [field];
  const prefix = /^([A-Za-z]+)Address$/.exec(name)?.[1];
  const parts = prefix ? ADDRESS_PARTS.map((p) => fields.get(`${prefix}${p}`)) : [];
  return parts.length > 0 && parts.every((p) => p !== undefined) ? parts : undefined;
}

interface Access {
  readonly file: string;
  /** `Object.Field` of every field the permission set can read. */
  readonly readable: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
}

function readAccess(file: string): Access {
  const { body } = readMetadataXml(file);
  return {
    file,
    readable: new Set(
      list(body.fieldPermissions)
        .filter((fp) => String(fp.readable) === 'true')
        .map((fp) => String(fp.field)),
    ),
    types: new Set(
      list(body.customMetadataTypeAccesses)
        .filter((a) => String(a.enabled) === 'true')
        .map((a) => String(a.name)),
    ),
  };
}

function checkValue(record: CustomMetadataRecord, field: FieldDef, value: string, problems: Problems): void {
  const where = `${record.developerName} sets ${field.name} to "${value}"`;
  if (field.type === 'Picklist' && !(field.values ?? []).includes(value)) {
    problems.add(
      record.file,
      'cmdt-record-value',
      `${where}, which is not one of its picklist values (${(field.values ?? []).join(', ')})`,
    );
  } else if (field.type === 'Checkbox' && value !== 'true' && value !== 'false') {
    problems.add(record.file, 'cmdt-record-value', `${where}; a checkbox is true or false`);
  } else if ((field.type === 'Number' || field.type === 'Percent') && !NUMBER.test(value)) {
    problems.add(record.file, 'cmdt-record-value', `${where}, which is not a number`);
  } else if (TEXT_TYPES.has(field.type) && field.length !== undefined && value.length > field.length) {
    problems.add(
      record.file,
      'cmdt-record-value',
      `${where}: ${value.length} characters, over the field's ${field.length}`,
    );
  }
}

/** The record's own shape: its type, names, and each value against its field. */
function checkRecord(meta: PackageMetadata, record: CustomMetadataRecord, problems: Problems): void {
  const type = meta.customMetadataTypes.get(record.type);
  if (!type) {
    problems.add(
      record.file,
      'cmdt-record-type',
      `Record of ${record.type}, which is not a custom metadata type in the package`,
    );
    return;
  }
  if (record.developerName.length > 40 || !DEVELOPER_NAME.test(record.developerName)) {
    problems.add(
      record.file,
      'cmdt-record-name',
      `DeveloperName ${record.developerName} must be at most 40 letters, digits and single underscores, start with a letter and not end with _`,
    );
  }
  if (!record.label || record.label.length > 40) {
    problems.add(record.file, 'cmdt-record-name', `${record.developerName} needs a <label> of at most 40 characters`);
  }
  const seen = new Set<string>();
  for (const [name, value] of record.values) {
    const field = type.fields.get(name);
    if (!field?.custom) {
      problems.add(
        record.file,
        'cmdt-record-field',
        `${record.developerName} sets ${name}, which is not a field of ${type.name}`,
      );
      continue;
    }
    if (seen.has(name)) {
      problems.add(record.file, 'cmdt-record-field', `${record.developerName} sets ${name} twice`);
    }
    seen.add(name);
    if (value !== undefined) checkValue(record, field, value, problems);
  }
  for (const field of type.fields.values()) {
    const value = record.values.find(([name]) => name === field.name)?.[1];
    if (field.custom && field.required && value === undefined) {
      problems.add(
        record.file,
        'cmdt-record-value',
        `${record.developerName} leaves required field ${field.name} empty`,
      );
    }
  }
}

/** Records naming a Salesforce field: it exists, the relay can read it, one active record each. */
function checkFieldReferences(meta: PackageMetadata, access: Access | undefined, problems: Problems): void {
  const claimed = new Map<string, CustomMetadataRecord>();
  for (const record of meta.customMetadataRecords) {
    const ref = FIELD_REFERENCES[record.type];
    if (!ref) continue;
    const get = (field: string): string | undefined => record.values.find(([name]) => name === field)?.[1];
    const [objectName, fieldName] = [get(ref.object), get(ref.field)];
    if (objectName === undefined || fieldName === undefined) continue; // reported as a required field left empty
    const object = meta.objects.get(objectName);
    const parts = object ? fieldParts(object.fields, fieldName) : undefined;
    const qualified = `${objectName}.${fieldName}`;
    if (!object || !parts) {
      problems.add(
        record.file,
        'cmdt-field-ref',
        `${record.developerName} names ${qualified}, which neither the package nor the standard objects define`,
      );
      continue;
    }
    const unreadable = parts.filter(
      (p) => !ALWAYS_READABLE.has(p.name) && !p.required && !access?.readable.has(`${objectName}.${p.name}`),
    );
    if (access && unreadable.length > 0) {
      problems.add(
        record.file,
        'cmdt-field-readable',
        `${record.developerName} names ${qualified}, but ${INTEGRATION_PERMISSION_SET} cannot read ${unreadable.map((p) => `${objectName}.${p.name}`).join(', ')}`,
      );
    }
    const active = get(ref.active) ?? meta.customMetadataTypes.get(record.type)?.fields.get(ref.active)?.defaultValue;
    if (active === 'false') continue;
    // One active record a field per type: a field policy and a mapping of the same field are two things.
    const other = claimed.get(`${record.type}|${qualified}`);
    if (other) {
      problems.add(
        record.file,
        'cmdt-field-duplicate',
        `${record.developerName} and ${other.developerName} are both active for ${qualified}`,
      );
    } else {
      claimed.set(`${record.type}|${qualified}`, record);
    }
  }
}

/** Permission sets name custom metadata types of the package; the relay's can read all of them. */
function checkTypeAccess(meta: PackageMetadata, access: Access | undefined, problems: Problems): void {
  const dir = path.join(meta.root, 'permissionsets');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.permissionset-meta.xml')) : [];
  for (const file of files.sort().map((f) => path.join(dir, f))) {
    for (const type of readAccess(file).types) {
      if (!meta.customMetadataTypes.has(type)) {
        problems.add(file, 'permset-cmdt', `Access to custom metadata type ${type}, which is not in the package`);
      }
    }
  }
  for (const type of meta.customMetadataTypes.keys()) {
    if (!access) {
      problems.add(dir, 'permset-cmdt', `No ${INTEGRATION_PERMISSION_SET} permission set grants the relay ${type}`);
    } else if (!access.types.has(type)) {
      problems.add(access.file, 'permset-cmdt', `${INTEGRATION_PERMISSION_SET} does not grant access to ${type}`);
    }
  }
}

export function checkCustomMetadata(meta: PackageMetadata, problems: Problems): void {
  const file = path.join(meta.root, 'permissionsets', `${INTEGRATION_PERMISSION_SET}.permissionset-meta.xml`);
  const access = fs.existsSync(file) ? readAccess(file) : undefined;
  for (const record of meta.customMetadataRecords) checkRecord(meta, record, problems);
  checkFieldReferences(meta, access, problems);
  checkTypeAccess(meta, access, problems);
}
