/**
 * @module
 * What Ledgerbridge needs in a Dataverse environment, as data (issue 14: the names are a contract
 * admins' views, reports and other tools rely on). On account, contact, product, salesorder and
 * invoice: the connection key and QuickBooks id columns, the alternate key over both (two columns,
 * not one `<connection>:<id>` value: Dataverse cannot address a key value containing `:` in a URL),
 * the sync status choice; the `lb_synclog` table; the `lb_fieldmapping` table (an admin's field
 * mappings, the rows the relay reads: `dynamics/field-mappings/`); and which tables a webhook step watches. Option
 * values are fixed here, never left to Dataverse's defaults, so every environment numbers them alike.
 */

export type ColumnSpec =
  | { readonly kind: 'String'; readonly name: string; readonly label: string; readonly maxLength: number }
  | { readonly kind: 'Memo'; readonly name: string; readonly label: string; readonly maxLength: number }
  | {
      readonly kind: 'Integer';
      readonly name: string;
      readonly label: string;
      readonly min: number;
      readonly max: number;
    }
  | { readonly kind: 'Boolean'; readonly name: string; readonly label: string }
  | {
      readonly kind: 'Picklist';
      readonly name: string;
      readonly label: string;
      readonly options: readonly { readonly value: number; readonly label: string }[];
    };

export interface KeySpec {
  readonly name: string;
  readonly label: string;
  readonly columns: readonly string[];
}

export interface TableSpec {
  readonly table: string;
  /** Columns in the order they are created (a key's columns before the key). */
  readonly columns: readonly ColumnSpec[];
  readonly keys: readonly KeySpec[];
}

export interface NewTableSpec extends TableSpec {
  readonly label: string;
  readonly pluralLabel: string;
  readonly description: string;
  /** The primary name column (created with the table; it must be a String). */
  readonly primaryName: ColumnSpec & { readonly kind: 'String' };
}

/** Dataverse option values for custom choices start at the publisher's prefix × 10,000; ours is 10,000. */
const OPTION_BASE = 100_000_000;
const options = (labels: readonly string[]) => labels.map((label, i) => ({ value: OPTION_BASE + i, label }));

/** The label of a fixed choice's option value (`undefined`: not one of them). @example optionLabel(['Both'], 100000000) // 'Both' */
export const optionLabel = (labels: readonly string[], value: unknown): string | undefined =>
  typeof value === 'number' ? labels[value - OPTION_BASE] : undefined;

/** The option value of a fixed choice's label. @example optionValue(['Both'], 'Both') // 100000000 */
export const optionValue = (labels: readonly string[], label: string): number => OPTION_BASE + labels.indexOf(label);

/** `lb_syncstatus` values, by name: the relay writes these numbers. */
export const SYNC_STATUS = {
  notSynced: OPTION_BASE,
  queued: OPTION_BASE + 1,
  synced: OPTION_BASE + 2,
  failed: OPTION_BASE + 3,
  needsReview: OPTION_BASE + 4,
} as const;

/** `lb_synclog.lb_status` values, as the Salesforce package's sync log names them. */
export const LOG_STATUS = {
  failed: OPTION_BASE,
  retrying: OPTION_BASE + 1,
  replayed: OPTION_BASE + 2,
  resolved: OPTION_BASE + 3,
} as const;

/** The tables that carry a QuickBooks id. */
export const LINKED_TABLES = ['account', 'contact', 'product', 'salesorder', 'invoice'] as const;
export type LinkedTable = (typeof LINKED_TABLES)[number];

/** The tables whose changes a webhook step reports (Create, Update, Delete). */
export const WATCHED_TABLES = ['account', 'contact', 'product', 'salesorder'] as const;
export const WATCHED_MESSAGES = ['Create', 'Update', 'Delete'] as const;

export const CONNECTION_COLUMN = 'lb_quickbooksconnection';
export const QUICKBOOKS_ID_COLUMN = 'lb_quickbooksid';
export const QUICKBOOKS_KEY = 'lb_quickbooksid_key';
export const SYNC_STATUS_COLUMN = 'lb_syncstatus';

const linkedColumns: readonly ColumnSpec[] = [
  { kind: 'String', name: CONNECTION_COLUMN, label: 'QuickBooks connection', maxLength: 100 },
  { kind: 'String', name: QUICKBOOKS_ID_COLUMN, label: 'QuickBooks id', maxLength: 100 },
  {
    kind: 'Picklist',
    name: SYNC_STATUS_COLUMN,
    label: 'Sync status',
    options: options(['Not Synced', 'Queued', 'Synced', 'Failed', 'Needs Review']),
  },
];

