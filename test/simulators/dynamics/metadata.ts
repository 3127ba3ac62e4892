/**
 * @module
 * The metadata endpoints provisioning uses (webapi/create-update-entity-definitions-using-web-api.md,
 * define-alternate-keys-entity.md): read `EntityDefinitions(LogicalName='…')` with `Attributes` and
 * `Keys`, create a column (`POST …/Attributes`: String, Memo, Integer, Decimal, Money, Boolean,
 * DateTime, Picklist with its options), an alternate key (`POST …/Keys`; the index is Active at once,
 * Failed when existing rows already collide), a table (`POST EntityDefinitions` with its primary name
 * column) and turn change tracking on (`PUT EntityDefinitions(…)`). Creating what exists fails, as in
 * Dataverse: idempotency is the caller's business. The columns of one type are read by casting
 * the collection (`…/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`), a choice's
 * options with `$expand=OptionSet` (query-metadata-web-api.md: only a cast exposes `OptionSet`).
 */
import crypto from 'node:crypto';
import { DataverseError, badQuery, duplicateMetadata, invalidArgument, noSuchResource } from './errors.ts';
import type { Answer } from './rows.ts';
import { column, defineTable, type AlternateKey, type Column, type ColumnType, type Table } from './schema.ts';
import type { Env } from './store.ts';

type Json = Record<string, unknown>;

const TYPES: Record<string, ColumnType> = {
  StringAttributeMetadata: 'String',
  MemoAttributeMetadata: 'Memo',
  IntegerAttributeMetadata: 'Integer',
  DecimalAttributeMetadata: 'Decimal',
  MoneyAttributeMetadata: 'Money',
  BooleanAttributeMetadata: 'Boolean',
  DateTimeAttributeMetadata: 'DateTime',
  PicklistAttributeMetadata: 'Picklist',
};
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));
const KEYABLE: ColumnType[] = ['String', 'Integer', 'Decimal', 'DateTime', 'Lookup', 'Picklist'];

const label = (text: string) => ({
  LocalizedLabels: [{ Label: text, LanguageCode: 1033 }],
  UserLocalizedLabel: { Label: text, LanguageCode: 1033 },
});
const labelText = (v: unknown): string | undefined =>
  ((v as { LocalizedLabels?: { Label?: string }[] } | undefined)?.LocalizedLabels ?? [])[0]?.Label;

