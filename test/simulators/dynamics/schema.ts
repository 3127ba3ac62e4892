/**
 * @module
 * What a table is: columns with their types, lengths, choices and whether they can be written on
 * create or update, alternate keys, collection-valued navigation properties and state/status pairs,
 * with the helpers the table definitions (tables.ts, sales-tables.ts, registration-tables.ts) use.
 * Only columns defined exist; provisioning (metadata.ts) adds `lb_*` columns, keys and tables at run
 * time, as an admin's solution would.
 */
import crypto from 'node:crypto';

export type ColumnType =
  | 'Uniqueidentifier'
  | 'String'
  | 'Memo'
  | 'Integer'
  | 'BigInt'
  | 'Decimal'
  | 'Money'
  | 'Boolean'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'Lookup'
  | 'DateTime';

export interface OptionValue {
  readonly value: number;
  readonly label: string;
  /** Status options: the state they belong to. */
  readonly state?: number;
}

export interface Column {
  readonly logicalName: string;
  readonly type: ColumnType;
  readonly maxLength?: number;
  /** Decimal places of Decimal and Money columns. */
  readonly precision?: number;
  readonly options?: readonly OptionValue[];
  /** Lookup targets (logical names); more than one makes navigation properties `<col>_<target>`. */
  readonly targets?: readonly string[];
  readonly required: 'None' | 'ApplicationRequired' | 'SystemRequired';
  readonly validForCreate: boolean;
  readonly validForUpdate: boolean;
  /** False for write-only columns (serviceendpoint.authvalue). */
  readonly validForRead: boolean;
  readonly isCustom: boolean;
  readonly metadataId: string;
}

export interface AlternateKey {
  readonly logicalName: string;
  readonly keyAttributes: readonly string[];
  readonly metadataId: string;
  /** Dataverse builds the index asynchronously; the simulator's is Active at once, Failed when rows collide. */
  readonly status: 'Active' | 'Failed';
}

export interface Table {
  readonly logicalName: string;
  readonly entitySetName: string;
  readonly primaryId: string;
  readonly primaryName: string;
  readonly columns: Map<string, Column>;
  readonly keys: AlternateKey[];
  /** Collection-valued navigation properties: name → (table, lookup column on that table). */
  readonly collections: ReadonlyMap<string, { readonly table: string; readonly via: string }>;
  /** Default statuscode per statecode; empty when the table has no state. */
  readonly defaultStatus: ReadonlyMap<number, number>;
  changeTracking: boolean;
  readonly isCustom: boolean;
  readonly metadataId: string;
  readonly displayName: string;
}

type ColumnSpec = Partial<Omit<Column, 'logicalName' | 'type' | 'metadataId'>>;

export function column(logicalName: string, type: ColumnType, spec: ColumnSpec = {}): Column {
  return {
    logicalName,
    type,
    required: 'None',
    validForCreate: true,
    validForUpdate: true,
    validForRead: true,
    isCustom: logicalName.startsWith('lb_'),
    metadataId: crypto.randomUUID(),
    ...spec,
  };
}

export const str = (n: string, maxLength = 100, spec: ColumnSpec = {}) => column(n, 'String', { maxLength, ...spec });
export const memo = (n: string) => column(n, 'Memo', { maxLength: 2000 });
export const money = (n: string, spec: ColumnSpec = {}) => column(n, 'Money', { precision: 4, ...spec });
export const lookup = (n: string, targets: string[], spec: ColumnSpec = {}) =>
  column(n, 'Lookup', { targets, ...spec });
export const readOnly: ColumnSpec = { validForCreate: false, validForUpdate: false };
export const choice = (n: string, options: [number, string][]) =>
  column(n, 'Picklist', { options: options.map(([value, label]) => ({ value, label })) });

/** statecode and statuscode: `states` [value, label, default status]; `statuses` [value, label, state]. */
export function stateColumns(states: [number, string, number][], statuses: [number, string, number][]): Column[] {
  return [
    column('statecode', 'State', {
      options: states.map(([value, label]) => ({ value, label })),
      validForCreate: false,
    }),
    column('statuscode', 'Status', { options: statuses.map(([value, label, state]) => ({ value, label, state })) }),
  ];
}

export const ACTIVE_INACTIVE = stateColumns(
  [
    [0, 'Active', 1],
    [1, 'Inactive', 2],
  ],
  [
    [1, 'Active', 0],
    [2, 'Inactive', 1],
  ],
);

interface TableSpec {
  readonly logicalName: string;
  readonly entitySetName?: string;
  readonly primaryName: string;
  readonly displayName: string;
  readonly columns: readonly Column[];
  readonly collections?: Record<string, { table: string; via: string }>;
  readonly isCustom?: boolean;
}

/** A table with its primary key and the system columns every Dataverse table has. */
export function defineTable(spec: TableSpec): Table {
  const primaryId = `${spec.logicalName}id`;
  const columns = [
    column(primaryId, 'Uniqueidentifier', { validForUpdate: false }),
    column('versionnumber', 'BigInt', readOnly),
    column('createdon', 'DateTime', readOnly),
    column('modifiedon', 'DateTime', readOnly),
    ...spec.columns,
  ];
  const state = columns.find((c) => c.type === 'State');
  const status = columns.find((c) => c.type === 'Status');
  const defaultStatus = new Map<number, number>();
  for (const o of state?.options ?? []) {
    const first = status?.options?.find((s) => s.state === o.value);
    if (first) defaultStatus.set(o.value, first.value);
  }
  return {
    logicalName: spec.logicalName,
    entitySetName: spec.entitySetName ?? `${spec.logicalName}s`,
    primaryId,
    primaryName: spec.primaryName,
    columns: new Map(columns.map((c) => [c.logicalName, c])),
    keys: [],
    collections: new Map(Object.entries(spec.collections ?? {})),
    defaultStatus,
    changeTracking: true,
    isCustom: spec.isCustom ?? false,
    metadataId: crypto.randomUUID(),
    displayName: spec.displayName,
  };
}

/** Navigation property name → (lookup column, target table) of a table's single-valued lookups. */
export function navigationProperties(table: Table): Map<string, { column: string; target: string }> {
  const out = new Map<string, { column: string; target: string }>();
  for (const c of table.columns.values()) {
    if (c.type !== 'Lookup') continue;
    const targets = c.targets ?? [];
    if (targets.length === 1) out.set(c.logicalName, { column: c.logicalName, target: targets[0]! });
    else for (const t of targets) out.set(`${c.logicalName}_${t}`, { column: c.logicalName, target: t });
  }
  return out;
}
