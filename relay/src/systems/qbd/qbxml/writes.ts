/**
 * @module
 * Add/Mod request bodies in qbXML 13.0 schema order, with the QuickBooks Desktop length limits from
 * the annotated qbxmlops130 catalogue. Mods start with ListID/TxnID and the current EditSequence
 * (QuickBooks answers 3200 when it is stale), then the same fields as the Add, minus OpenBalance and
 * ExternalGUID. Item bodies live in {@link ./item-writes.ts}.
 */
import {
  address,
  agg,
  amount,
  attr,
  bool,
  date,
  decimal,
  editSequence,
  fail,
  guid,
  id,
  raw,
  ref,
  required,
  requiredRef,
  text,
  type Ctx,
} from './xml-build.ts';
import { itemXml } from './item-writes.ts';
import type {
  ContactMod,
  CustomerFields,
  DataExtDel,
  DataExtMod,
  InvoiceLineAdd,
  JournalLineAdd,
  QbxmlWrite,
  VendorFields,
} from './request-types.ts';

/** A customer's additional contacts: `Contacts` on an Add, `ContactsMod` on a Mod (ListID and EditSequence first). */
function contactsXml(ctx: Ctx, el: 'Contacts' | 'ContactsMod', list: readonly ContactMod[] | undefined): string {
  return (list ?? [])
    .map((c, n) => {
      const p = `${el}[${n + 1}]`;
      return agg(
        el,
        // A contact QuickBooks holds is changed only with the EditSequence read with it.
        c.listId === undefined
          ? ''
          : id(ctx, 'ListID', c.listId, `${p}/ListID`) + editSequence(ctx, c.editSequence ?? ''),
        text(ctx, 'Salutation', c.salutation, 15, `${p}/Salutation`),
        required(ctx, 'FirstName', c.firstName, 25, `${p}/FirstName`),
        text(ctx, 'MiddleName', c.middleName, 5, `${p}/MiddleName`),
        text(ctx, 'LastName', c.lastName, 25, `${p}/LastName`),
        text(ctx, 'JobTitle', c.jobTitle, 41, `${p}/JobTitle`),
      );
    })
    .join('');
}

/** Customer fields after Name (shared by Add and Mod; `add` adds the Add-only elements). */
function customerBody(
  ctx: Ctx,
  c: Omit<CustomerFields, 'contacts'> & {
    readonly contacts?: readonly ContactMod[];
    readonly contactsMod?: readonly ContactMod[];
  },
  add: { externalGuid?: string } | undefined,
): string {
  const t = (el: string, v: string | undefined, max: number) => text(ctx, el, v, max);
  return (
    bool('IsActive', c.isActive) +
    ref(ctx, 'ClassRef', c.class, 159) +
    ref(ctx, 'ParentRef', c.parent, 209) +
    t('CompanyName', c.companyName, 41) +
    t('Salutation', c.salutation, 15) +
    t('FirstName', c.firstName, 25) +
    t('MiddleName', c.middleName, 5) +
    t('LastName', c.lastName, 25) +
    t('JobTitle', c.jobTitle, 41) +
    address(ctx, 'BillAddress', c.billAddress) +
    address(ctx, 'ShipAddress', c.shipAddress) +
    t('Phone', c.phone, 21) +
    t('AltPhone', c.altPhone, 21) +
    t('Fax', c.fax, 21) +
    t('Email', c.email, 1023) +
    t('Cc', c.cc, 1023) +
    t('Contact', c.contact, 41) +
    t('AltContact', c.altContact, 41) +
    (add ? contactsXml(ctx, 'Contacts', c.contacts) : contactsXml(ctx, 'ContactsMod', c.contactsMod)) +
    ref(ctx, 'CustomerTypeRef', c.customerType, 159) +
    ref(ctx, 'TermsRef', c.terms, 31) +
    ref(ctx, 'SalesRepRef', c.salesRep, 5) +
    ref(ctx, 'SalesTaxCodeRef', c.salesTaxCode, 3) +
    t('ResaleNumber', c.resaleNumber, 15) +
    t('AccountNumber', c.accountNumber, 99) +
    amount(ctx, 'CreditLimit', c.creditLimit) +
    raw('JobStatus', c.jobStatus) +
    date(ctx, 'JobStartDate', c.jobStartDate) +
    date(ctx, 'JobProjectedEndDate', c.jobProjectedEndDate) +
    date(ctx, 'JobEndDate', c.jobEndDate) +
    t('JobDesc', c.jobDesc, 99) +
    t('Notes', c.notes, 4095) +
    raw('PreferredDeliveryMethod', c.preferredDeliveryMethod) +
    ref(ctx, 'PriceLevelRef', c.priceLevel, 31) +
    (add ? guid(ctx, 'ExternalGUID', add.externalGuid) : '') +
    ref(ctx, 'CurrencyRef', c.currency, 64)
  );
}

