/**
 * @module
 * The qbXML 13.0 requests Ledgerbridge sends, as plain data. {@link ./requests.ts} turns them into a
 * document in schema order. Dates are strings: `YYYY-MM-DD` (DATETYPE) or `YYYY-MM-DDTHH:MM:SS`
 * with an optional offset (DATETIMETYPE; QuickBooks reads a value without offset as the local time of
 * the QuickBooks machine). Amounts, prices and quantities are decimal strings, never JS numbers.
 */
import type { ContactFields, ContactMod } from '../../../lib/qb-contact-writes.ts';
import type { ItemWrite } from './item-request-types.ts';

export type * from './item-request-types.ts';

/** A reference to a list element: by ListID (preferred, survives renames) and/or FullName. */
export interface Ref {
  readonly listId?: string;
  readonly fullName?: string;
}

export interface Address {
  readonly addr1?: string;
  readonly addr2?: string;
  readonly addr3?: string;
  readonly addr4?: string;
  readonly addr5?: string;
  readonly city?: string;
  readonly state?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly note?: string;
}

/** `Start` opens an iterator; `Continue` needs the iteratorID QuickBooks returned in this session. */
export type IteratorMode = 'Start' | 'Continue' | 'Stop';
export type ActiveStatus = 'ActiveOnly' | 'InactiveOnly' | 'All';
export type MatchCriterion = 'StartsWith' | 'Contains' | 'EndsWith';

/** What every request carries. */
export interface RequestBase {
  /** Echoed on the response; ≤ 50 characters (QuickBooks status 1060 otherwise). */
  readonly requestId: string;
}

interface Iterating {
  readonly iterator?: IteratorMode;
  readonly iteratorId?: string;
  readonly maxReturned?: number;
}

/** Filters shared by the list queries (Customer, Vendor, Item, Account). */
export interface ListQueryFilter {
  readonly listIds?: readonly string[];
  readonly fullNames?: readonly string[];
  readonly maxReturned?: number;
  /** Defaults to `All` in the builder, so inactivated records are seen (QuickBooks' default is ActiveOnly). */
  readonly activeStatus?: ActiveStatus;
  readonly fromModifiedDate?: string;
  readonly toModifiedDate?: string;
  readonly nameFilter?: { readonly matchCriterion: MatchCriterion; readonly name: string };
  readonly includeRetElements?: readonly string[];
  /** `0` asks for public custom fields (DataExtRet). */
  readonly ownerIds?: readonly string[];
}

/** Filters shared by the transaction queries (Invoice, Bill, SalesOrder, ReceivePayment, JournalEntry). */
export interface TxnQueryFilter {
  readonly txnIds?: readonly string[];
  readonly refNumbers?: readonly string[];
  readonly maxReturned?: number;
  readonly fromModifiedDate?: string;
  readonly toModifiedDate?: string;
  readonly fromTxnDate?: string;
  readonly toTxnDate?: string;
  readonly entity?: { readonly listIds?: readonly string[]; readonly fullNames?: readonly string[] };
  readonly includeLineItems?: boolean;
  readonly includeRetElements?: readonly string[];
  readonly ownerIds?: readonly string[];
}

export type PaidStatus = 'All' | 'PaidOnly' | 'NotPaidOnly';

