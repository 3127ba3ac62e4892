/**
 * @module
 * Records → `*Ret` XML in qbXML 13.0 schema order, as QuickBooks writes them (the suite validates
 * simulator responses against the XSD, and parses them back with the relay's parser). Nothing here
 * is shared with the relay: records come from records.ts, escaping from xml.ts.
 */
import { escapeXml } from './xml.ts';
import type {
  Account,
  Address,
  Bill,
  Customer,
  CustomerContact,
  DataExt,
  DeletedList,
  DeletedTxn,
  Invoice,
  Item,
  JournalEntry,
  LinkedTxn,
  Payment,
  CompanyRecord,
  SalesOrder,
  SalesOrderLine,
  Ref,
  Vendor,
} from './records.ts';

const t = (name: string, v: string | number | undefined) =>
  v === undefined ? '' : `<${name}>${escapeXml(String(v))}</${name}>`;
const b = (name: string, v: boolean | undefined) =>
  v === undefined ? '' : `<${name}>${v ? 'true' : 'false'}</${name}>`;
const r = (name: string, v: Ref | undefined) =>
  v === undefined ? '' : `<${name}>${t('ListID', v.listId)}${t('FullName', v.fullName)}</${name}>`;
const wrap = (name: string, inner: string) => (inner === '' ? '' : `<${name}>${inner}</${name}>`);

function addr(name: string, a: Address | undefined): string {
  if (a === undefined) return '';
  return wrap(
    name,
    t('Addr1', a.addr1) +
      t('Addr2', a.addr2) +
      t('Addr3', a.addr3) +
      t('Addr4', a.addr4) +
      t('Addr5', a.addr5) +
      t('City', a.city) +
      t('State', a.state) +
      t('PostalCode', a.postalCode) +
      t('Country', a.country) +
      t('Note', a.note),
  );
}

function dataExt(list: readonly DataExt[] | undefined): string {
  return (list ?? [])
    .map(
      (d) =>
        `<DataExtRet>${t('OwnerID', d.ownerId)}${t('DataExtName', d.name)}${t('DataExtType', d.type ?? 'STR255TYPE')}${t('DataExtValue', d.value)}</DataExtRet>`,
    )
    .join('');
}

function linked(list: readonly LinkedTxn[], include: boolean): string {
  if (!include) return '';
  return list
    .map(
      (l) =>
        `<LinkedTxn>${t('TxnID', l.txnId)}${t('TxnType', l.txnType)}${t('TxnDate', l.txnDate)}${t('RefNumber', l.refNumber)}${t('LinkType', l.linkType)}${t('Amount', l.amount)}</LinkedTxn>`,
    )
    .join('');
}

