/**
 * @module
 * The package's data model as the relay uses it: every object and field the relay reads or writes,
 * and every picklist value it writes, in source (un-prefixed) form. This is the contract with
 * `force-app/`: the metadata check (`npm run validate:metadata`) fails when a name here is missing
 * from the package or a picklist value here is not in the field's value set.
 *
 * Always send these through the {@link Namer} from `names.ts`.
 */

export const CONNECTION_STATUS = ['Healthy', 'Degraded', 'Offline', 'Needs Reauthorization', 'Paused'] as const;
export const EDITION = ['Desktop', 'Online'] as const;
export const TXN_STATUS = ['Open', 'Partially Paid', 'Paid', 'Overdue', 'Voided'] as const;
export const DIRECTION = ['QuickBooks to Salesforce', 'Salesforce to QuickBooks'] as const;
export const RUN_OUTCOME = ['Running', 'Succeeded', 'Completed with Failures', 'Failed'] as const;
export const LOG_OPERATION = ['Create', 'Update', 'Upsert', 'Deactivate', 'Void', 'Read', 'Book', 'Reverse'] as const;
export const LOG_STATUS = ['Failed', 'Retrying', 'Replayed', 'Resolved', 'Succeeded'] as const;
/** What a log asks a person to decide (a field changed on both sides, or a record of the same name), and the decisions. */
export const REVIEW_KIND = ['Conflict', 'Match'] as const;
export const REVIEW_DECISION = ['Keep QuickBooks', 'Keep Salesforce', 'Link', 'Create New', 'Skip'] as const;
export const REQUEST_SCOPE = [
  'Account',
  'Opportunity',
  'Connection',
  'Health Check',
  'Connect QuickBooks Online',
] as const;
export const REQUEST_STATUS = ['Requested', 'Waiting for QuickBooks', 'In Progress', 'Completed', 'Failed'] as const;
export const PARTY_TYPE = ['Customer', 'Vendor'] as const;
export const ORDER_SYNC_STATUS = ['Not Synced', 'Pending', 'Synced', 'Failed'] as const;
/** A record's state on its way to QuickBooks (the package's QuickBooks_Sync_Status global value set). */
export const SYNC_STATUS = ['Not Synced', 'Queued', 'Synced', 'Failed', 'Needs Review'] as const;

export type ConnectionStatus = (typeof CONNECTION_STATUS)[number];
export type TxnStatus = (typeof TXN_STATUS)[number];
export type LogStatus = (typeof LOG_STATUS)[number];
export type RequestStatus = (typeof REQUEST_STATUS)[number];
export type ReviewDecision = (typeof REVIEW_DECISION)[number];

interface ObjectSpec {
  /** External-ID field the relay upserts by, if any. */
  readonly externalId?: string;
  /** Other external-ID fields the relay upserts or references by (an Account is a customer or a vendor). */
  readonly alternateExternalIds?: readonly string[];
  /** Fields the relay reads or writes (standard ones included for standard objects). */
  readonly fields: readonly string[];
  /** Picklist values the relay writes, per field. */
  readonly picklists?: Readonly<Record<string, readonly string[]>>;
}