function attributeJson(t: Table, c: Column): Json {
  const out: Json = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${TYPE_NAMES[c.type] ?? `${c.type}AttributeMetadata`}`,
    MetadataId: c.metadataId,
    LogicalName: c.logicalName,
    SchemaName: c.logicalName,
    EntityLogicalName: t.logicalName,
    AttributeType: c.type,
    AttributeTypeName: { Value: `${c.type}Type` },
    IsCustomAttribute: c.isCustom,
    IsPrimaryId: c.logicalName === t.primaryId,
    IsPrimaryName: c.logicalName === t.primaryName,
    IsValidForCreate: c.validForCreate,
    IsValidForUpdate: c.validForUpdate,
    IsValidForRead: c.validForRead,
    RequiredLevel: {
      Value: c.required,
      CanBeChanged: true,
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
  };
  if (c.maxLength !== undefined) out.MaxLength = c.maxLength;
  if (c.precision !== undefined) out.Precision = c.precision;
  if (c.targets) out.Targets = c.targets;
  return out;
}

/** A choice column's options, as `$expand=OptionSet` gives them on a cast to PicklistAttributeMetadata. */
const optionSetJson = (c: Column): Json => ({
  OptionSetType: 'Picklist',
  Options: (c.options ?? []).map((o) => ({ Value: o.value, Label: label(o.label) })),
});

function entityJson(t: Table, expand: string): Json {
  const out: Json = {
    '@odata.type': '#Microsoft.Dynamics.CRM.EntityMetadata',
    MetadataId: t.metadataId,
    LogicalName: t.logicalName,
    SchemaName: t.logicalName,
    EntitySetName: t.entitySetName,
    LogicalCollectionName: t.entitySetName,
    PrimaryIdAttribute: t.primaryId,
    PrimaryNameAttribute: t.primaryName,
    IsCustomEntity: t.isCustom,
    ChangeTrackingEnabled: t.changeTracking,
    DisplayName: label(t.displayName),
  };
  if (/\bAttributes\b/.test(expand)) out.Attributes = [...t.columns.values()].map((c) => attributeJson(t, c));
  if (/\bKeys\b/.test(expand)) out.Keys = t.keys.map((k) => keyJson(t, k));
  return out;
}

const keyJson = (t: Table, k: AlternateKey): Json => ({
  MetadataId: k.metadataId,
  LogicalName: k.logicalName,
  SchemaName: k.logicalName,
  EntityLogicalName: t.logicalName,
  KeyAttributes: k.keyAttributes,
  EntityKeyIndexStatus: k.status,
  DisplayName: label(k.logicalName),
});

function columnFrom(body: Json): Column {
  const kind = String(body['@odata.type'] ?? '').replace(/^#?Microsoft\.Dynamics\.CRM\./, '');
  const type = TYPES[kind];
  if (!type) throw invalidArgument(`Attribute type '${kind}' is not supported here.`);
  const schemaName = body.SchemaName;
  if (typeof schemaName !== 'string' || !/^[A-Za-z]+_[A-Za-z0-9_]+$/.test(schemaName)) {
    throw invalidArgument('A custom attribute SchemaName must start with a valid customization prefix.');
  }
  const required = (body.RequiredLevel as { Value?: string } | undefined)?.Value ?? 'None';
  const spec: Parameters<typeof column>[2] = { required: required as Column['required'], isCustom: true };
  if (type === 'String' || type === 'Memo') {
    const max = Number(body.MaxLength ?? 100);
    if (!Number.isInteger(max) || max < 1 || max > (type === 'String' ? 4000 : 1048576))
      throw invalidArgument('MaxLength is out of range.');
    Object.assign(spec, { maxLength: max });
  }
  if (type === 'Decimal' || type === 'Money') Object.assign(spec, { precision: Number(body.Precision ?? 2) });
  if (type === 'Picklist') {
    const set = body.OptionSet as { Options?: { Value?: number; Label?: unknown }[] } | undefined;
    const options = (set?.Options ?? []).map((o, i) => ({
      value: o.Value ?? 100000000 + i,
      label: labelText(o.Label) ?? String(o.Value),
    }));
    if (options.length === 0) throw invalidArgument('A choice column needs an OptionSet with options.');
    Object.assign(spec, { options });
  }
  return column(schemaName.toLowerCase(), type, spec);
}

function addKey(env: Env, t: Table, body: Json, base: string): Answer {
  const name = String(body.SchemaName ?? '').toLowerCase();
  const attrs = Array.isArray(body.KeyAttributes) ? body.KeyAttributes.map(String) : [];
  if (!name || attrs.length === 0) throw invalidArgument('An entity key needs a SchemaName and KeyAttributes.');
  if (t.keys.some((k) => k.logicalName === name)) throw duplicateMetadata('key', name);
  if (t.keys.length >= 10) throw invalidArgument(`The entity ${t.logicalName} already has the maximum of 10 keys.`);
  if (attrs.length > 16) throw invalidArgument('An entity key can have at most 16 attributes.');
  for (const a of attrs) {
    const c = t.columns.get(a);
    if (!c) throw invalidArgument(`The attribute ${a} does not exist on entity ${t.logicalName}.`);
    if (!KEYABLE.includes(c.type))
      throw invalidArgument(`The attribute ${a} of type ${c.type} cannot be part of an entity key.`);
  }
  const seen = new Set<string>();
  let collides = false;
  for (const row of env.table(t.logicalName).rows()) {
    if (attrs.some((a) => row[a] === null || row[a] === undefined)) continue;
    const k = attrs.map((a) => String(row[a]).toLowerCase()).join('\u0000');
    if (seen.has(k)) collides = true;
    seen.add(k);
  }
  const key: AlternateKey = {
    logicalName: name,
    keyAttributes: attrs,
    metadataId: crypto.randomUUID(),
    status: collides ? 'Failed' : 'Active',
  };
  t.keys.push(key);
  return {
    status: 204,
    headers: { 'OData-EntityId': `${base}/api/data/v9.2/EntityDefinitions(${t.metadataId})/Keys(${key.metadataId})` },
  };
}

function addTable(env: Env, body: Json, base: string): Answer {
  const schemaName = body.SchemaName;
  if (typeof schemaName !== 'string' || !/^[A-Za-z]+_[A-Za-z0-9_]+$/.test(schemaName)) {
    throw invalidArgument('A custom entity SchemaName must start with a valid customization prefix.');
  }
  const logicalName = schemaName.toLowerCase();
  if (env.tables.has(logicalName)) throw duplicateMetadata('entity', logicalName);
  const attrs = (Array.isArray(body.Attributes) ? body.Attributes : []) as Json[];
  const primary = attrs.filter((a) => a.IsPrimaryName === true);
  if (primary.length !== 1 || !String(primary[0]!['@odata.type'] ?? '').includes('StringAttributeMetadata')) {
    throw invalidArgument('An entity must be created with exactly one primary name attribute of type String.');
  }
  const columns = attrs.map(columnFrom);
  const t = defineTable({
    logicalName,
    primaryName: columns.find((c) => c.logicalName === String(primary[0]!.SchemaName).toLowerCase())!.logicalName,
    displayName: labelText(body.DisplayName) ?? logicalName,
    isCustom: true,
    columns: [
      ...columns,
      column('statecode', 'State', {
        options: [
          { value: 0, label: 'Active' },
          { value: 1, label: 'Inactive' },
        ],
        validForCreate: false,
      }),
      column('statuscode', 'Status', {
        options: [
          { value: 1, label: 'Active', state: 0 },
          { value: 2, label: 'Inactive', state: 1 },
        ],
      }),
    ],
  });
  t.changeTracking = body.ChangeTrackingEnabled === true;
  env.tables.set(logicalName, t);
  return { status: 204, headers: { 'OData-EntityId': `${base}/api/data/v9.2/EntityDefinitions(${t.metadataId})` } };
}

/** Finds the table a metadata segment names: `(LogicalName='account')` or `(<MetadataId>)`. */
function tableOf(env: Env, inner: string): Table {
  const m = /^LogicalName='([^']+)'$/.exec(inner);
  const t = m ? env.tables.get(m[1]!) : [...env.tables.values()].find((x) => x.metadataId === inner);
  if (!t)
    throw new DataverseError(404, '0x80040217', `Could not find entity with ${m ? `name '${m[1]}'` : `id ${inner}`}.`);
  return t;
}

/** `path` is below `/api/data/v9.2/`, starting `EntityDefinitions`. */
export function handleMetadata(
  env: Env,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  base: string,
): Answer {
  const json = (body ?? {}) as Json;
  const ctx = `${base}/api/data/v9.2/$metadata#EntityDefinitions`;
  if (path === 'EntityDefinitions') {
    if (method === 'POST') return addTable(env, json, base);
    if (method !== 'GET') throw badQuery(`The HTTP method '${method}' is not allowed here.`);
    const expand = query.get('$expand') ?? '';
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': ctx, value: [...env.tables.values()].map((t) => entityJson(t, expand)) },
    };
  }
  const m =
    /^EntityDefinitions\(([^)]*)\)(?:\/(Attributes|Keys)(?:\(([^)]*)\))?)?(?:\/Microsoft\.Dynamics\.CRM\.(\w+))?$/.exec(
      path,
    );
  if (!m) throw noSuchResource(path);
  const t = tableOf(env, m[1]!);
  const [, , part, inner, cast] = m;
  if (cast !== undefined) {
    const type = TYPES[cast];
    if (part !== 'Attributes' || inner || !type || method !== 'GET') throw noSuchResource(path);
    const expand = query.get('$expand') ?? '';
    if (expand && (type !== 'Picklist' || !/^OptionSet\b/.test(expand)))
      throw badQuery(`Could not find a property named '${expand.split('(')[0]}' on type '${cast}'.`);
    const value = [...t.columns.values()]
      .filter((c) => c.type === type)
      .map((c) => ({ ...attributeJson(t, c), ...(expand ? { OptionSet: optionSetJson(c) } : {}) }));
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': `${ctx}(${t.metadataId})/Attributes/${cast}`, value },
    };
  }
  if (!part) {
    if (method === 'PUT' || method === 'PATCH') {
      if (typeof json.ChangeTrackingEnabled === 'boolean')
        t.changeTracking = t.changeTracking || json.ChangeTrackingEnabled;
      return { status: 204, headers: {} };
    }
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': `${ctx}/$entity`, ...entityJson(t, query.get('$expand') ?? '') },
    };
  }
  if (part === 'Keys') {
    if (method === 'POST' && !inner) return addKey(env, t, json, base);
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': `${ctx}(${t.metadataId})/Keys`, value: t.keys.map((k) => keyJson(t, k)) },
    };
  }
  if (method === 'POST' && !inner) {
    const c = columnFrom(json);
    if (t.columns.has(c.logicalName)) throw duplicateMetadata('attribute', c.logicalName);
    t.columns.set(c.logicalName, c);
    return {
      status: 204,
      headers: {
        'OData-EntityId': `${base}/api/data/v9.2/EntityDefinitions(${t.metadataId})/Attributes(${c.metadataId})`,
      },
    };
  }
  if (inner) {
    const name = /^LogicalName='([^']+)'$/.exec(inner)?.[1];
    const c = [...t.columns.values()].find((x) => x.logicalName === name || x.metadataId === inner);
    if (!c)
      throw new DataverseError(
        404,
        '0x80040217',
        `Could not find attribute ${name ?? inner} on entity ${t.logicalName}.`,
      );
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': `${ctx}(${t.metadataId})/Attributes/$entity`, ...attributeJson(t, c) },
    };
  }
  return {
    status: 200,
    headers: {},
    body: {
      '@odata.context': `${ctx}(${t.metadataId})/Attributes`,
      value: [...t.columns.values()].map((c) => attributeJson(t, c)),
    },
  };
}