function vendorBody(ctx: Ctx, v: VendorFields, add: { externalGuid?: string } | undefined): string {
  const t = (el: string, val: string | undefined, max: number) => text(ctx, el, val, max);
  return (
    bool('IsActive', v.isActive) +
    t('CompanyName', v.companyName, 41) +
    t('Salutation', v.salutation, 15) +
    t('FirstName', v.firstName, 25) +
    t('MiddleName', v.middleName, 5) +
    t('LastName', v.lastName, 25) +
    t('JobTitle', v.jobTitle, 41) +
    address(ctx, 'VendorAddress', v.vendorAddress) +
    address(ctx, 'ShipAddress', v.shipAddress) +
    t('Phone', v.phone, 21) +
    t('AltPhone', v.altPhone, 21) +
    t('Fax', v.fax, 21) +
    t('Email', v.email, 1023) +
    t('Cc', v.cc, 1023) +
    t('Contact', v.contact, 41) +
    t('AltContact', v.altContact, 41) +
    t('NameOnCheck', v.nameOnCheck, 41) +
    t('AccountNumber', v.accountNumber, 99) +
    t('Notes', v.notes, 4095) +
    ref(ctx, 'VendorTypeRef', v.vendorType, 159) +
    ref(ctx, 'TermsRef', v.terms, 31) +
    amount(ctx, 'CreditLimit', v.creditLimit) +
    t('VendorTaxIdent', v.vendorTaxIdent, 15) +
    bool('IsVendorEligibleFor1099', v.isVendorEligibleFor1099) +
    (add ? guid(ctx, 'ExternalGUID', add.externalGuid) : '') +
    ref(ctx, 'CurrencyRef', v.currency, 64)
  );
}

function journalLine(ctx: Ctx, el: string, line: JournalLineAdd): string {
  return agg(
    el,
    ref(ctx, 'AccountRef', line.account, 159),
    amount(ctx, 'Amount', line.amount, `${el}/Amount`),
    text(ctx, 'Memo', line.memo, 4095, `${el}/Memo`),
    ref(ctx, 'EntityRef', line.entity, 209),
    ref(ctx, 'ClassRef', line.class, 159),
  );
}

/**
 * InvoiceLineAdd / SalesOrderLineAdd elements (the same order; only invoices have ServiceDate).
 * A document without lines is refused: the schema needs at least one.
 */
function salesLines(
  ctx: Ctx,
  el: 'InvoiceLineAdd' | 'SalesOrderLineAdd',
  what: string,
  lines: readonly InvoiceLineAdd[],
): string[] {
  if (lines.length === 0) fail(ctx, 'qbxml_field_required', el, `${what} needs at least one line.`);
  return lines.map((l, n) => {
    const p = `${el}[${n + 1}]`;
    return `<${el}>${
      ref(ctx, 'ItemRef', l.item, 159) +
      text(ctx, 'Desc', l.description, 4095, `${p}/Desc`) +
      decimal(ctx, 'Quantity', l.quantity, `${p}/Quantity`) +
      decimal(ctx, 'Rate', l.rate, `${p}/Rate`) +
      ref(ctx, 'ClassRef', l.class, 159) +
      amount(ctx, 'Amount', l.amount, `${p}/Amount`) +
      date(ctx, 'ServiceDate', l.serviceDate, `${p}/ServiceDate`) +
      ref(ctx, 'SalesTaxCodeRef', l.salesTaxCode, 3)
    }</${el}>`;
  });
}

