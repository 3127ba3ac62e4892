/**
 * @module
 * Canonical records → Salesforce writes. Pure functions: no I/O, no clock (today's date comes in the
 * context), no namespace (names stay in source form; the client qualifies them), no field sizes
 * (the target fits texts to their fields afterwards, `field-limits.ts`). Every write is an
 * upsert by a connection-scoped external ID, and parents are referenced by their external IDs, so
 * the order of writes inside one pass only has to follow `SYNC_ORDER`. The standard price book,
 * which has no external ID, is named by a placeholder the target replaces as it sends
 * (`standard-pricebook.ts`).
 */
import { isPastDue } from '../../../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import { compare, decimal, isZero, sum, toMoneyString, optionalMoney as money } from '../../lib/money.ts';
import type {
  Bill,
  CanonicalRecord,
  Customer,
  Deletion,
  Invoice,
  Item,
  LedgerAccount,
  Payment,
  Vendor,
} from '../../sync/model.ts';
import { externalKey, type SObjectName, type TxnStatus } from './schema.ts';
import { STANDARD_PRICEBOOK, standardEntryOf } from './standard-pricebook.ts';

/** One upsert: the object, the external-ID field and value, and the fields (source API names). */
export interface SalesforceWrite {
  readonly sobject: SObjectName;
  readonly externalIdField: string;
  readonly externalId: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The canonical record this write comes from, for logs and replays. */
  readonly source: { readonly type: string; readonly id: string };
  /**
   * Fields Salesforce accepts only when the record is created (a price book entry's product, a
   * line's parent): the engine drops them when it already wrote the record once.
   */
  readonly createOnly?: readonly string[];
  /**
   * `amount`: a second write of the record, sent after the invoice lines (and after the removal of
   * lines it no longer has), so the Opportunity ends at its invoice's subtotal.
   */
  readonly slot?: 'amount';
}

export interface MappingContext {
  readonly connectionKey: string;
  /** `YYYY-MM-DD` in the company's time zone: decides Overdue. */
  readonly today: string;
  /**
   * QuickBooks ids of the items known to be inactive (their products and price book entries are
   * inactive, and Salesforce refuses to add those to an Opportunity).
   */
  readonly inactiveItems?: ReadonlySet<string>;
  /**
   * The org's standard price book as the connection's earlier writes named it (a store written
   * before the placeholder): mapped writes keep naming it so, and stay equal to what was written.
   */
  readonly standardPricebookId?: string;
  /**
   * The Salesforce record a record's entity already has — an Account, product or Opportunity a
   * sales rep created and sent to QuickBooks: the mirror's writes go to it by its Id, give it the
   * QuickBooks ID, and leave what Salesforce owns of it (a deal's stage and products, a price) alone.
   */
  readonly knownId?: string;
  /** A person must settle a field changed on both sides (the field policy): the record shows Needs Review until then. */
  readonly underReview?: boolean;
}

const syncStatus = (ctx: MappingContext) => (ctx.underReview ? 'Needs Review' : 'Synced');

const ref = (field: string, value: string) => ({ [field]: value });
/**
 * The fields a write owns. A value the source no longer has (`undefined`) is written as `null`,
 * so an emptied memo or phone empties the mirror too (the client sends JSON `null`, or `#N/A` in a
 * Bulk CSV). Fields the mapping does not own are simply not listed, and stay as Salesforce users
 * left them.
 */
const owned = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === undefined ? null : v])) as T;
/** A lookup by the parent's external ID, or the lookup emptied (its id field set to null) when there is no parent. */
const lookup = (relationship: string, field: string, value: string | undefined) =>
  value === undefined
    ? { [relationship.endsWith('__r') ? relationship.replace(/__r$/, '__c') : `${relationship}Id`]: null }
    : { [relationship]: ref(field, value) };

/**
 * Paid, Partially Paid, Overdue, Open or Voided, from balance, total, due date and voids.
 * @example transactionStatus({ total: '100.00', balance: '40.00', dueDate: '2026-01-01' }, '2026-02-01') // 'Overdue'
 */
export function transactionStatus(
  t: { total: string; balance: string; dueDate?: string; isVoided?: boolean; isPaid?: boolean },
  today: string,
): TxnStatus {
  const total = decimal(t.total);
  const balance = decimal(t.balance);
  if (t.isVoided) return 'Voided';
  if (isZero(balance) && (t.isPaid || !isZero(total))) return 'Paid';
  if (isZero(balance)) return 'Open';
  if (isPastDue(t.dueDate, today)) return 'Overdue';
  if (compare(balance, total) < 0) return 'Partially Paid';
  return 'Open';
}

