/**
 * @module
 * The schema data (`schema.ts`) as Dataverse metadata bodies: `AttributeMetadata` of the right
 * `@odata.type` (String, Memo, Integer, Boolean, Picklist with its fixed option values),
 * `EntityKeyMetadata`, and `EntityMetadata` for a new table with its primary name column
 * (webapi/create-update-entity-definitions-using-web-api.md, create-update-column-definitions-using-web-api.md,
 * define-alternate-keys-entity.md). Labels are English (1033).
 */
import type { ColumnSpec, KeySpec, NewTableSpec } from './schema.ts';

type Json = Readonly<Record<string, unknown>>;

const CRM = 'Microsoft.Dynamics.CRM';

/**
 * @example label('QuickBooks id') // { '@odata.type': 'Microsoft.Dynamics.CRM.Label', LocalizedLabels: [...] }
 */
export function label(text: string): Json {
  return {
    '@odata.type': `${CRM}.Label`,
    LocalizedLabels: [{ '@odata.type': `${CRM}.LocalizedLabel`, Label: text, LanguageCode: 1033 }],
  };
}

const optionLabel = (value: number, text: string) => ({ Value: value, Label: label(text) });

/**
 * A column's `AttributeMetadata` body for `POST EntityDefinitions(LogicalName='…')/Attributes`.
 * @example attributeBody({ kind: 'String', name: 'lb_quickbooksid', label: 'QuickBooks id', maxLength: 100 })
 */
export function attributeBody(c: ColumnSpec, extra: Json = {}): Json {
  const common = {
    SchemaName: c.name,
    DisplayName: label(c.label),
    RequiredLevel: { Value: 'None', CanBeChanged: true },
    ...extra,
  };
  switch (c.kind) {
    case 'String':
      return {
        '@odata.type': `${CRM}.StringAttributeMetadata`,
        ...common,
        MaxLength: c.maxLength,
        FormatName: { Value: 'Text' },
      };
    case 'Memo':
      return { '@odata.type': `${CRM}.MemoAttributeMetadata`, ...common, MaxLength: c.maxLength, Format: 'TextArea' };
    case 'Integer':
      return {
        '@odata.type': `${CRM}.IntegerAttributeMetadata`,
        ...common,
        MinValue: c.min,
        MaxValue: c.max,
        Format: 'None',
      };
    case 'Boolean':
      return {
        '@odata.type': `${CRM}.BooleanAttributeMetadata`,
        ...common,
        DefaultValue: false,
        OptionSet: {
          '@odata.type': `${CRM}.BooleanOptionSetMetadata`,
          TrueOption: optionLabel(1, 'Yes'),
          FalseOption: optionLabel(0, 'No'),
          OptionSetType: 'Boolean',
        },
      };
    case 'Picklist':
      return {
        '@odata.type': `${CRM}.PicklistAttributeMetadata`,
        ...common,
        OptionSet: {
          '@odata.type': `${CRM}.OptionSetMetadata`,
          IsGlobal: false,
          OptionSetType: 'Picklist',
          Options: c.options.map((o) => optionLabel(o.value, o.label)),
        },
      };
  }
}

/**
 * An alternate key's `EntityKeyMetadata` body for `POST EntityDefinitions(LogicalName='…')/Keys`.
 * @example keyBody({ name: 'lb_quickbooksid_key', label: 'QuickBooks id', columns: ['lb_quickbooksconnection', 'lb_quickbooksid'] })
 */
export function keyBody(k: KeySpec): Json {
  return {
    '@odata.type': `${CRM}.EntityKeyMetadata`,
    SchemaName: k.name,
    DisplayName: label(k.label),
    KeyAttributes: [...k.columns],
  };
}

/**
 * A new table's `EntityMetadata` for `POST EntityDefinitions`, with only its primary name column
 * (Dataverse creates a table with that one column; the others are added after, as on any table).
 * Organization-owned, change tracking on (the relay reads replays from it).
 * @example tableBody(SYNC_LOG)
 */
export function tableBody(t: NewTableSpec): Json {
  return {
    '@odata.type': `${CRM}.EntityMetadata`,
    SchemaName: t.table,
    DisplayName: label(t.label),
    DisplayCollectionName: label(t.pluralLabel),
    Description: label(t.description),
    OwnershipType: 'OrganizationOwned',
    IsActivity: false,
    HasActivities: false,
    HasNotes: false,
    ChangeTrackingEnabled: true,
    PrimaryNameAttribute: t.primaryName.name,
    Attributes: [attributeBody(t.primaryName, { IsPrimaryName: true })],
  };
}