export interface HostQuery extends RequestBase {
  readonly type: 'HostQuery';
}
export interface CompanyQuery extends RequestBase {
  readonly type: 'CompanyQuery';
  readonly ownerIds?: readonly string[];
}
export interface PreferencesQuery extends RequestBase {
  readonly type: 'PreferencesQuery';
}
/** The company's data extension definitions (its custom fields: OwnerID `0`) of the OwnerIDs asked. */
export interface DataExtDefQuery extends RequestBase {
  readonly type: 'DataExtDefQuery';
  readonly ownerIds: readonly string[];
}
export interface CustomerQuery extends RequestBase, Iterating, ListQueryFilter {
  readonly type: 'CustomerQuery';
}
export interface VendorQuery extends RequestBase, Iterating, ListQueryFilter {
  readonly type: 'VendorQuery';
}
/** ItemQuery returns every item type (Service, Inventory, NonInventory, OtherCharge, ...). */
export interface ItemQuery extends RequestBase, Iterating, ListQueryFilter {
  readonly type: 'ItemQuery';
}
/** AccountQuery has no iterator in 13.0; asking for one is refused by the builder. */
export interface AccountQuery extends RequestBase, ListQueryFilter {
  readonly type: 'AccountQuery';
  readonly iterator?: never;
  readonly accountTypes?: readonly string[];
}
export interface InvoiceQuery extends RequestBase, Iterating, TxnQueryFilter {
  readonly type: 'InvoiceQuery';
  readonly paidStatus?: PaidStatus;
  readonly includeLinkedTxns?: boolean;
}
export interface BillQuery extends RequestBase, Iterating, TxnQueryFilter {
  readonly type: 'BillQuery';
  readonly paidStatus?: PaidStatus;
  readonly includeLinkedTxns?: boolean;
}
export interface SalesOrderQuery extends RequestBase, Iterating, TxnQueryFilter {
  readonly type: 'SalesOrderQuery';
  readonly includeLinkedTxns?: boolean;
}
export interface ReceivePaymentQuery extends RequestBase, Iterating, TxnQueryFilter {
  readonly type: 'ReceivePaymentQuery';
}
export interface JournalEntryQuery extends RequestBase, Iterating, TxnQueryFilter {
  readonly type: 'JournalEntryQuery';
}

export const LIST_DEL_TYPES = [
  'Account',
  'Customer',
  'Vendor',
  'Employee',
  'OtherName',
  'ItemService',
  'ItemInventory',
  'ItemNonInventory',
  'ItemOtherCharge',
  'ItemDiscount',
  'ItemSubtotal',
  'ItemPayment',
  'ItemSalesTax',
  'ItemSalesTaxGroup',
  'ItemGroup',
  'ItemInventoryAssembly',
  'ItemFixedAsset',
  'Class',
  'StandardTerms',
  'DateDrivenTerms',
] as const;
export type ListDelType = (typeof LIST_DEL_TYPES)[number];

export const TXN_DEL_TYPES = [
  'Invoice',
  'Bill',
  'ReceivePayment',
  'JournalEntry',
  'CreditMemo',
  'Check',
  'SalesReceipt',
  'Deposit',
  'VendorCredit',
  'BillPaymentCheck',
  'BillPaymentCreditCard',
] as const;
export type TxnDelType = (typeof TXN_DEL_TYPES)[number];

export interface ListDeletedQuery extends RequestBase {
  readonly type: 'ListDeletedQuery';
  readonly listDelTypes: readonly ListDelType[];
  readonly fromDeletedDate?: string;
  readonly toDeletedDate?: string;
}
export interface TxnDeletedQuery extends RequestBase {
  readonly type: 'TxnDeletedQuery';
  readonly txnDelTypes: readonly TxnDelType[];
  readonly fromDeletedDate?: string;
  readonly toDeletedDate?: string;
}

/**
 * One of a customer's additional contacts (the ContactInfo group; QuickBooks requires FirstName),
 * and a CustomerMod's ContactsMod: the shapes the Conductor path writes too.
 */
export type { ContactFields, ContactMod };

