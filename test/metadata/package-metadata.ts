/**
 * @module
 * Loads the package's data model from `force-app/` (custom objects, their fields, and the package's
 * fields on standard objects), merged with the standard objects' fields in `standard-objects.ts`,
 * plus the global value sets its picklists share and its custom metadata types and records.
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
  /** Picklists only: the global value set the values come from. */
  readonly valueSetName?: string;
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

/** A global value set (`globalValueSets/<Name>.globalValueSet-meta.xml`), shared by picklists. */
export interface GlobalValueSetDef {
  readonly name: string;
  readonly values: readonly string[];
  /** Values marked as the default; more than one is a mistake the check reports. */
  readonly defaults: readonly string[];
  readonly file: string;
}

/** One record of a custom metadata type (`customMetadata/<Type>.<DeveloperName>.md-meta.xml`). */
export interface CustomMetadataRecord {
  /** The type's API name, e.g. `QuickBooks_Field_Policy__mdt`. */
  readonly type: string;
  readonly developerName: string;
  readonly label?: string;
  readonly protected: boolean;
  /** Field API name → value as written; `undefined` for `xsi:nil`. In file order, repeats kept. */
  readonly values: readonly (readonly [field: string, value: string | undefined])[];
  readonly file: string;
}

export interface PackageMetadata {
  readonly root: string;
  /** Standard and custom objects (sObjects); custom metadata types are apart, in `customMetadataTypes`. */
  readonly objects: ReadonlyMap<string, ObjectDef>;
  readonly globalValueSets: ReadonlyMap<string, GlobalValueSetDef>;
  readonly customMetadataTypes: ReadonlyMap<string, ObjectDef>;
  readonly customMetadataRecords: readonly CustomMetadataRecord[];
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
      'customMetadataTypeAccesses',
      'customValue',
      'values',
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

type ValueXml = { fullName: unknown; default?: unknown };

/** Reads a `*.globalValueSet-meta.xml` file into a {@link GlobalValueSetDef}. */
export function parseGlobalValueSet(file: string): GlobalValueSetDef {
  const { body } = readMetadataXml(file);
  const values = ((body.customValue ?? []) as ValueXml[]).map((v) => ({
    name: String(v.fullName),
    def: bool(v.default),
  }));
  return {
    name: path.basename(file).replace(/\.globalValueSet-meta\.xml$/, ''),
    values: values.map((v) => v.name),
    defaults: values.filter((v) => v.def).map((v) => v.name),
    file,
  };
}

/**
 * Reads a `*.field-meta.xml` file into a {@link FieldDef}. A picklist on a global value set takes
 * its values and default from `globalValueSets`; one naming a set not there has no values.
 */
export function parseField(
  file: string,
  globalValueSets: ReadonlyMap<string, GlobalValueSetDef> = new Map(),
): FieldDef {
  const { body: f } = readMetadataXml(file);
  const valueSet = f.valueSet as
    { restricted?: unknown; valueSetName?: unknown; valueSetDefinition?: { value?: ValueXml[] } } | undefined;
  const valueSetName = str(valueSet?.valueSetName);
  const shared = valueSetName ? globalValueSets.get(valueSetName) : undefined;
  const own = valueSet?.valueSetDefinition?.value;
  const values = shared ? shared.values : own?.map((v) => String(v.fullName));
  const def = shared ? shared.defaults[0] : own?.filter((v) => bool(v.default)).map((v) => String(v.fullName))[0];
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
    valueSetName,
    restricted: valueSet ? bool(valueSet.restricted) : undefined,
    defaultValue: type === 'Checkbox' ? String(f.defaultValue ?? 'false') : def,
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
  const globalValueSets = new Map(
    filesIn(path.join(root, 'globalValueSets'), '.globalValueSet-meta.xml')
      .map(parseGlobalValueSet)
      .map((s) => [s.name, s] as const),
  );
  const customMetadataTypes = new Map<string, ObjectDef>();
  const customMetadataRecords = filesIn(path.join(root, 'customMetadata'), '.md-meta.xml').map(
    parseCustomMetadataRecord,
  );
  const meta = { root, objects, globalValueSets, customMetadataTypes, customMetadataRecords };
  const objectsDir = path.join(root, 'objects');
  if (!fs.existsSync(objectsDir)) return meta;
  for (const dir of fs.readdirSync(objectsDir).sort()) {
    const objectFile = path.join(objectsDir, dir, `${dir}.object-meta.xml`);
    const fields = new Map<string, FieldDef>(objects.get(dir)?.fields ?? []);
    for (const file of filesIn(path.join(objectsDir, dir, 'fields'), '.field-meta.xml')) {
      const field = parseField(file, globalValueSets);
      fields.set(field.name, field);
    }
    if (dir.endsWith('__mdt')) {
      const label = fs.existsSync(objectFile) ? str(readMetadataXml(objectFile).body.label) : undefined;
      const system = CUSTOM_METADATA_SYSTEM_FIELDS.map((f) => [f.name, f] as const);
      customMetadataTypes.set(dir, {
        name: dir,
        custom: true,
        label,
        fields: new Map([...system, ...fields]),
        file: objectFile,
      });
    } else if (fs.existsSync(objectFile)) {
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
  return meta;
}

/** The fields every custom metadata type has besides its own. */
const CUSTOM_METADATA_SYSTEM_FIELDS: readonly FieldDef[] = [
  { name: 'Id', type: 'Id', custom: false, required: false },
  { name: 'DeveloperName', type: 'Text', length: 40, custom: false, required: true },
  { name: 'MasterLabel', type: 'Text', length: 40, custom: false, required: true },
  { name: 'Label', type: 'Text', length: 40, custom: false, required: false },
  { name: 'QualifiedApiName', type: 'Text', length: 70, custom: false, required: false },
  { name: 'NamespacePrefix', type: 'Text', length: 15, custom: false, required: false },
];

/** Reads a `<Type>.<DeveloperName>.md-meta.xml` file into a {@link CustomMetadataRecord}. */
export function parseCustomMetadataRecord(file: string): CustomMetadataRecord {
  const { body } = readMetadataXml(file);
  const [typeName = '', developerName = ''] = path
    .basename(file)
    .replace(/\.md-meta\.xml$/, '')
    .split(/\.(.*)/);
  const values = ((body.values ?? []) as { field?: unknown; value?: unknown[] }[]).map(
    (v) => [String(v.field ?? ''), str(v.value?.[0])] as const,
  );
  return {
    type: `${typeName}__mdt`,
    developerName,
    label: str(body.label),
    protected: bool(body.protected),
    values,
    file,
  };
}

function filesIn(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}