function account(c: Customer | Vendor, ctx: MappingContext): SalesforceWrite {
  const customer = c.type === 'customer';
  const idField = customer ? 'QuickBooks_Customer_Id__c' : 'QuickBooks_Vendor_Id__c';
  const billing = customer ? c.billing : c.address;
  const shipping = customer ? c.shipping : undefined;
  const key = externalKey(ctx.connectionKey, c.id);
  return {
    sobject: 'Account',
    externalIdField: ctx.knownId ? 'Id' : idField,
    externalId: ctx.knownId ?? key,
    source: { type: c.type, id: c.id },
    fields: owned({
      // The Account was there first: it learns which QuickBooks record it is, and that it is in sync.
      ...(ctx.knownId ? { [idField]: key, QuickBooks_Sync_Status__c: syncStatus(ctx) } : {}),
      Name: c.companyName && !customer ? c.companyName : c.name,
      ...(customer
        ? lookup('Parent', idField, c.parentId === undefined ? undefined : externalKey(ctx.connectionKey, c.parentId))
        : {}),
      Phone: c.phone,
      Fax: c.fax,
      BillingStreet: billing?.street,
      BillingCity: billing?.city,
      BillingState: billing?.state,
      BillingPostalCode: billing?.postalCode,
      BillingCountry: billing?.country,
      // A vendor has one address in QuickBooks; the Account's shipping address stays the users'. A
      // customer's class (and department) is its roll-up's to write: its most recent invoice's,
      // its own while it has none (`sync/rollups.ts`); a vendor's stay the users'.
      ...(customer
        ? {
            ShippingStreet: shipping?.street,
            ShippingCity: shipping?.city,
            ShippingState: shipping?.state,
            ShippingPostalCode: shipping?.postalCode,
            ShippingCountry: shipping?.country,
            QuickBooks_Sales_Rep__c: c.salesRep,
          }
        : {}),
      QuickBooks_Full_Name__c: customer ? c.fullName : c.name,
      QuickBooks_Type__c: customer ? 'Customer' : 'Vendor',
      QuickBooks_Terms__c: c.terms,
      QuickBooks_Email__c: c.email,
      QuickBooks_Active__c: c.isActive,
      QuickBooks_Connection__r: ref('Connection_Key__c', ctx.connectionKey),
    }),
  };
}

function contact(c: Customer | Vendor, ctx: MappingContext): SalesforceWrite[] {
  if (!c.contact?.lastName) return [];
  const idField = c.type === 'customer' ? 'QuickBooks_Customer_Id__c' : 'QuickBooks_Vendor_Id__c';
  return [
    {
      sobject: 'Contact',
      externalIdField: 'QuickBooks_Contact_Id__c',
      externalId: externalKey(ctx.connectionKey, c.id, 'primary'),
      source: { type: c.type, id: c.id },
      fields: owned({
        Salutation: c.contact.salutation,
        FirstName: c.contact.firstName,
        LastName: c.contact.lastName,
        Title: c.contact.title,
        Email: c.contact.email,
        Phone: c.contact.phone,
        MobilePhone: c.contact.mobile,
        Account: ref(idField, externalKey(ctx.connectionKey, c.id)),
      }),
    },
  ];
}

function product(i: Item, ctx: MappingContext): SalesforceWrite[] {
  const key = externalKey(ctx.connectionKey, i.id);
  const source = { type: 'item', id: i.id };
  // A product Salesforce made: it learns its item, and keeps its own price book entry (its price is
  // Salesforce's), which learns the item too, so the lines of QuickBooks invoices of it find it.
  if (ctx.knownId)
    return [
      {
        sobject: 'Product2',
        externalIdField: 'Id',
        externalId: ctx.knownId,
        source,
        fields: owned({
          QuickBooks_Item_Id__c: key,
          QuickBooks_Sync_Status__c: syncStatus(ctx),
          Name: i.fullName,
          Description: i.description,
          IsActive: i.isActive,
        }),
      },
      {
        sobject: 'PricebookEntry',
        externalIdField: 'Id',
        externalId: standardEntryOf(ctx.knownId),
        source,
        fields: { QuickBooks_Item_Id__c: key },
      },
    ];
  return [
    {
      sobject: 'Product2',
      externalIdField: 'QuickBooks_Item_Id__c',
      externalId: key,
      source,
      fields: owned({
        Name: i.fullName,
        ProductCode: i.sku,
        Description: i.description,
        IsActive: i.isActive,
      }),
    },
    {
      sobject: 'PricebookEntry',
      externalIdField: 'QuickBooks_Item_Id__c',
      externalId: key,
      source,
      createOnly: ['Pricebook2Id', 'Product2'],
      fields: owned({
        Pricebook2Id: ctx.standardPricebookId ?? STANDARD_PRICEBOOK,
        Product2: ref('QuickBooks_Item_Id__c', key),
        UnitPrice: money(i.price) ?? '0.00',
        IsActive: i.isActive,
      }),
    },
  ];
}