/** Customer fields Ledgerbridge writes (CustomerAdd/CustomerMod, in schema order). */
export interface CustomerFields {
  readonly name?: string;
  readonly isActive?: boolean;
  readonly class?: Ref;
  /** Makes this a job of another customer (FullName becomes `Parent:Name`). */
  readonly parent?: Ref;
  readonly companyName?: string;
  readonly salutation?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly phone?: string;
  readonly altPhone?: string;
  readonly fax?: string;
  readonly email?: string;
  readonly cc?: string;
  readonly contact?: string;
  readonly altContact?: string;
  /** Additional contacts of a new customer (CustomerAdd's Contacts). */
  readonly contacts?: readonly ContactFields[];
  readonly customerType?: Ref;
  readonly terms?: Ref;
  readonly salesRep?: Ref;
  readonly salesTaxCode?: Ref;
  readonly resaleNumber?: string;
  readonly accountNumber?: string;
  readonly creditLimit?: string;
  readonly jobStatus?: string;
  readonly jobStartDate?: string;
  readonly jobProjectedEndDate?: string;
  readonly jobEndDate?: string;
  readonly jobDesc?: string;
  readonly notes?: string;
  readonly preferredDeliveryMethod?: string;
  readonly priceLevel?: Ref;
  readonly currency?: Ref;
}

export interface CustomerAdd extends RequestBase {
  readonly type: 'CustomerAdd';
  readonly customer: CustomerFields & { readonly name: string; readonly externalGuid?: string };
}
export interface CustomerMod extends RequestBase {
  readonly type: 'CustomerMod';
  readonly listId: string;
  readonly editSequence: string;
  /** An existing customer's contacts change one by one (ContactsMod), not as a list. */
  readonly customer: Omit<CustomerFields, 'contacts'> & { readonly contactsMod?: readonly ContactMod[] };
}

export interface VendorFields {
  readonly name?: string;
  readonly isActive?: boolean;
  readonly companyName?: string;
  readonly salutation?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
  readonly vendorAddress?: Address;
  readonly shipAddress?: Address;
  readonly phone?: string;
  readonly altPhone?: string;
  readonly fax?: string;
  readonly email?: string;
  readonly cc?: string;
  readonly contact?: string;
  readonly altContact?: string;
  readonly nameOnCheck?: string;
  readonly accountNumber?: string;
  readonly notes?: string;
  readonly vendorType?: Ref;
  readonly terms?: Ref;
  readonly creditLimit?: string;
  readonly vendorTaxIdent?: string;
  readonly isVendorEligibleFor1099?: boolean;
  readonly currency?: Ref;
}
export interface VendorAdd extends RequestBase {
  readonly type: 'VendorAdd';
  readonly vendor: VendorFields & { readonly name: string; readonly externalGuid?: string };
}
export interface VendorMod extends RequestBase {
  readonly type: 'VendorMod';
  readonly listId: string;
  readonly editSequence: string;
  readonly vendor: VendorFields;
}

/** A sales order line; an invoice line is the same plus ServiceDate. */
export interface SalesOrderLineAdd {
  readonly item?: Ref;
  readonly description?: string;
  readonly quantity?: string;
  readonly rate?: string;
  readonly class?: Ref;
  readonly amount?: string;
  readonly salesTaxCode?: Ref;
}
export interface InvoiceLineAdd extends SalesOrderLineAdd {
  readonly serviceDate?: string;
}
export interface InvoiceAdd extends RequestBase {
  readonly type: 'InvoiceAdd';
  readonly invoice: {
    readonly customer: Ref;
    readonly class?: Ref;
    readonly arAccount?: Ref;
    readonly template?: Ref;
    readonly txnDate?: string;
    readonly refNumber?: string;
    readonly billAddress?: Address;
    readonly shipAddress?: Address;
    readonly isPending?: boolean;
    readonly poNumber?: string;
    readonly terms?: Ref;
    readonly dueDate?: string;
    readonly memo?: string;
    readonly isToBePrinted?: boolean;
    readonly isToBeEmailed?: boolean;
    /** The invoice's standard "Other" field (29 characters). */
    readonly other?: string;
    readonly externalGuid?: string;
    readonly lines: readonly InvoiceLineAdd[];
  };
}

