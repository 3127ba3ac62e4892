/**
 * @module
 * Loads the package's data model from `force-app/` (custom objects, their fields, and the package's
 * fields on standard objects), merged with the standard objects' fields in `standard-objects.ts`.
 * Used by the metadata check and by the Salesforce org simulator, so both see exactly what an org
 * with the package installed would have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { STANDARD_OBJECTS } from './standard-objects.ts';

export type FieldType =
  | 'Id'
  | 'Text'
  | 'TextArea'
  | 'LongTextArea'
  | 'Email'
  | 'Phone'
  | 'Url'
  | 'Number'
  | 'Currency'
  | 'Percent'
  | 'Date'
  | 'DateTime'
  | 'Checkbox'
  | 'Picklist'
  | 'Lookup'
  | 'MasterDetail'
  | 'AutoNumber';

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly custom: boolean;
  readonly required: boolean;
  readonly label?: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly caseSensitive?: boolean;
  readonly referenceTo?: string;
  readonly relationshipName?: string;
  readonly values?: readonly string[];
  readonly restricted?: boolean;
  readonly defaultValue?: string;
  /** File the definition came from (package fields only). */
  readonly file?: string;
}

export interface ObjectDef {
  readonly name: string;
  readonly custom: boolean;
  readonly label?: string;
  readonly nameField?: {
    readonly type: 'Text' | 'AutoNumber';
    readonly label: string;
    readonly displayFormat?: string;
  };
  readonly sharingModel?: string;
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly file?: string;
}

export interface PackageMetadata {
  readonly root: string;
  readonly objects: ReadonlyMap<string, ObjectDef>;
}

export const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) =>
    [
      'value',
      'fields',
      'fieldPermissions',
      'objectPermissions',
      'tabSettings',
      'tabs',
      'columns',
      'filters',
      'userPermissions',
      'applicationVisibilities',
    ].includes(name),
});

/** Parses one metadata XML file; the root element's content is returned. */
export function readMetadataXml(file: string): { root: string; body: Record<string, unknown> } {
  const parsed = xmlParser.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const root = Object.keys(parsed).find((k) => k !== '?xml');
  if (!root) throw new Error(`${file}: no root element`);
  return { root, body: (parsed[root] ?? {}) as Record<string, unknown> };
}

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
const bool = (v: unknown): boolean => String(v) === 'true';
const num = (v: unknown): number | undefined => (str(v) === undefined ? undefined : Number(v));

/** Reads a `*.field-meta.xml` file into a {@link FieldDef}. */
export function parseField(file: string): FieldDef {
  const { body: f } = readMetadataXml(file);
  const valueSet = f.valueSet as
    { restricted?: unknown; valueSetDefinition?: { value?: { fullName: unknown; default?: unknown }[] } } | undefined;
  const values = valueSet?.valueSetDefinition?.value?.map((v) => String(v.fullName));
  const def = valueSet?.valueSetDefinition?.value?.find((v) => bool(v.default));
  const type = String(f.type) as FieldType;
  return {
    name: String(f.fullName ?? path.basename(file).replace(/\.field-meta\.xml$/, '')),
    type,
    custom: true,
    required: bool(f.required),
    label: str(f.label),
    length: num(f.length),
    precision: num(f.precision),
    scale: num(f.scale),
    externalId: bool(f.externalId),
    unique: bool(f.unique),
    caseSensitive: bool(f.caseSensitive),
    referenceTo: str(f.referenceTo),
    relationshipName: str(f.relationshipName),
    values,
    restricted: valueSet ? bool(valueSet.restricted) : undefined,
    defaultValue: type === 'Checkbox' ? String(f.defaultValue ?? 'false') : def ? String(def.fullName) : undefined,
    file,
  };
}

/**
 * Loads the data model from a Salesforce DX source directory.
 * @param root the `main/default` folder, e.g. `force-app/main/default`
 */
export function loadPackageMetadata(root: string): PackageMetadata {
  const objects = new Map<string, ObjectDef>();
  for (const [name, fields] of Object.entries(STANDARD_OBJECTS)) {
    objects.set(name, { name, custom: false, fields: new Map(fields.map((f) => [f.name, f])) });
  }
  const objectsDir = path.join(root, 'objects');
  if (!fs.existsSync(objectsDir)) return { root, objects };
  for (const dir of fs.readdirSync(objectsDir).sort()) {
    const objectFile = path.join(objectsDir, dir, `${dir}.object-meta.xml`);
    const fieldsDir = path.join(objectsDir, dir, 'fields');
    const fields = new Map<string, FieldDef>(objects.get(dir)?.fields ?? []);
    if (fs.existsSync(fieldsDir)) {
      for (const file of fs.readdirSync(fieldsDir).sort()) {
        if (!file.endsWith('.field-meta.xml')) continue;
        const field = parseField(path.join(fieldsDir, file));
        fields.set(field.name, field);
      }
    }
    if (fs.existsSync(objectFile)) {
      const { body: o } = readMetadataXml(objectFile);
      const nf = o.nameField as { type?: unknown; label?: unknown; displayFormat?: unknown } | undefined;
      const nameField = nf
        ? {
            type: String(nf.type) as 'Text' | 'AutoNumber',
            label: String(nf.label),
            displayFormat: str(nf.displayFormat),
          }
        : undefined;
      const system: FieldDef[] = [
        { name: 'Id', type: 'Id', custom: false, required: false },
        {
          name: 'Name',
          type: nameField?.type === 'AutoNumber' ? 'AutoNumber' : 'Text',
          length: 80,
          custom: false,
          required: false,
        },
        { name: 'CreatedDate', type: 'DateTime', custom: false, required: false },
        { name: 'LastModifiedDate', type: 'DateTime', custom: false, required: false },
        { name: 'SystemModstamp', type: 'DateTime', custom: false, required: false },
        { name: 'IsDeleted', type: 'Checkbox', custom: false, required: false },
        {
          name: 'CreatedById',
          type: 'Lookup',
          referenceTo: 'User',
          relationshipName: 'CreatedBy',
          custom: false,
          required: false,
        },
      ];
      const sharingModel = str(o.sharingModel);
      if (sharingModel !== 'ControlledByParent') {
        system.push({
          name: 'OwnerId',
          type: 'Lookup',
          referenceTo: 'User',
          relationshipName: 'Owner',
          custom: false,
          required: false,
        });
      }
      objects.set(dir, {
        name: dir,
        custom: true,
        label: str(o.label),
        nameField,
        sharingModel,
        fields: new Map([...system.map((f) => [f.name, f] as const), ...fields]),
        file: objectFile,
      });
    } else if (objects.has(dir)) {
      objects.set(dir, { ...objects.get(dir)!, fields });
    } else {
      // Fields for an object that is neither in the package nor a known standard object.
      objects.set(dir, { name: dir, custom: !/__/.test(dir) ? false : true, fields, file: undefined });
    }
  }
  return { root, objects };
}