function glAccount(a: LedgerAccount, ctx: MappingContext): SalesforceWrite {
  return {
    sobject: 'QuickBooks_GL_Account__c',
    externalIdField: 'QuickBooks_Account_Id__c',
    externalId: externalKey(ctx.connectionKey, a.id),
    source: { type: 'account', id: a.id },
    fields: owned({
      Name: a.name,
      Full_Name__c: a.fullName,
      Account_Type__c: a.accountType,
      Account_Number__c: a.accountNumber,
      Balance__c: money(a.balance),
      Active__c: a.isActive,
      Connection__r: ref('Connection_Key__c', ctx.connectionKey),
      QuickBooks_Updated_At__c: a.updatedAt,
    }),
  };
}

/** Opportunity stage from the invoice's status. */
const stage = (status: TxnStatus) =>
  status === 'Paid' ? 'Closed Won' : status === 'Voided' ? 'Closed Lost' : 'Negotiation/Review';

/**
 * A sales order QuickBooks holds for a deal Salesforce won: the deal learns its id and is in sync.
 * Nothing else is mirrored (there is no sales order object in the package); one the deal did not
 * make has nothing to go to.
 */
function salesOrder(order: Invoice, ctx: MappingContext): SalesforceWrite[] {
  if (!ctx.knownId) return [];
  return [
    {
      sobject: 'Opportunity',
      externalIdField: 'Id',
      externalId: ctx.knownId,
      source: { type: 'invoice', id: order.id },
      fields: {
        QuickBooks_Sales_Order_Id__c: externalKey(ctx.connectionKey, order.id),
        QuickBooks_Sync_Status__c: 'Synced',
      },
    },
  ];
}

