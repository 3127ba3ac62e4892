/**
 * @module
 * The company file's records as the simulated QuickBooks stores them, one shape per list or
 * transaction type, written from the qbXML 13.0 Ret definitions (qbxmlops130.xml) and independent
 * of the relay's own record types. Amounts, prices, quantities and rates are decimal strings as
 * QuickBooks prints them; timestamps carry the company's fixed offset.
 */

/** A reference to a list element (ListID and FullName, as QuickBooks prints both). */
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

/** A custom field (DataExtRet); OwnerID `0` marks public ones. */
export interface DataExt {
  readonly ownerId?: string;
  readonly name: string;
  readonly type?: string;
  readonly value: string;
}

interface ListStamp {
  readonly listId: string;
  readonly timeCreated: string;
  readonly timeModified: string;
  readonly editSequence: string;
  readonly name: string;
  readonly isActive: boolean;
  readonly dataExt?: readonly DataExt[];
}

interface TxnStamp {
  readonly txnId: string;
  readonly timeCreated: string;
  readonly timeModified: string;
  readonly editSequence: string;
  readonly txnNumber?: string;
  readonly txnDate: string;
  readonly refNumber?: string;
  readonly externalGuid?: string;
  readonly dataExt?: readonly DataExt[];
}

/** A name and value of a contact's other ways to reach them (AdditionalContactRef). */
export interface ContactDetail {
  readonly name: string;
  readonly value: string;
}

/** One of a customer's additional contacts (ContactsRet): its own ListID and EditSequence. */
export interface CustomerContact {
  readonly listId: string;
  readonly timeCreated: string;
  readonly timeModified: string;
  readonly editSequence: string;
  readonly salutation?: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
  readonly details?: readonly ContactDetail[];
}

export interface Customer extends ListStamp {
  readonly kind: 'customer';
  readonly fullName: string;
  readonly parent?: Ref;
  readonly sublevel: number;
  readonly class?: Ref;
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
  /** Additional contacts, in the order they were added. */
  readonly contacts?: readonly CustomerContact[];
  readonly customerType?: Ref;
  readonly terms?: Ref;
  readonly salesRep?: Ref;
  readonly balance?: string;
  readonly totalBalance?: string;
  readonly salesTaxCode?: Ref;
  readonly itemSalesTax?: Ref;
  readonly resaleNumber?: string;
  readonly accountNumber?: string;
  readonly creditLimit?: string;
  readonly jobStatus?: string;
  readonly jobStartDate?: string;
  readonly jobProjectedEndDate?: string;
  readonly jobEndDate?: string;
  readonly jobDesc?: string;
  readonly jobType?: Ref;
  readonly notes?: string;
  readonly preferredDeliveryMethod?: string;
  readonly priceLevel?: Ref;
  readonly externalGuid?: string;
  /** Multicurrency companies: the customer's currency (QuickBooks names it, e.g. "Canadian Dollar"). */
  readonly currency?: Ref;
}

export interface Vendor extends ListStamp {
  readonly kind: 'vendor';
  readonly class?: Ref;
  readonly isTaxAgency?: boolean;
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
  readonly balance?: string;
  readonly externalGuid?: string;
  readonly currency?: Ref;
}

/** Service, NonInventory, OtherCharge, Inventory and Discount items in one shape. */
export interface Item extends ListStamp {
  readonly kind: 'item';
  readonly itemType: 'Service' | 'NonInventory' | 'OtherCharge' | 'Inventory' | 'Discount';
  readonly fullName: string;
  readonly parent?: Ref;
  readonly sublevel: number;
  readonly class?: Ref;
  readonly salesTaxCode?: Ref;
  readonly salesDesc?: string;
  readonly salesPrice?: string;
  readonly salesPricePercent?: string;
  readonly incomeAccount?: Ref;
  readonly purchaseDesc?: string;
  readonly purchaseCost?: string;
  readonly expenseAccount?: Ref;
  readonly cogsAccount?: Ref;
  readonly assetAccount?: Ref;
  readonly prefVendor?: Ref;
  /** Non-inventory items only. */
  readonly manufacturerPartNumber?: string;
  readonly quantityOnHand?: string;
  readonly averageCost?: string;
  readonly externalGuid?: string;
}

export interface Account extends ListStamp {
  readonly kind: 'account';
  readonly fullName: string;
  readonly parent?: Ref;
  readonly sublevel: number;
  readonly accountType: string;
  readonly specialAccountType?: string;
  readonly accountNumber?: string;
  readonly bankNumber?: string;
  readonly desc?: string;
  readonly balance?: string;
  readonly totalBalance?: string;
  readonly currency?: Ref;
}

export interface LinkedTxn {
  readonly txnId: string;
  readonly txnType: string;
  readonly txnDate?: string;
  readonly refNumber?: string;
  readonly linkType?: string;
  readonly amount?: string;
}