/** The columns and key each linked table gets. */
export const LINKED_TABLE_SPECS: readonly TableSpec[] = LINKED_TABLES.map((table) => ({
  table,
  columns: linkedColumns,
  keys: [{ name: QUICKBOOKS_KEY, label: 'QuickBooks id', columns: [CONNECTION_COLUMN, QUICKBOOKS_ID_COLUMN] }],
}));

/** The sync log: one row per failure, in words, with a replay switch a person sets. */
export const SYNC_LOG: NewTableSpec = {
  table: 'lb_synclog',
  label: 'Ledgerbridge sync log',
  pluralLabel: 'Ledgerbridge sync logs',
  description: 'Records Ledgerbridge could not sync, why, and whether someone asked to replay them.',
  primaryName: { kind: 'String', name: 'lb_name', label: 'Name', maxLength: 200 },
  columns: [
    { kind: 'String', name: 'lb_object', label: 'Object', maxLength: 100 },
    { kind: 'String', name: QUICKBOOKS_ID_COLUMN, label: 'QuickBooks id', maxLength: 100 },
    { kind: 'String', name: 'lb_errorcode', label: 'Error code', maxLength: 100 },
    { kind: 'Memo', name: 'lb_errormessage', label: 'Error message', maxLength: 4000 },
    { kind: 'Integer', name: 'lb_attempts', label: 'Attempts', min: 0, max: 2_147_483_647 },
    {
      kind: 'Picklist',
      name: 'lb_status',
      label: 'Status',
      options: options(['Failed', 'Retrying', 'Replayed', 'Resolved']),
    },
    { kind: 'Boolean', name: 'lb_replayrequested', label: 'Replay requested' },
  ],
  keys: [],
};

/** `lb_fieldmapping.lb_direction` values, in words as the relay reads them. */
export const MAPPING_DIRECTIONS = ['Both', 'QuickBooks to Dynamics', 'Dynamics to QuickBooks'] as const;
/** `lb_fieldmapping.lb_transform` values: the closed set of transforms (`sync/custom-fields.ts`). */
export const MAPPING_TRANSFORMS = [
  'Copy',
  'Value Map',
  'Truncate',
  'Default When Empty',
  'Date Format',
  'Number Format',
] as const;
/** `lb_fieldmapping.lb_quickbookskind` values. */
export const MAPPING_KINDS = ['Data Extension'] as const;

/**
 * An admin's field mappings (issue 18), one row each, the columns of the Salesforce package's
 * `QuickBooks_Field_Mapping__mdt`: the Dynamics table and column, the QuickBooks object, kind and
 * field, the direction, the transform and its value map, default and format, whether it is active;
 * and `lb_problem`, which the relay writes: why it ignores the row, in words (empty: it applies).
 */
export const FIELD_MAPPING: NewTableSpec = {
  table: 'lb_fieldmapping',
  label: 'Ledgerbridge field mapping',
  pluralLabel: 'Ledgerbridge field mappings',
  description: 'A Dynamics column mapped to a QuickBooks custom field, both ways or one, through one transform.',
  primaryName: { kind: 'String', name: 'lb_name', label: 'Name', maxLength: 100 },
  columns: [
    { kind: 'String', name: 'lb_crmtable', label: 'Dynamics table', maxLength: 100 },
    { kind: 'String', name: 'lb_crmcolumn', label: 'Dynamics column', maxLength: 100 },
    { kind: 'String', name: 'lb_quickbooksobject', label: 'QuickBooks object', maxLength: 100 },
    { kind: 'Picklist', name: 'lb_quickbookskind', label: 'QuickBooks field kind', options: options(MAPPING_KINDS) },
    { kind: 'String', name: 'lb_quickbooksfield', label: 'QuickBooks field', maxLength: 100 },
    { kind: 'Picklist', name: 'lb_direction', label: 'Direction', options: options(MAPPING_DIRECTIONS) },
    { kind: 'Picklist', name: 'lb_transform', label: 'Transform', options: options(MAPPING_TRANSFORMS) },
    { kind: 'Memo', name: 'lb_valuemap', label: 'Value map', maxLength: 4000 },
    { kind: 'String', name: 'lb_defaultvalue', label: 'Default value', maxLength: 255 },
    { kind: 'String', name: 'lb_format', label: 'Format', maxLength: 100 },
    { kind: 'Boolean', name: 'lb_active', label: 'Active' },
    { kind: 'Memo', name: 'lb_problem', label: 'Problem', maxLength: 4000 },
  ],
  keys: [],
};

/** The tables Ledgerbridge adds, in the order they are made. */
export const NEW_TABLES: readonly NewTableSpec[] = [SYNC_LOG, FIELD_MAPPING];

/** The service endpoint's name: how provisioning recognises the one it made. */
export const WEBHOOK_ENDPOINT_NAME = 'Ledgerbridge';