/** DataExtMod / DataExtDel in schema order: OwnerID, DataExtName, ListDataExtType, ListObjRef, (DataExtValue). */
function dataExtBody(ctx: Ctx, w: DataExtMod | DataExtDel): string {
  return agg(
    w.type,
    required(ctx, 'OwnerID', w.ownerId),
    required(ctx, 'DataExtName', w.name, 31),
    required(ctx, 'ListDataExtType', w.listType),
    requiredRef(ctx, 'ListObjRef', w.record, 159),
    w.type === 'DataExtMod' ? required(ctx, 'DataExtValue', w.value) : '',
  );
}

/** The `<XxxAddRq>` / `<XxxModRq>` element for one write request. */
export function writeXml(ctx: Ctx, w: QbxmlWrite): string {
  const open = `<${ctx.rq}${attr(ctx, 'requestID', ctx.requestId, 50)}>`;
  const close = `</${ctx.rq}>`;
  switch (w.type) {
    case 'DataExtMod':
    case 'DataExtDel':
      return open + dataExtBody(ctx, w) + close;
    case 'CustomerAdd':
      return (
        open +
        agg('CustomerAdd', required(ctx, 'Name', w.customer.name, 41), customerBody(ctx, w.customer, w.customer)) +
        close
      );
    case 'CustomerMod':
      return (
        open +
        agg(
          'CustomerMod',
          id(ctx, 'ListID', w.listId),
          editSequence(ctx, w.editSequence),
          text(ctx, 'Name', w.customer.name, 41),
          customerBody(ctx, w.customer, undefined),
        ) +
        close
      );
    case 'VendorAdd':
      return (
        open + agg('VendorAdd', required(ctx, 'Name', w.vendor.name, 41), vendorBody(ctx, w.vendor, w.vendor)) + close
      );
    case 'VendorMod':
      return (
        open +
        agg(
          'VendorMod',
          id(ctx, 'ListID', w.listId),
          editSequence(ctx, w.editSequence),
          text(ctx, 'Name', w.vendor.name, 41),
          vendorBody(ctx, w.vendor, undefined),
        ) +
        close
      );
    case 'ItemServiceAdd':
    case 'ItemServiceMod':
    case 'ItemNonInventoryAdd':
    case 'ItemNonInventoryMod':
      return open + itemXml(ctx, w) + close;
    case 'InvoiceAdd': {
      const v = w.invoice;
      const lines = salesLines(ctx, 'InvoiceLineAdd', 'An invoice', v.lines);
      return (
        open +
        agg(
          'InvoiceAdd',
          requiredRef(ctx, 'CustomerRef', v.customer, 209),
          ref(ctx, 'ClassRef', v.class, 159),
          ref(ctx, 'ARAccountRef', v.arAccount, 159),
          ref(ctx, 'TemplateRef', v.template, 31),
          date(ctx, 'TxnDate', v.txnDate),
          text(ctx, 'RefNumber', v.refNumber, 11),
          address(ctx, 'BillAddress', v.billAddress),
          address(ctx, 'ShipAddress', v.shipAddress),
          bool('IsPending', v.isPending),
          text(ctx, 'PONumber', v.poNumber, 25),
          ref(ctx, 'TermsRef', v.terms, 31),
          date(ctx, 'DueDate', v.dueDate),
          text(ctx, 'Memo', v.memo, 4095),
          bool('IsToBePrinted', v.isToBePrinted),
          bool('IsToBeEmailed', v.isToBeEmailed),
          text(ctx, 'Other', v.other, 29),
          guid(ctx, 'ExternalGUID', v.externalGuid),
          ...lines,
        ) +
        close
      );
    }
    case 'InvoiceMod':
      return (
        open +
        agg(
          'InvoiceMod',
          id(ctx, 'TxnID', w.txnId),
          editSequence(ctx, w.editSequence),
          text(ctx, 'Other', w.invoice.other, 29),
        ) +
        close
      );
    case 'SalesOrderAdd': {
      const o = w.salesOrder;
      const lines = salesLines(ctx, 'SalesOrderLineAdd', 'A sales order', o.lines);
      return (
        open +
        agg(
          'SalesOrderAdd',
          requiredRef(ctx, 'CustomerRef', o.customer, 209),
          ref(ctx, 'ClassRef', o.class, 159),
          date(ctx, 'TxnDate', o.txnDate),
          text(ctx, 'RefNumber', o.refNumber, 11),
          address(ctx, 'ShipAddress', o.shipAddress),
          text(ctx, 'PONumber', o.poNumber, 25),
          date(ctx, 'DueDate', o.dueDate),
          date(ctx, 'ShipDate', o.shipDate),
          text(ctx, 'Memo', o.memo, 4095),
          guid(ctx, 'ExternalGUID', o.externalGuid),
          ...lines,
        ) +
        close
      );
    }
    case 'ReceivePaymentAdd': {
      const p = w.payment;
      const applied =
        p.appliedTo === undefined
          ? bool('IsAutoApply', p.isAutoApply)
          : p.appliedTo
              .map((a, n) =>
                agg(
                  'AppliedToTxnAdd',
                  id(ctx, 'TxnID', a.txnId, `AppliedToTxnAdd[${n + 1}]/TxnID`),
                  amount(ctx, 'PaymentAmount', a.paymentAmount, `AppliedToTxnAdd[${n + 1}]/PaymentAmount`),
                  amount(ctx, 'DiscountAmount', a.discountAmount, `AppliedToTxnAdd[${n + 1}]/DiscountAmount`),
                  ref(ctx, 'DiscountAccountRef', a.discountAccount, 159),
                ),
              )
              .join('');
      if (applied === '')
        fail(
          ctx,
          'qbxml_field_required',
          'AppliedToTxnAdd',
          'A payment needs IsAutoApply or at least one AppliedToTxnAdd.',
        );
      return (
        open +
        agg(
          'ReceivePaymentAdd',
          requiredRef(ctx, 'CustomerRef', p.customer, 209),
          ref(ctx, 'ARAccountRef', p.arAccount, 159),
          date(ctx, 'TxnDate', p.txnDate),
          text(ctx, 'RefNumber', p.refNumber, 20),
          amount(ctx, 'TotalAmount', p.totalAmount),
          ref(ctx, 'PaymentMethodRef', p.paymentMethod, 31),
          text(ctx, 'Memo', p.memo, 4095),
          ref(ctx, 'DepositToAccountRef', p.depositToAccount, 159),
          guid(ctx, 'ExternalGUID', p.externalGuid),
          applied,
        ) +
        close
      );
    }
    case 'JournalEntryAdd': {
      const j = w.journalEntry;
      if (j.debits.length === 0 || j.credits.length === 0) {
        fail(
          ctx,
          'qbxml_field_required',
          'JournalDebitLine',
          'A journal entry needs at least one debit and one credit line.',
        );
      }
      return (
        open +
        agg(
          'JournalEntryAdd',
          date(ctx, 'TxnDate', j.txnDate),
          text(ctx, 'RefNumber', j.refNumber, 11),
          bool('IsAdjustment', j.isAdjustment),
          guid(ctx, 'ExternalGUID', j.externalGuid),
          ...j.debits.map((l) => journalLine(ctx, 'JournalDebitLine', l)),
          ...j.credits.map((l) => journalLine(ctx, 'JournalCreditLine', l)),
        ) +
        close
      );
    }
  }
}