export interface InvoiceLine {
  readonly txnLineId: string;
  readonly item?: Ref;
  readonly desc?: string;
  readonly quantity?: string;
  readonly unitOfMeasure?: string;
  readonly rate?: string;
  readonly ratePercent?: string;
  readonly class?: Ref;
  readonly amount?: string;
  readonly serviceDate?: string;
  readonly salesTaxCode?: Ref;
}

export interface Invoice extends TxnStamp {
  readonly kind: 'invoice';
  readonly customer: Ref;
  readonly class?: Ref;
  readonly arAccount?: Ref;
  readonly template?: Ref;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly isPending?: boolean;
  readonly poNumber?: string;
  readonly terms?: Ref;
  readonly dueDate?: string;
  readonly salesRep?: Ref;
  readonly shipDate?: string;
  readonly subtotal?: string;
  readonly itemSalesTax?: Ref;
  readonly salesTaxPercentage?: string;
  readonly salesTaxTotal?: string;
  readonly appliedAmount?: string;
  readonly balanceRemaining?: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly memo?: string;
  readonly isPaid?: boolean;
  readonly isToBePrinted?: boolean;
  readonly isToBeEmailed?: boolean;
  readonly customerSalesTaxCode?: Ref;
  /** The invoice's standard "Other" field (29 characters). */
  readonly other?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly lines: readonly InvoiceLine[];
}

/** A sales order's line: an invoice line without a service date (nothing is invoiced from it here). */
export type SalesOrderLine = Omit<InvoiceLine, 'serviceDate'>;

/** A sales order: it posts nothing, so no customer balance moves with it. */
export interface SalesOrder extends TxnStamp {
  readonly kind: 'salesOrder';
  readonly customer: Ref;
  readonly class?: Ref;
  readonly template?: Ref;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly poNumber?: string;
  readonly terms?: Ref;
  readonly dueDate?: string;
  readonly shipDate?: string;
  readonly subtotal: string;
  readonly salesTaxPercentage?: string;
  readonly salesTaxTotal?: string;
  readonly totalAmount: string;
  readonly isManuallyClosed: boolean;
  readonly isFullyInvoiced: boolean;
  readonly memo?: string;
  readonly isToBePrinted?: boolean;
  readonly isToBeEmailed?: boolean;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly lines: readonly SalesOrderLine[];
}

export interface BillExpenseLine {
  readonly txnLineId: string;
  readonly account?: Ref;
  readonly amount?: string;
  readonly memo?: string;
  readonly customer?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface BillItemLine {
  readonly txnLineId: string;
  readonly item?: Ref;
  readonly desc?: string;
  readonly quantity?: string;
  readonly cost?: string;
  readonly amount?: string;
  readonly customer?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface Bill extends TxnStamp {
  readonly kind: 'bill';
  readonly vendor: Ref;
  readonly vendorAddress?: Address;
  readonly apAccount?: Ref;
  readonly dueDate?: string;
  readonly amountDue: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly terms?: Ref;
  readonly memo?: string;
  readonly isPaid?: boolean;
  readonly openAmount?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly expenseLines: readonly BillExpenseLine[];
  readonly itemLines: readonly BillItemLine[];
}

export interface AppliedToTxn {
  readonly txnId: string;
  readonly txnType: string;
  readonly txnDate?: string;
  readonly refNumber?: string;
  readonly balanceRemaining?: string;
  readonly amount?: string;
  readonly discountAmount?: string;
  readonly discountAccount?: Ref;
}

export interface Payment extends TxnStamp {
  readonly kind: 'payment';
  readonly customer: Ref;
  readonly arAccount?: Ref;
  readonly totalAmount: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly paymentMethod?: Ref;
  readonly memo?: string;
  readonly depositToAccount?: Ref;
  readonly unusedPayment?: string;
  readonly unusedCredits?: string;
  readonly appliedTo: readonly AppliedToTxn[];
}

export interface JournalLine {
  readonly txnLineId?: string;
  readonly type: 'Debit' | 'Credit';
  readonly account?: Ref;
  readonly amount?: string;
  readonly memo?: string;
  readonly entity?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface JournalEntry extends TxnStamp {
  readonly kind: 'journalEntry';
  readonly isAdjustment?: boolean;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly lines: readonly JournalLine[];
}

/** An entry of the deleted-lists log (ListDeletedRet). */
export interface DeletedList {
  readonly kind: 'deletedList';
  readonly listDelType: string;
  readonly listId: string;
  readonly timeCreated: string;
  readonly timeDeleted: string;
  readonly fullName?: string;
}

/** An entry of the deleted-transactions log (TxnDeletedRet). */
export interface DeletedTxn {
  readonly kind: 'deletedTxn';
  readonly txnDelType: string;
  readonly txnId: string;
  readonly timeCreated: string;
  readonly timeDeleted: string;
  readonly refNumber?: string;
}

export type CompanyRecord =
  Customer | Vendor | Item | Account | Invoice | SalesOrder | Bill | Payment | JournalEntry | DeletedList | DeletedTxn;