function invoice(inv: Invoice, ctx: MappingContext): SalesforceWrite[] {
  if (inv.isSalesOrder) return salesOrder(inv, ctx);
  const key = externalKey(ctx.connectionKey, inv.id);
  const status = transactionStatus(inv, ctx.today);
  const customer = ref('QuickBooks_Customer_Id__c', externalKey(ctx.connectionKey, inv.customerId));
  const name = inv.number ?? inv.id;
  const source = { type: 'invoice', id: inv.id };
  // The Opportunity is worth the invoice's subtotal (its lines, before sales tax: tax is not the
  // deal's revenue). With a product for every line, Salesforce sums the Opportunity products into
  // Amount itself (and ignores it written); otherwise the relay writes the subtotal. An inactive
  // item cannot be added as a product, so an invoice with one has no products at all (some would
  // not add up to the invoice): its lines are still mirrored as invoice lines.
  const subtotal = toMoneyString(sum(inv.lines.map((l) => decimal(l.amount))));
  const allItems = inv.lines.length > 0 && inv.lines.every((l) => l.itemId);
  const inactiveItem = inv.lines.some((l) => l.itemId !== undefined && ctx.inactiveItems?.has(l.itemId));
  const withProducts = allItems && !inactiveItem && !ctx.knownId;
  const writes: SalesforceWrite[] = [
    // A deal Salesforce won: it learns its invoice (and its department and class); its name, stage,
    // amount and products stay the rep's.
    ctx.knownId
      ? {
          sobject: 'Opportunity',
          externalIdField: 'Id',
          externalId: ctx.knownId,
          source,
          fields: {
            QuickBooks_Invoice_Id__c: key,
            QuickBooks_Sync_Status__c: 'Synced',
            ...owned({ QuickBooks_Department__c: inv.department, QuickBooks_Class__c: inv.className }),
          },
        }
      : {
          sobject: 'Opportunity',
          externalIdField: 'QuickBooks_Invoice_Id__c',
          externalId: key,
          source,
          fields: owned({
            Name: `Invoice ${name}`,
            Account: customer,
            CloseDate: inv.txnDate,
            StageName: stage(status),
            ...(withProducts
              ? { Pricebook2Id: ctx.standardPricebookId ?? STANDARD_PRICEBOOK }
              : { Amount: inv.lines.length > 0 ? subtotal : money(inv.total) }),
            Description: inv.memo,
            QuickBooks_Department__c: inv.department,
            QuickBooks_Class__c: inv.className,
          }),
        },
    {
      sobject: 'QuickBooks_Invoice__c',
      externalIdField: 'QuickBooks_Invoice_Id__c',
      externalId: key,
      source,
      fields: owned({
        Name: name,
        Account__r: customer,
        Opportunity__r: ref('QuickBooks_Invoice_Id__c', key),
        Connection__r: ref('Connection_Key__c', ctx.connectionKey),
        Txn_Date__c: inv.txnDate,
        Due_Date__c: inv.dueDate,
        Total_Amount__c: money(inv.total),
        Balance__c: money(inv.balance),
        Status__c: status,
        Currency_Code__c: inv.currency,
        Terms__c: inv.terms,
        Sales_Rep__c: inv.salesRep,
        Memo__c: inv.memo,
        Department__c: inv.department,
        Class__c: inv.className,
        Exchange_Rate__c: inv.exchangeRate,
        QuickBooks_Updated_At__c: inv.updatedAt,
      }),
    },
  ];
  // Products this invoice had before its item was made inactive are removed (as lines QuickBooks no
  // longer has are); the subtotal is written again once they are gone, so it is not left at what the
  // org summed while they were.
  if (inactiveItem && !ctx.knownId) {
    writes.push({
      sobject: 'Opportunity',
      externalIdField: 'QuickBooks_Invoice_Id__c',
      externalId: key,
      source,
      slot: 'amount',
      fields: { Amount: subtotal },
    });
  }
  inv.lines.forEach((line, index) => {
    const lineKey = externalKey(ctx.connectionKey, inv.id, line.id);
    writes.push({
      sobject: 'QuickBooks_Invoice_Line__c',
      externalIdField: 'QuickBooks_Line_Id__c',
      externalId: lineKey,
      source: { type: 'invoiceLine', id: `${inv.id}:${line.id}` },
      createOnly: ['Invoice__r'],
      fields: owned({
        Invoice__r: ref('QuickBooks_Invoice_Id__c', key),
        ...lookup(
          'Product__r',
          'QuickBooks_Item_Id__c',
          line.itemId === undefined ? undefined : externalKey(ctx.connectionKey, line.itemId),
        ),
        Description__c: line.description,
        Quantity__c: line.quantity,
        Rate__c: line.rate,
        Amount__c: money(line.amount),
        Line_Number__c: index + 1,
      }),
    });
    if (withProducts && line.itemId) {
      const quantity = line.quantity && !isZero(decimal(line.quantity)) ? line.quantity : '1';
      writes.push({
        sobject: 'OpportunityLineItem',
        externalIdField: 'QuickBooks_Line_Id__c',
        externalId: lineKey,
        source: { type: 'invoiceLine', id: `${inv.id}:${line.id}` },
        createOnly: ['Opportunity', 'PricebookEntry'],
        // TotalPrice (not UnitPrice) so the Opportunity amount equals the invoice to the cent.
        fields: owned({
          Opportunity: ref('QuickBooks_Invoice_Id__c', key),
          PricebookEntry: ref('QuickBooks_Item_Id__c', externalKey(ctx.connectionKey, line.itemId)),
          Quantity: quantity,
          TotalPrice: money(line.amount),
          Description: line.description,
        }),
      });
    }
  });
  return writes;
}

function bill(b: Bill, ctx: MappingContext): SalesforceWrite {
  return {
    sobject: 'QuickBooks_Bill__c',
    externalIdField: 'QuickBooks_Bill_Id__c',
    externalId: externalKey(ctx.connectionKey, b.id),
    source: { type: 'bill', id: b.id },
    fields: owned({
      Name: b.number ?? b.id,
      Account__r: ref('QuickBooks_Vendor_Id__c', externalKey(ctx.connectionKey, b.vendorId)),
      Connection__r: ref('Connection_Key__c', ctx.connectionKey),
      Txn_Date__c: b.txnDate,
      Due_Date__c: b.dueDate,
      Total_Amount__c: money(b.total),
      Balance__c: money(b.balance),
      Status__c: transactionStatus(b, ctx.today),
      Currency_Code__c: b.currency,
      Memo__c: b.memo,
      QuickBooks_Updated_At__c: b.updatedAt,
    }),
  };
}