/** Everything the relay touches in the org, by source API name. */
export const SCHEMA = {
  QuickBooks_Connection__c: {
    externalId: 'Connection_Key__c',
    fields: [
      'Name',
      'Connection_Key__c',
      'Edition__c',
      'Status__c',
      'Company_Name__c',
      'Last_Contact_At__c',
      'Last_Success_At__c',
      'Last_Error__c',
      'Pending_Count__c',
      'Failed_Count__c',
      'Relay_URL__c',
      'Time_Zone__c',
      'Last_Run_Summary__c',
      'Last_Reconciled_At__c',
      'Reconciliation_Differences__c',
      'Reconciliation_Result__c',
      'To_QuickBooks_Pending__c',
      'To_QuickBooks_Failed__c',
      'Salesforce_Changes__c',
      'Field_Mapping_Problems__c',
    ],
    picklists: { Edition__c: EDITION, Status__c: CONNECTION_STATUS },
  },
  QuickBooks_Invoice__c: {
    externalId: 'QuickBooks_Invoice_Id__c',
    fields: [
      'Name',
      'QuickBooks_Invoice_Id__c',
      'Account__c',
      'Opportunity__c',
      'Connection__c',
      'Txn_Date__c',
      'Due_Date__c',
      'Total_Amount__c',
      'Balance__c',
      'Status__c',
      'Currency_Code__c',
      'Terms__c',
      'Sales_Rep__c',
      'Memo__c',
      'Department__c',
      'Class__c',
      'Exchange_Rate__c',
      'QuickBooks_Updated_At__c',
    ],
    picklists: { Status__c: TXN_STATUS },
  },
  QuickBooks_Invoice_Line__c: {
    externalId: 'QuickBooks_Line_Id__c',
    fields: [
      'Invoice__c',
      'QuickBooks_Line_Id__c',
      'Product__c',
      'Description__c',
      'Quantity__c',
      'Rate__c',
      'Amount__c',
      'Line_Number__c',
    ],
  },
  QuickBooks_Bill__c: {
    externalId: 'QuickBooks_Bill_Id__c',
    fields: [
      'Name',
      'QuickBooks_Bill_Id__c',
      'Account__c',
      'Connection__c',
      'Txn_Date__c',
      'Due_Date__c',
      'Total_Amount__c',
      'Balance__c',
      'Status__c',
      'Currency_Code__c',
      'Memo__c',
      'QuickBooks_Updated_At__c',
    ],
    picklists: { Status__c: TXN_STATUS },
  },
  QuickBooks_Payment__c: {
    externalId: 'QuickBooks_Payment_Id__c',
    fields: [
      'Name',
      'QuickBooks_Payment_Id__c',
      'Account__c',
      'Connection__c',
      'Invoice__c',
      'Amount__c',
      'Unapplied_Amount__c',
      'Payment_Date__c',
      'Payment_Method__c',
      'Reference_Number__c',
      'Currency_Code__c',
      'Memo__c',
      'QuickBooks_Updated_At__c',
    ],
  },
  QuickBooks_GL_Account__c: {
    externalId: 'QuickBooks_Account_Id__c',
    fields: [
      'Name',
      'QuickBooks_Account_Id__c',
      'Full_Name__c',
      'Account_Type__c',
      'Account_Number__c',
      'Balance__c',
      'Active__c',
      'Connection__c',
      'QuickBooks_Updated_At__c',
    ],
  },
  QuickBooks_Sync_Run__c: {
    externalId: 'Run_Key__c',
    fields: [
      'Run_Key__c',
      'Connection__c',
      'Direction__c',
      'Started_At__c',
      'Finished_At__c',
      'Records_Read__c',
      'Records_Created__c',
      'Records_Updated__c',
      'Records_Unchanged__c',
      'Records_Failed__c',
      'Outcome__c',
      'Summary__c',
    ],
    picklists: { Direction__c: DIRECTION, Outcome__c: RUN_OUTCOME },
  },
  QuickBooks_Sync_Log__c: {
    externalId: 'Log_Key__c',
    fields: [
      'Log_Key__c',
      'Sync_Run__c',
      'Connection__c',
      'Direction__c',
      'Object__c',
      'Operation__c',
      'Status__c',
      'QuickBooks_Id__c',
      'Record_Id__c',
      'Account__c',
      'Opportunity__c',
      'Order__c',
      'Product__c',
      'Error_Code__c',
      'Error_Message__c',
      'Attempts__c',
      'Last_Attempt_At__c',
      'Replay_Requested__c',
      'Replay_Result__c',
      'Review_Kind__c',
      'Field__c',
      'QuickBooks_Value__c',
      'Salesforce_Value__c',
      'Candidate_Id__c',
      'Candidate_Name__c',
      // A posting in a record's history (an Order's journal entries and their reversals).
      'Replaces_Id__c',
      'Message__c',
      // Set by a person (the Needs Review component), read by the poller.
      'Review_Decision__c',
      'Decided_At__c',
      'Decided_By__c',
    ],
    picklists: {
      Direction__c: DIRECTION,
      Operation__c: LOG_OPERATION,
      Status__c: LOG_STATUS,
      Review_Kind__c: REVIEW_KIND,
      Review_Decision__c: REVIEW_DECISION,
    },
  },
  QuickBooks_Sync_Request__c: {
    fields: [
      'Id',
      'Scope__c',
      'Account__c',
      'Opportunity__c',
      'Connection__c',
      'Status__c',
      'Result__c',
      'Picked_Up_At__c',
      'Completed_At__c',
    ],
    picklists: { Status__c: REQUEST_STATUS },
  },
  Account: {
    externalId: 'QuickBooks_Customer_Id__c',
    alternateExternalIds: ['QuickBooks_Vendor_Id__c'],
    fields: [
      'Name',
      'ParentId',
      'Phone',
      'Fax',
      'Website',
      'Description',
      'BillingStreet',
      'BillingCity',
      'BillingState',
      'BillingPostalCode',
      'BillingCountry',
      'ShippingStreet',
      'ShippingCity',
      'ShippingState',
      'ShippingPostalCode',
      'ShippingCountry',
      'QuickBooks_Customer_Id__c',
      'QuickBooks_Vendor_Id__c',
      'QuickBooks_Full_Name__c',
      'QuickBooks_Type__c',
      'QuickBooks_Department__c',
      'QuickBooks_Class__c',
      'QuickBooks_Terms__c',
      'QuickBooks_Sales_Rep__c',
      'QuickBooks_Email__c',
      'QuickBooks_Open_Balance__c',
      'QuickBooks_Overdue_Balance__c',
      'QuickBooks_Active__c',
      'QuickBooks_Connection__c',
      'QuickBooks_Last_Synced_At__c',
      'QuickBooks_Sync_Enabled__c',
      'QuickBooks_Sync_Status__c',
      'QuickBooks_Edit_Sequence__c',
    ],
    picklists: { QuickBooks_Type__c: PARTY_TYPE, QuickBooks_Sync_Status__c: SYNC_STATUS },
  },
  Contact: {
    externalId: 'QuickBooks_Contact_Id__c',
    fields: [
      'FirstName',
      'LastName',
      'Salutation',
      'Email',
      'Phone',
      'MobilePhone',
      'Title',
      'AccountId',
      'QuickBooks_Contact_Id__c',
    ],
  },
  Opportunity: {
    externalId: 'QuickBooks_Invoice_Id__c',
    fields: [
      'Name',
      'AccountId',
      'Amount',
      'CloseDate',
      'StageName',
      'Description',
      'Pricebook2Id',
      'QuickBooks_Invoice_Id__c',
      'QuickBooks_Sales_Order_Id__c',
      'QuickBooks_Sync_Status__c',
      'QuickBooks_Department__c',
      'QuickBooks_Class__c',
    ],
    picklists: {
      StageName: ['Closed Won', 'Closed Lost', 'Negotiation/Review'],
      QuickBooks_Sync_Status__c: SYNC_STATUS,
    },
  },
  OpportunityLineItem: {
    externalId: 'QuickBooks_Line_Id__c',
    fields: [
      'OpportunityId',
      'PricebookEntryId',
      'Quantity',
      'UnitPrice',
      'TotalPrice',
      'Description',
      'ServiceDate',
      'QuickBooks_Line_Id__c',
    ],
  },
  Product2: {
    externalId: 'QuickBooks_Item_Id__c',
    fields: [
      'Name',
      'ProductCode',
      'Description',
      'IsActive',
      'Family',
      'QuickBooks_Item_Id__c',
      'QuickBooks_Item_Type__c',
      'QuickBooks_Sync_Status__c',
      'QuickBooks_Edit_Sequence__c',
    ],
    picklists: { QuickBooks_Sync_Status__c: SYNC_STATUS },
  },
  PricebookEntry: {
    externalId: 'QuickBooks_Item_Id__c',
    fields: ['Pricebook2Id', 'Product2Id', 'UnitPrice', 'IsActive', 'QuickBooks_Item_Id__c'],
  },
  Order: {
    externalId: 'QuickBooks_Journal_Entry_Id__c',
    fields: [
      'AccountId',
      'EffectiveDate',
      'Status',
      'Description',
      'QuickBooks_Journal_Entry_Id__c',
      'QuickBooks_Sync_Status__c',
    ],
    picklists: { QuickBooks_Sync_Status__c: ORDER_SYNC_STATUS },
  },
} as const satisfies Record<string, ObjectSpec>;

export type SObjectName = keyof typeof SCHEMA;

/**
 * External-ID values are scoped by connection so two QuickBooks companies never collide.
 * @example externalKey('acme-desktop', '80000001-1271891747') // 'acme-desktop:80000001-1271891747'
 * @example externalKey('acme-desktop', 'A1-1', '7-1') // 'acme-desktop:A1-1:7-1'
 */
export function externalKey(connectionKey: string, id: string, lineId?: string): string {
  return lineId === undefined ? `${connectionKey}:${id}` : `${connectionKey}:${id}:${lineId}`;
}