/** Changes an invoice's header fields the relay writes; its lines are left as they are (no InvoiceLineMod). */
export interface InvoiceMod extends RequestBase {
  readonly type: 'InvoiceMod';
  readonly txnId: string;
  readonly editSequence: string;
  readonly invoice: { readonly other?: string };
}

/** A sales order (not in QuickBooks Online); it posts nothing until it is invoiced. */
export interface SalesOrderAdd extends RequestBase {
  readonly type: 'SalesOrderAdd';
  readonly salesOrder: {
    readonly customer: Ref;
    readonly class?: Ref;
    readonly txnDate?: string;
    readonly refNumber?: string;
    readonly shipAddress?: Address;
    readonly poNumber?: string;
    readonly dueDate?: string;
    readonly shipDate?: string;
    readonly memo?: string;
    readonly externalGuid?: string;
    readonly lines: readonly SalesOrderLineAdd[];
  };
}

export interface AppliedToTxnAdd {
  readonly txnId: string;
  readonly paymentAmount?: string;
  readonly discountAmount?: string;
  readonly discountAccount?: Ref;
}
export interface ReceivePaymentAdd extends RequestBase {
  readonly type: 'ReceivePaymentAdd';
  readonly payment: {
    readonly customer: Ref;
    readonly arAccount?: Ref;
    readonly txnDate?: string;
    readonly refNumber?: string;
    readonly totalAmount?: string;
    readonly paymentMethod?: Ref;
    readonly memo?: string;
    readonly depositToAccount?: Ref;
    readonly externalGuid?: string;
  } & (
    | { readonly isAutoApply: boolean; readonly appliedTo?: never }
    | { readonly appliedTo: readonly AppliedToTxnAdd[]; readonly isAutoApply?: never }
  );
}

export interface JournalLineAdd {
  readonly account: Ref;
  readonly amount: string;
  readonly memo?: string;
  readonly entity?: Ref;
  readonly class?: Ref;
}
export interface JournalEntryAdd extends RequestBase {
  readonly type: 'JournalEntryAdd';
  readonly journalEntry: {
    readonly txnDate?: string;
    readonly refNumber?: string;
    readonly isAdjustment?: boolean;
    readonly externalGuid?: string;
    readonly debits: readonly JournalLineAdd[];
    readonly credits: readonly JournalLineAdd[];
  };
}

export type QbxmlQuery =
  | HostQuery
  | CompanyQuery
  | PreferencesQuery
  | DataExtDefQuery
  | CustomerQuery
  | VendorQuery
  | ItemQuery
  | AccountQuery
  | InvoiceQuery
  | BillQuery
  | SalesOrderQuery
  | ReceivePaymentQuery
  | JournalEntryQuery
  | ListDeletedQuery
  | TxnDeletedQuery;

/** The list a data extension value belongs to (qbXML ListDataExtType; customers only, for now). */
export type ListDataExtType = 'Customer';

/** Sets a data extension's value on a list record (`ownerId` `0`: a public custom field). */
export interface DataExtMod extends RequestBase {
  readonly type: 'DataExtMod';
  readonly ownerId: string;
  readonly name: string;
  readonly listType: ListDataExtType;
  /** The record, by ListID, or by full name when it is added in the same message set. */
  readonly record: Ref;
  readonly value: string;
}

/** Removes a data extension's value from a list record. */
export interface DataExtDel extends RequestBase {
  readonly type: 'DataExtDel';
  readonly ownerId: string;
  readonly name: string;
  readonly listType: ListDataExtType;
  readonly record: Ref;
}

export type QbxmlWrite =
  | DataExtMod
  | DataExtDel
  | CustomerAdd
  | CustomerMod
  | VendorAdd
  | VendorMod
  | ItemWrite
  | InvoiceAdd
  | InvoiceMod
  | SalesOrderAdd
  | ReceivePaymentAdd
  | JournalEntryAdd;

export type QbxmlRequest = QbxmlQuery | QbxmlWrite;
export type QbxmlRequestType = QbxmlRequest['type'];