function payment(p: Payment, ctx: MappingContext): SalesforceWrite {
  const only = p.applied.length === 1 ? p.applied[0] : undefined;
  return {
    sobject: 'QuickBooks_Payment__c',
    externalIdField: 'QuickBooks_Payment_Id__c',
    externalId: externalKey(ctx.connectionKey, p.id),
    source: { type: 'payment', id: p.id },
    fields: owned({
      Name: p.number ?? p.id,
      Account__r: ref('QuickBooks_Customer_Id__c', externalKey(ctx.connectionKey, p.customerId)),
      Connection__r: ref('Connection_Key__c', ctx.connectionKey),
      // The invoice a payment pays, when it pays exactly one; applied to several (or none), none.
      ...lookup(
        'Invoice__r',
        'QuickBooks_Invoice_Id__c',
        only ? externalKey(ctx.connectionKey, only.invoiceId) : undefined,
      ),
      Amount__c: money(p.amount),
      Unapplied_Amount__c: money(p.unapplied),
      Payment_Date__c: p.txnDate,
      Payment_Method__c: p.method,
      Currency_Code__c: p.currency,
      Memo__c: p.memo,
      QuickBooks_Updated_At__c: p.updatedAt,
    }),
  };
}

/**
 * Maps one canonical record to the Salesforce upserts that mirror it, in reference order.
 * @example toSalesforceWrites(customer, { connectionKey: 'acme', today: '2026-11-22' })
 */
export function toSalesforceWrites(record: CanonicalRecord, ctx: MappingContext): SalesforceWrite[] {
  switch (record.type) {
    case 'customer':
    case 'vendor':
      // An Account Salesforce made keeps its own contacts: its primary one is what QuickBooks was given.
      return [account(record, ctx), ...(ctx.knownId ? [] : contact(record, ctx))];
    case 'item':
      return product(record, ctx);
    case 'account':
      return [glAccount(record, ctx)];
    case 'invoice':
      return invoice(record, ctx);
    case 'bill':
      return [bill(record, ctx)];
    case 'payment':
      return [payment(record, ctx)];
    case 'journalEntry':
      return []; // Journal entries flow Salesforce → QuickBooks only (Orders).
    case 'order':
      return []; // Orders are the org's own: they flow into QuickBooks, never back.
  }
}

/**
 * What a deletion in the source becomes: deactivated or voided, never deleted.
 * @example deletionWrites({ type: 'deletion', recordType: 'customer', id: '80000001-1', deletedAt }, ctx)
 */
export function deletionWrites(d: Deletion, ctx: MappingContext): SalesforceWrite[] {
  const key = externalKey(ctx.connectionKey, d.id);
  const source = { type: `${d.recordType}Deletion`, id: d.id };
  const one = (sobject: SObjectName, externalIdField: string, fields: Record<string, unknown>): SalesforceWrite[] => [
    { sobject, externalIdField, externalId: key, source, fields },
  ];
  switch (d.recordType) {
    case 'customer':
      return one('Account', 'QuickBooks_Customer_Id__c', { QuickBooks_Active__c: false });
    case 'vendor':
      return one('Account', 'QuickBooks_Vendor_Id__c', { QuickBooks_Active__c: false });
    case 'item':
      return one('Product2', 'QuickBooks_Item_Id__c', { IsActive: false });
    case 'account':
      return one('QuickBooks_GL_Account__c', 'QuickBooks_Account_Id__c', { Active__c: false });
    case 'invoice':
      return [
        ...one('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', { Status__c: 'Voided', Balance__c: '0.00' }),
        ...one('Opportunity', 'QuickBooks_Invoice_Id__c', { StageName: 'Closed Lost' }),
      ];
    case 'bill':
      return one('QuickBooks_Bill__c', 'QuickBooks_Bill_Id__c', { Status__c: 'Voided', Balance__c: '0.00' });
    case 'payment':
      return one('QuickBooks_Payment__c', 'QuickBooks_Payment_Id__c', {
        Amount__c: '0.00',
        Unapplied_Amount__c: '0.00',
        Memo__c: `Deleted in QuickBooks on ${d.deletedAt.slice(0, 10)}`,
      });
    case 'journalEntry':
    case 'order':
      return [];
  }
}
