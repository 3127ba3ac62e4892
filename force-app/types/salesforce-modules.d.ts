/**
 * @module
 * Ambient declarations for the platform modules the components import. `@salesforce/lightning-types`
 * covers base components only; schema, label, i18n and the Lightning Data Service modules
 * (`lightning/uiRecordApi`, `lightning/uiRelatedListApi`, `lightning/uiListsApi`) and the
 * quick-action close event are declared here, narrowed to what the package uses, and so are the
 * Apex methods components wire (`FieldPolicyController.getPolicies`,
 * `FieldMappingController.getMappings`: custom metadata types are not served by User Interface API).
 */

declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

declare module '@salesforce/schema/*' {
  const field: { objectApiName: string; fieldApiName: string };
  export default field;
}

declare module '@salesforce/user/Id' {
  const userId: string;
  export default userId;
}

declare module '@salesforce/i18n/locale' {
  const locale: string;
  export default locale;
}

declare module '@salesforce/i18n/currency' {
  const currency: string;
  export default currency;
}

declare module '@salesforce/i18n/timeZone' {
  const timeZone: string;
  export default timeZone;
}

/** The User Interface API record shape that every LDS adapter provisions. */
declare interface LdsFieldValue {
  value: unknown;
  displayValue: string | null;
}
declare interface LdsRecord {
  id: string;
  apiName: string;
  fields: Record<string, LdsFieldValue>;
}
/** A field or object reference from `@salesforce/schema/*`. */
declare interface LdsFieldRef {
  objectApiName: string;
  fieldApiName: string;
}
/** What a wire adapter hands a wired property: data or error, never both. */
declare interface LdsWireResult<T> {
  data?: T;
  error?: unknown;
}

declare module 'lightning/uiRecordApi' {
  import type { WireAdapterConstructor } from 'lwc';
  export const getRecord: WireAdapterConstructor<
    { recordId?: string; fields?: unknown[]; optionalFields?: unknown[] },
    LdsWireResult<LdsRecord>
  >;
  export function createRecord(input: { apiName: string; fields: Record<string, unknown> }): Promise<LdsRecord>;
  export function updateRecord(input: { fields: Record<string, unknown> }): Promise<LdsRecord>;
  export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
}

declare module 'lightning/uiRelatedListApi' {
  import type { WireAdapterConstructor } from 'lwc';
  export interface RelatedListRecords {
    records: LdsRecord[];
    count: number;
    nextPageToken: string | null;
  }
  export const getRelatedListRecords: WireAdapterConstructor<
    {
      parentRecordId?: string;
      relatedListId: string;
      fields?: string[];
      optionalFields?: string[];
      sortBy?: string[];
      pageSize?: number;
      where?: string;
    },
    LdsWireResult<RelatedListRecords>
  >;
}

declare module 'lightning/uiListsApi' {
  import type { WireAdapterConstructor } from 'lwc';
  export interface ListRecords {
    records: LdsRecord[];
    count: number;
    nextPageToken: string | null;
  }
  export const getListRecordsByName: WireAdapterConstructor<
    {
      objectApiName: unknown;
      listViewApiName: string;
      fields?: string[];
      optionalFields?: string[];
      sortBy?: string[];
      pageSize?: number;
      where?: string;
    },
    LdsWireResult<ListRecords>
  >;
}

declare module 'lightning/actions' {
  export class CloseActionScreenEvent extends CustomEvent<unknown> {
    constructor();
  }
}

declare module '@salesforce/apex/FieldPolicyController.getPolicies' {
  import type { WireAdapterConstructor } from 'lwc';
  /** What `FieldPolicyController.getPolicies` answers (its `Policies` and `Policy` classes). */
  export interface FieldPolicyAnswer {
    keyPrefix: string | null;
    policies: {
      developerName: string;
      label: string | null;
      objectName: string | null;
      fieldName: string | null;
      owner: string | null;
      onConflict: string | null;
      active: boolean | null;
      reason: string | null;
    }[];
  }
  const getPolicies: WireAdapterConstructor<Record<string, never>, LdsWireResult<FieldPolicyAnswer>> &
    (() => Promise<FieldPolicyAnswer>);
  export default getPolicies;
}

declare module '@salesforce/apex/FieldMappingController.getMappings' {
  import type { WireAdapterConstructor } from 'lwc';
  /** What `FieldMappingController.getMappings` answers (its `Mappings` and `Mapping` classes). */
  export interface FieldMappingAnswer {
    keyPrefix: string | null;
    mappings: {
      developerName: string;
      label: string | null;
      salesforceObject: string | null;
      salesforceField: string | null;
      quickBooksObject: string | null;
      quickBooksField: string | null;
      quickBooksFieldKind: string | null;
      direction: string | null;
      transform: string | null;
      valueMap: string | null;
      defaultValue: string | null;
      format: string | null;
      active: boolean | null;
      /** A default Ledgerbridge ships (`Shipped__c`). */
      shipped: boolean | null;
    }[];
  }
  const getMappings: WireAdapterConstructor<Record<string, never>, LdsWireResult<FieldMappingAnswer>> &
    (() => Promise<FieldMappingAnswer>);
  export default getMappings;
}
