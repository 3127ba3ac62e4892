/**
 * @module
 * What the sync engine hands the Salesforce client and what it gets back: records in source
 * (un-prefixed) names, and one typed outcome per source record.
 */
import type { SfError } from './errors.ts';
import type { SObjectName } from './schema.ts';

/** A record body in source names: fields, and parents by external ID (`Account__r: { QuickBooks_Customer_Id__c: 'x' }`). */
export type RecordInput = Readonly<Record<string, unknown>>;

/** The result for one source record. */
export type RecordOutcome = {
  /** The caller's id for the record (defaults to its external ID). */
  readonly sourceId: string;
  readonly externalId: string;
  /** Requests that carried this record. */
  readonly attempts: number;
} & (
  | { readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly error: SfError }
);

export interface UpsertOptions {
  /** One per record: the id the outcome is tied to. Default: the record's external-ID value. */
  readonly sourceIds?: readonly string[];
  /** Force a path; `auto` uses Bulk API 2.0 at or above the bulk threshold. */
  readonly mode?: 'auto' | 'collections' | 'bulk';
}

/** One record of a parent-and-children write. */
export interface GraphNode {
  /** Unique within the graph (letters, digits, `_`). */
  readonly ref: string;
  readonly sobject: SObjectName;
  readonly externalIdField: string;
  readonly record: RecordInput;
  /** Lookup field → `ref` of an earlier node whose id it takes (`{ Invoice__c: 'inv' }`). */
  readonly links?: Readonly<Record<string, string>>;
}

/** Records that must be written together (an invoice, its lines, its Opportunity). */
export interface GraphInput {
  readonly sourceId: string;
  readonly nodes: readonly GraphNode[];
}

export interface NodeOutcome {
  readonly ref: string;
  readonly sobject: SObjectName;
  readonly externalId: string;
  readonly ok: boolean;
  readonly id?: string;
  readonly created?: boolean;
  readonly error?: SfError;
}

export interface GraphOutcome {
  readonly sourceId: string;
  readonly ok: boolean;
  readonly nodes: readonly NodeOutcome[];
  /** The error that failed the graph, attributed to its node in `nodes`. */
  readonly error?: SfError;
  readonly attempts: number;
}