/** ContactsRet elements (Contact: the name QuickBooks shows for the contact). */
function contacts(list: readonly CustomerContact[] | undefined): string {
  return (list ?? [])
    .map((c) => {
      const shown = [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ').slice(0, 41);
      const details = (c.details ?? [])
        .map(
          (d) =>
            `<AdditionalContactRef>${t('ContactName', d.name)}${t('ContactValue', d.value)}</AdditionalContactRef>`,
        )
        .join('');
      return (
        `<ContactsRet>${t('ListID', c.listId)}${t('TimeCreated', c.timeCreated)}${t('TimeModified', c.timeModified)}${t('EditSequence', c.editSequence)}${t('Contact', shown)}` +
        `${t('Salutation', c.salutation)}${t('FirstName', c.firstName)}${t('MiddleName', c.middleName)}${t('LastName', c.lastName)}${t('JobTitle', c.jobTitle)}${details}</ContactsRet>`
      );
    })
    .join('');
}

function customer(c: Customer): string {
  return (
    `<CustomerRet>${t('ListID', c.listId)}${t('TimeCreated', c.timeCreated)}${t('TimeModified', c.timeModified)}${t('EditSequence', c.editSequence)}${t('Name', c.name)}${t('FullName', c.fullName)}${b('IsActive', c.isActive)}` +
    `${r('ClassRef', c.class)}${r('ParentRef', c.parent)}${t('Sublevel', c.sublevel)}${t('CompanyName', c.companyName)}${t('Salutation', c.salutation)}${t('FirstName', c.firstName)}${t('MiddleName', c.middleName)}${t('LastName', c.lastName)}${t('JobTitle', c.jobTitle)}` +
    `${addr('BillAddress', c.billAddress)}${addr('ShipAddress', c.shipAddress)}${t('Phone', c.phone)}${t('AltPhone', c.altPhone)}${t('Fax', c.fax)}${t('Email', c.email)}${t('Cc', c.cc)}${t('Contact', c.contact)}${t('AltContact', c.altContact)}${contacts(c.contacts)}` +
    `${r('CustomerTypeRef', c.customerType)}${r('TermsRef', c.terms)}${r('SalesRepRef', c.salesRep)}${t('Balance', c.balance)}${t('TotalBalance', c.totalBalance)}${r('SalesTaxCodeRef', c.salesTaxCode)}${r('ItemSalesTaxRef', c.itemSalesTax)}` +
    `${t('ResaleNumber', c.resaleNumber)}${t('AccountNumber', c.accountNumber)}${t('CreditLimit', c.creditLimit)}${t('JobStatus', c.jobStatus)}${t('JobStartDate', c.jobStartDate)}${t('JobProjectedEndDate', c.jobProjectedEndDate)}${t('JobEndDate', c.jobEndDate)}${t('JobDesc', c.jobDesc)}` +
    `${r('JobTypeRef', c.jobType)}${t('Notes', c.notes)}${t('PreferredDeliveryMethod', c.preferredDeliveryMethod)}${r('PriceLevelRef', c.priceLevel)}${t('ExternalGUID', c.externalGuid)}${r('CurrencyRef', c.currency)}${dataExt(c.dataExt)}</CustomerRet>`
  );
}

function vendor(v: Vendor): string {
  return (
    `<VendorRet>${t('ListID', v.listId)}${t('TimeCreated', v.timeCreated)}${t('TimeModified', v.timeModified)}${t('EditSequence', v.editSequence)}${t('Name', v.name)}${b('IsActive', v.isActive)}${r('ClassRef', v.class)}${b('IsTaxAgency', v.isTaxAgency)}` +
    `${t('CompanyName', v.companyName)}${t('Salutation', v.salutation)}${t('FirstName', v.firstName)}${t('MiddleName', v.middleName)}${t('LastName', v.lastName)}${t('JobTitle', v.jobTitle)}${addr('VendorAddress', v.vendorAddress)}${addr('ShipAddress', v.shipAddress)}` +
    `${t('Phone', v.phone)}${t('AltPhone', v.altPhone)}${t('Fax', v.fax)}${t('Email', v.email)}${t('Cc', v.cc)}${t('Contact', v.contact)}${t('AltContact', v.altContact)}${t('NameOnCheck', v.nameOnCheck)}${t('AccountNumber', v.accountNumber)}${t('Notes', v.notes)}` +
    `${r('VendorTypeRef', v.vendorType)}${r('TermsRef', v.terms)}${t('CreditLimit', v.creditLimit)}${t('VendorTaxIdent', v.vendorTaxIdent)}${b('IsVendorEligibleFor1099', v.isVendorEligibleFor1099)}${t('Balance', v.balance)}${t('ExternalGUID', v.externalGuid)}${r('CurrencyRef', v.currency)}${dataExt(v.dataExt)}</VendorRet>`
  );
}

function item(i: Item): string {
  const head = `${t('ListID', i.listId)}${t('TimeCreated', i.timeCreated)}${t('TimeModified', i.timeModified)}${t('EditSequence', i.editSequence)}${t('Name', i.name)}${t('FullName', i.fullName)}${b('IsActive', i.isActive)}${r('ClassRef', i.class)}${r('ParentRef', i.parent)}${t('Sublevel', i.sublevel)}`;
  const tail = `${t('ExternalGUID', i.externalGuid)}${dataExt(i.dataExt)}`;
  const salesOrPurchase =
    i.purchaseCost !== undefined || i.expenseAccount !== undefined
      ? `<SalesAndPurchase>${t('SalesDesc', i.salesDesc)}${t('SalesPrice', i.salesPrice)}${r('IncomeAccountRef', i.incomeAccount)}${t('PurchaseDesc', i.purchaseDesc)}${t('PurchaseCost', i.purchaseCost)}${r('ExpenseAccountRef', i.expenseAccount)}${r('PrefVendorRef', i.prefVendor)}</SalesAndPurchase>`
      : `<SalesOrPurchase>${t('Desc', i.salesDesc)}${i.salesPricePercent !== undefined ? t('PricePercent', i.salesPricePercent) : t('Price', i.salesPrice ?? '0.00')}${r('AccountRef', i.incomeAccount)}</SalesOrPurchase>`;
  switch (i.itemType) {
    case 'Service':
      return `<ItemServiceRet>${head}${r('SalesTaxCodeRef', i.salesTaxCode)}${salesOrPurchase}${tail}</ItemServiceRet>`;
    case 'NonInventory':
      return `<ItemNonInventoryRet>${head}${t('ManufacturerPartNumber', i.manufacturerPartNumber)}${r('SalesTaxCodeRef', i.salesTaxCode)}${salesOrPurchase}${tail}</ItemNonInventoryRet>`;
    case 'OtherCharge':
      return `<ItemOtherChargeRet>${head}${r('SalesTaxCodeRef', i.salesTaxCode)}${salesOrPurchase}${tail}</ItemOtherChargeRet>`;
    case 'Inventory':
      return (
        `<ItemInventoryRet>${head}${r('SalesTaxCodeRef', i.salesTaxCode)}${t('SalesDesc', i.salesDesc)}${t('SalesPrice', i.salesPrice)}${r('IncomeAccountRef', i.incomeAccount)}${t('PurchaseDesc', i.purchaseDesc)}${t('PurchaseCost', i.purchaseCost)}` +
        `${r('COGSAccountRef', i.cogsAccount)}${r('PrefVendorRef', i.prefVendor)}${r('AssetAccountRef', i.assetAccount)}${t('QuantityOnHand', i.quantityOnHand)}${t('AverageCost', i.averageCost)}${tail}</ItemInventoryRet>`
      );
    case 'Discount':
      return `<ItemDiscountRet>${head}${t('ItemDesc', i.salesDesc)}${r('SalesTaxCodeRef', i.salesTaxCode)}${i.salesPricePercent !== undefined ? t('DiscountRatePercent', i.salesPricePercent) : t('DiscountRate', i.salesPrice ?? '0.00')}${r('AccountRef', i.incomeAccount)}${tail}</ItemDiscountRet>`;
  }
}

function account(a: Account): string {
  return (
    `<AccountRet>${t('ListID', a.listId)}${t('TimeCreated', a.timeCreated)}${t('TimeModified', a.timeModified)}${t('EditSequence', a.editSequence)}${t('Name', a.name)}${t('FullName', a.fullName)}${b('IsActive', a.isActive)}${r('ParentRef', a.parent)}${t('Sublevel', a.sublevel)}` +
    `${t('AccountType', a.accountType)}${t('SpecialAccountType', a.specialAccountType)}${t('AccountNumber', a.accountNumber)}${t('BankNumber', a.bankNumber)}${t('Desc', a.desc)}${t('Balance', a.balance)}${t('TotalBalance', a.totalBalance)}${r('CurrencyRef', a.currency)}${dataExt(a.dataExt)}</AccountRet>`
  );
}

const txnHead = (x: {
  txnId: string;
  timeCreated: string;
  timeModified: string;
  editSequence: string;
  txnNumber?: string;
}) =>
  `${t('TxnID', x.txnId)}${t('TimeCreated', x.timeCreated)}${t('TimeModified', x.timeModified)}${t('EditSequence', x.editSequence)}${t('TxnNumber', x.txnNumber)}`;

/** What an invoice line and a sales order line share, after TxnLineID (TxnLineCore). */
const lineCore = (l: SalesOrderLine) =>
  `${r('ItemRef', l.item)}${t('Desc', l.desc)}${t('Quantity', l.quantity)}${t('UnitOfMeasure', l.unitOfMeasure)}${l.ratePercent !== undefined ? t('RatePercent', l.ratePercent) : t('Rate', l.rate)}${r('ClassRef', l.class)}${t('Amount', l.amount)}`;

function invoice(v: Invoice, lines: boolean, links: boolean): string {
  const body = lines
    ? v.lines
        .map(
          (l) =>
            `<InvoiceLineRet>${t('TxnLineID', l.txnLineId)}${lineCore(l)}${t('ServiceDate', l.serviceDate)}${r('SalesTaxCodeRef', l.salesTaxCode)}</InvoiceLineRet>`,
        )
        .join('')
    : '';
  return (
    `<InvoiceRet>${txnHead(v)}${r('CustomerRef', v.customer)}${r('ClassRef', v.class)}${r('ARAccountRef', v.arAccount)}${r('TemplateRef', v.template)}${t('TxnDate', v.txnDate)}${t('RefNumber', v.refNumber)}${addr('BillAddress', v.billAddress)}${addr('ShipAddress', v.shipAddress)}` +
    `${b('IsPending', v.isPending)}${t('PONumber', v.poNumber)}${r('TermsRef', v.terms)}${t('DueDate', v.dueDate)}${r('SalesRepRef', v.salesRep)}${t('ShipDate', v.shipDate)}${t('Subtotal', v.subtotal)}${r('ItemSalesTaxRef', v.itemSalesTax)}${t('SalesTaxPercentage', v.salesTaxPercentage)}${t('SalesTaxTotal', v.salesTaxTotal)}` +
    `${t('AppliedAmount', v.appliedAmount)}${t('BalanceRemaining', v.balanceRemaining)}${r('CurrencyRef', v.currency)}${t('ExchangeRate', v.exchangeRate)}${t('Memo', v.memo)}${b('IsPaid', v.isPaid)}${b('IsToBePrinted', v.isToBePrinted)}${b('IsToBeEmailed', v.isToBeEmailed)}${r('CustomerSalesTaxCodeRef', v.customerSalesTaxCode)}` +
    `${t('Other', v.other)}${t('ExternalGUID', v.externalGuid)}${linked(v.linkedTxns, links)}${body}${dataExt(v.dataExt)}</InvoiceRet>`
  );
}

function salesOrder(v: SalesOrder, lines: boolean, links: boolean): string {
  const body = lines
    ? v.lines
        .map(
          (l) =>
            `<SalesOrderLineRet>${t('TxnLineID', l.txnLineId)}${lineCore(l)}${r('SalesTaxCodeRef', l.salesTaxCode)}</SalesOrderLineRet>`,
        )
        .join('')
    : '';
  return (
    `<SalesOrderRet>${txnHead(v)}${r('CustomerRef', v.customer)}${r('ClassRef', v.class)}${r('TemplateRef', v.template)}${t('TxnDate', v.txnDate)}${t('RefNumber', v.refNumber)}${addr('BillAddress', v.billAddress)}${addr('ShipAddress', v.shipAddress)}` +
    `${t('PONumber', v.poNumber)}${r('TermsRef', v.terms)}${t('DueDate', v.dueDate)}${t('ShipDate', v.shipDate)}${t('Subtotal', v.subtotal)}${t('SalesTaxPercentage', v.salesTaxPercentage)}${t('SalesTaxTotal', v.salesTaxTotal)}${t('TotalAmount', v.totalAmount)}` +
    `${b('IsManuallyClosed', v.isManuallyClosed)}${b('IsFullyInvoiced', v.isFullyInvoiced)}${t('Memo', v.memo)}${b('IsToBePrinted', v.isToBePrinted)}${b('IsToBeEmailed', v.isToBeEmailed)}` +
    `${t('ExternalGUID', v.externalGuid)}${linked(v.linkedTxns, links)}${body}${dataExt(v.dataExt)}</SalesOrderRet>`
  );
}

function bill(v: Bill, lines: boolean, links: boolean): string {
  const expense = lines
    ? v.expenseLines
        .map(
          (l) =>
            `<ExpenseLineRet>${t('TxnLineID', l.txnLineId)}${r('AccountRef', l.account)}${t('Amount', l.amount)}${t('Memo', l.memo)}${r('CustomerRef', l.customer)}${r('ClassRef', l.class)}${t('BillableStatus', l.billableStatus)}</ExpenseLineRet>`,
        )
        .join('')
    : '';
  const items = lines
    ? v.itemLines
        .map(
          (l) =>
            `<ItemLineRet>${t('TxnLineID', l.txnLineId)}${r('ItemRef', l.item)}${t('Desc', l.desc)}${t('Quantity', l.quantity)}${t('Cost', l.cost)}${t('Amount', l.amount)}${r('CustomerRef', l.customer)}${r('ClassRef', l.class)}${t('BillableStatus', l.billableStatus)}</ItemLineRet>`,
        )
        .join('')
    : '';
  return (
    `<BillRet>${txnHead(v)}${r('VendorRef', v.vendor)}${addr('VendorAddress', v.vendorAddress)}${r('APAccountRef', v.apAccount)}${t('TxnDate', v.txnDate)}${t('DueDate', v.dueDate)}${t('AmountDue', v.amountDue)}${r('CurrencyRef', v.currency)}${t('ExchangeRate', v.exchangeRate)}` +
    `${t('RefNumber', v.refNumber)}${r('TermsRef', v.terms)}${t('Memo', v.memo)}${b('IsPaid', v.isPaid)}${t('ExternalGUID', v.externalGuid)}${linked(v.linkedTxns, links)}${expense}${items}${t('OpenAmount', v.openAmount)}${dataExt(v.dataExt)}</BillRet>`
  );
}

function payment(p: Payment): string {
  const applied = p.appliedTo
    .map(
      (a) =>
        `<AppliedToTxnRet>${t('TxnID', a.txnId)}${t('TxnType', a.txnType)}${t('TxnDate', a.txnDate)}${t('RefNumber', a.refNumber)}${t('BalanceRemaining', a.balanceRemaining)}${t('Amount', a.amount)}${t('DiscountAmount', a.discountAmount)}${r('DiscountAccountRef', a.discountAccount)}</AppliedToTxnRet>`,
    )
    .join('');
  return (
    `<ReceivePaymentRet>${txnHead(p)}${r('CustomerRef', p.customer)}${r('ARAccountRef', p.arAccount)}${t('TxnDate', p.txnDate)}${t('RefNumber', p.refNumber)}${t('TotalAmount', p.totalAmount)}${r('CurrencyRef', p.currency)}${t('ExchangeRate', p.exchangeRate)}` +
    `${r('PaymentMethodRef', p.paymentMethod)}${t('Memo', p.memo)}${r('DepositToAccountRef', p.depositToAccount)}${t('UnusedPayment', p.unusedPayment)}${t('UnusedCredits', p.unusedCredits)}${t('ExternalGUID', p.externalGuid)}${applied}${dataExt(p.dataExt)}</ReceivePaymentRet>`
  );
}

function journalEntry(j: JournalEntry, lines: boolean): string {
  const body = lines
    ? j.lines
        .map((l) => {
          const el = l.type === 'Debit' ? 'JournalDebitLine' : 'JournalCreditLine';
          return `<${el}>${t('TxnLineID', l.txnLineId)}${r('AccountRef', l.account)}${t('Amount', l.amount)}${t('Memo', l.memo)}${r('EntityRef', l.entity)}${r('ClassRef', l.class)}${t('BillableStatus', l.billableStatus)}</${el}>`;
        })
        .join('')
    : '';
  return `<JournalEntryRet>${txnHead(j)}${t('TxnDate', j.txnDate)}${t('RefNumber', j.refNumber)}${b('IsAdjustment', j.isAdjustment)}${r('CurrencyRef', j.currency)}${t('ExchangeRate', j.exchangeRate)}${t('ExternalGUID', j.externalGuid)}${body}${dataExt(j.dataExt)}</JournalEntryRet>`;
}

const deletedList = (d: DeletedList) =>
  `<ListDeletedRet>${t('ListDelType', d.listDelType)}${t('ListID', d.listId)}${t('TimeCreated', d.timeCreated)}${t('TimeDeleted', d.timeDeleted)}${t('FullName', d.fullName)}</ListDeletedRet>`;
const deletedTxn = (d: DeletedTxn) =>
  `<TxnDeletedRet>${t('TxnDelType', d.txnDelType)}${t('TxnID', d.txnId)}${t('TimeCreated', d.timeCreated)}${t('TimeDeleted', d.timeDeleted)}${t('RefNumber', d.refNumber)}</TxnDeletedRet>`;

/** One record as its `*Ret` element; `lines`/`links` follow IncludeLineItems/IncludeLinkedTxns. */
export function renderRet(
  rec: CompanyRecord,
  { lines = true, links = false }: { lines?: boolean; links?: boolean } = {},
): string {
  switch (rec.kind) {
    case 'customer':
      return customer(rec);
    case 'vendor':
      return vendor(rec);
    case 'item':
      return item(rec);
    case 'account':
      return account(rec);
    case 'invoice':
      return invoice(rec, lines, links);
    case 'salesOrder':
      return salesOrder(rec, lines, links);
    case 'bill':
      return bill(rec, lines, links);
    case 'payment':
      return payment(rec);
    case 'journalEntry':
      return journalEntry(rec, lines);
    case 'deletedList':
      return deletedList(rec);
    case 'deletedTxn':
      return deletedTxn(rec);
  }
}

/** Attributes of an `*Rs` element. */
export interface RsStatus {
  readonly requestId: string | undefined;
  readonly code: number;
  readonly severity: 'Info' | 'Warn' | 'Error';
  readonly message: string;
  readonly retCount?: number;
  readonly iteratorRemainingCount?: number;
  readonly iteratorId?: string;
}

export function renderRs(name: string, s: RsStatus, body = ''): string {
  const attrs =
    (s.requestId === undefined ? '' : ` requestID="${escapeXml(s.requestId)}"`) +
    ` statusCode="${s.code}" statusSeverity="${s.severity}" statusMessage="${escapeXml(s.message)}"` +
    (s.retCount === undefined ? '' : ` retCount="${s.retCount}"`) +
    (s.iteratorRemainingCount === undefined ? '' : ` iteratorRemainingCount="${s.iteratorRemainingCount}"`) +
    (s.iteratorId === undefined ? '' : ` iteratorID="${escapeXml(s.iteratorId)}"`);
  return body === '' ? `<${name}${attrs} />\n` : `<${name}${attrs}>\n${body}</${name}>\n`;
}

/** The response document around the `*Rs` elements (QuickBooks sends no qbxml processing instruction). */
export function renderResponse(rsList: readonly string[]): string {
  return `<?xml version="1.0" ?>\n<QBXML>\n<QBXMLMsgsRs>\n${rsList.join('')}</QBXMLMsgsRs>\n</QBXML>\n`;
}
