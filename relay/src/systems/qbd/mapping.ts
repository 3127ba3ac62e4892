/**
 * @module
 * QuickBooks Desktop records (as `qbxml/parse.ts` returns them) → the canonical model. Pure
 * functions tested against recorded responses. A record that references another without its
 * ListID/TxnID cannot be mirrored safely (names change) and comes back as a typed failure, as
 * does one in a currency without an ISO 4217 code in `lib/qb-currencies.ts` (never a made-up code).
 */
import { withoutUndefined } from '../../lib/objects.ts';
import { decimal, isZero, sum, toMoneyString, optionalMoney as money } from '../../lib/money.ts';
import { err, ok, relayError, type Result } from '../../lib/result.ts';
import type { Address, CanonicalRecord, CustomValue, Deletion, RecordType } from '../../sync/model.ts';
import type {
  Address as QbAddress,
  DataExt,
  DeletedListRecord,
  DeletedTxnRecord,
  InvoiceLine,
  InvoiceRecord,
  QbxmlRecord,
  SalesOrderLine,
  Ref,
} from './qbxml/record-types.ts';
import { addressOf, contactPersonOf, currencyOf, personOf } from '../../lib/qb-records.ts';

export interface QbdMappingContext {
  /** ISO 4217 code of the company's home currency (from its preferences; US files: USD). */
  readonly homeCurrency: string;
}

/** The record's currency (see `lib/qb-records.ts`): a name without an ISO 4217 code fails the record. */
const currency = (ref: Ref | undefined, ctx: QbdMappingContext, what: string): Result<string> =>
  currencyOf(ref?.fullName, ctx.homeCurrency, what, 'qbd_unknown_currency');

const address = (a: QbAddress | undefined): Address | undefined =>
  a ? addressOf({ ...a, lines: [a.addr1, a.addr2, a.addr3, a.addr4, a.addr5] }) : undefined;

const missing = (what: string, id: string) =>
  err(relayError('qbd_missing_reference', `${what} on ${id} has no QuickBooks ID; it cannot be mirrored`));

/** Amounts as two-place exact decimal strings. */

const LIST_TYPES: Readonly<Record<string, RecordType>> = { Customer: 'customer', Vendor: 'vendor', Account: 'account' };
const TXN_TYPES: Readonly<Record<string, RecordType>> = {
  Invoice: 'invoice',
  Bill: 'bill',
  ReceivePayment: 'payment',
  JournalEntry: 'journalEntry',
};

/** The lines of an invoice or a sales order, amounts exact (a percentage rate is not a price). */
const salesLines = (lines: readonly (InvoiceLine | SalesOrderLine)[]) =>
  lines.map((l) =>
    withoutUndefined({
      id: l.txnLineId,
      itemId: l.item?.listId,
      description: l.desc,
      quantity: l.quantity,
      rate: l.ratePercent ? undefined : l.rate,
      amount: money(l.amount) ?? '0.00',
    }),
  );

/** The class every item line names, when they all name the same one (companies that track classes per line). */
function lineClass(lines: readonly InvoiceLine[]): string | undefined {
  const named = lines.filter((l) => l.item).map((l) => l.class?.fullName);
  const first = named[0];
  return first && named.every((c) => c === first) ? first : undefined;
}

/** A ListDeleted/TxnDeleted entry as a canonical deletion; `undefined` for types we do not mirror. */
export function toDeletion(r: DeletedListRecord | DeletedTxnRecord): Deletion | undefined {
  if (r.kind === 'deletedList') {
    const recordType = LIST_TYPES[r.listDelType] ?? (r.listDelType.startsWith('Item') ? 'item' : undefined);
    return recordType
      ? withoutUndefined({
          type: 'deletion' as const,
          recordType,
          id: r.listId,
          deletedAt: r.timeDeleted,
          name: r.fullName,
        })
      : undefined;
  }
  const recordType = TXN_TYPES[r.txnDelType];
  return recordType
    ? withoutUndefined({
        type: 'deletion' as const,
        recordType,
        id: r.txnId,
        deletedAt: r.timeDeleted,
        name: r.refNumber,
      })
    : undefined;
}

/** The record's public data extensions (OwnerID 0: the company's custom fields), by name; none: absent. */
function publicFields(list: readonly DataExt[] | undefined): CustomValue[] | undefined {
  const values = (list ?? []).filter((d) => d.ownerId === '0').map((d) => ({ name: d.name, value: d.value }));
  return values.length ? values : undefined;
}

/** An invoice's fields a mapping may read onto its mirror: its public data extensions, and the standard PONumber and Other it has. */
function invoiceFields(r: InvoiceRecord): CustomValue[] | undefined {
  const standard = (
    [
      ['PONumber', r.poNumber],
      ['Other', r.other],
    ] as const
  ).flatMap(([name, value]) => (value ? [{ name, value, standard: true as const }] : []));
  const values = [...(publicFields(r.dataExt) ?? []), ...standard];
  return values.length ? values : undefined;
}

/**
 * One parsed QuickBooks Desktop record → a canonical record or deletion; `ok(undefined)` for
 * records the sync does not mirror (host, company, preferences, other transaction types).
 * @example toCanonical(customerRet, { homeCurrency: 'USD' })
 */
export function toCanonical(r: QbxmlRecord, ctx: QbdMappingContext): Result<CanonicalRecord | Deletion | undefined> {
  switch (r.kind) {
    case 'customer': {
      const cur = currency(r.currency, ctx, `customer ${r.fullName}`);
      if (!cur.ok) return cur;
      return ok(
        withoutUndefined({
          type: 'customer' as const,
          id: r.listId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          name: r.name,
          fullName: r.fullName,
          parentId: r.parent?.listId,
          companyName: r.companyName,
          isActive: r.isActive,
          billing: address(r.billAddress),
          shipping: address(r.shipAddress),
          phone: r.phone,
          fax: r.fax,
          email: r.email,
          terms: r.terms?.fullName,
          className: r.class?.fullName,
          salesRep: r.salesRep?.fullName,
          balance: money(r.balance),
          currency: cur.value,
          contact: personOf(r),
          contacts: r.contacts?.flatMap((c) => contactPersonOf(c) ?? []),
          custom: publicFields(r.dataExt),
        }),
      );
    }
    case 'vendor': {
      const cur = currency(r.currency, ctx, `vendor ${r.name}`);
      if (!cur.ok) return cur;
      return ok(
        withoutUndefined({
          type: 'vendor' as const,
          id: r.listId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          name: r.name,
          companyName: r.companyName,
          isActive: r.isActive,
          address: address(r.vendorAddress),
          phone: r.phone,
          fax: r.fax,
          email: r.email,
          terms: r.terms?.fullName,
          balance: money(r.balance),
          currency: cur.value,
          contact: personOf(r),
        }),
      );
    }
    case 'item':
      return ok(
        withoutUndefined({
          type: 'item' as const,
          id: r.listId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          name: r.name,
          fullName: r.fullName,
          itemType: r.itemType,
          description: r.salesDesc ?? r.purchaseDesc,
          price: r.salesPricePercent ? undefined : money(r.salesPrice),
          isActive: r.isActive,
          custom: publicFields(r.dataExt),
        }),
      );
    case 'account':
      return ok(
        withoutUndefined({
          type: 'account' as const,
          id: r.listId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          name: r.name,
          fullName: r.fullName,
          accountType: r.accountType,
          accountNumber: r.accountNumber,
          balance: money(r.totalBalance ?? r.balance),
          isActive: r.isActive,
        }),
      );
    case 'invoice': {
      if (!r.customer.listId) return missing('The customer', `invoice ${r.refNumber ?? r.txnId}`);
      const cur = currency(r.currency, ctx, `invoice ${r.refNumber ?? r.txnId}`);
      if (!cur.ok) return cur;
      const total = sum([decimal(r.subtotal ?? '0'), decimal(r.salesTaxTotal ?? '0')]);
      return ok(
        withoutUndefined({
          type: 'invoice' as const,
          id: r.txnId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          number: r.refNumber,
          customerId: r.customer.listId,
          txnDate: r.txnDate,
          dueDate: r.dueDate,
          total: toMoneyString(total),
          balance: money(r.balanceRemaining) ?? toMoneyString(total),
          isPaid: r.isPaid,
          // QuickBooks Desktop voids by zeroing the amounts and prefixing the memo with "VOID:".
          isVoided: isZero(total) && /^VOID:/i.test(r.memo ?? '') ? true : undefined,
          currency: cur.value,
          terms: r.terms?.fullName,
          salesRep: r.salesRep?.fullName,
          memo: r.memo,
          className: r.class?.fullName ?? lineClass(r.lines),
          exchangeRate: r.exchangeRate,
          custom: invoiceFields(r),
          lines: salesLines(r.lines),
        }),
      );
    }
    case 'salesOrder': {
      // Only read back after the relay added it for a won deal: it gives that deal its QuickBooks id.
      if (!r.customer.listId) return missing('The customer', `sales order ${r.refNumber ?? r.txnId}`);
      const cur = currency(r.currency, ctx, `sales order ${r.refNumber ?? r.txnId}`);
      if (!cur.ok) return cur;
      const total = r.totalAmount
        ? decimal(r.totalAmount)
        : sum([decimal(r.subtotal ?? '0'), decimal(r.salesTaxTotal ?? '0')]);
      return ok(
        withoutUndefined({
          type: 'invoice' as const,
          isSalesOrder: true,
          id: r.txnId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          number: r.refNumber,
          customerId: r.customer.listId,
          txnDate: r.txnDate,
          dueDate: r.dueDate,
          total: toMoneyString(total),
          // A sales order posts nothing: nothing is owed on it until it is invoiced.
          balance: '0.00',
          currency: cur.value,
          terms: r.terms?.fullName,
          salesRep: r.salesRep?.fullName,
          memo: r.memo,
          lines: salesLines(r.lines),
        }),
      );
    }
    case 'bill': {
      if (!r.vendor.listId) return missing('The vendor', `bill ${r.refNumber ?? r.txnId}`);
      const cur = currency(r.currency, ctx, `bill ${r.refNumber ?? r.txnId}`);
      if (!cur.ok) return cur;
      return ok(
        withoutUndefined({
          type: 'bill' as const,
          id: r.txnId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          number: r.refNumber,
          vendorId: r.vendor.listId,
          txnDate: r.txnDate,
          dueDate: r.dueDate,
          total: toMoneyString(decimal(r.amountDue)),
          balance: money(r.openAmount) ?? (r.isPaid ? '0.00' : toMoneyString(decimal(r.amountDue))),
          isPaid: r.isPaid,
          currency: cur.value,
          memo: r.memo,
        }),
      );
    }
    case 'payment': {
      if (!r.customer.listId) return missing('The customer', `payment ${r.refNumber ?? r.txnId}`);
      const cur = currency(r.currency, ctx, `payment ${r.refNumber ?? r.txnId}`);
      if (!cur.ok) return cur;
      return ok(
        withoutUndefined({
          type: 'payment' as const,
          id: r.txnId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          number: r.refNumber,
          customerId: r.customer.listId,
          txnDate: r.txnDate,
          amount: toMoneyString(decimal(r.totalAmount)),
          unapplied: money(r.unusedPayment),
          method: r.paymentMethod?.fullName,
          currency: cur.value,
          memo: r.memo,
          applied: r.appliedTo
            .filter((a) => a.txnType === 'Invoice' && a.amount !== undefined)
            .map((a) => ({ invoiceId: a.txnId, amount: toMoneyString(decimal(a.amount!)) })),
        }),
      );
    }
    case 'journalEntry': {
      const cur = currency(r.currency, ctx, `journal entry ${r.refNumber ?? r.txnId}`);
      if (!cur.ok) return cur;
      const lines = [];
      for (const [i, l] of r.lines.entries()) {
        if (!l.account?.listId) return missing('An account', `journal entry ${r.refNumber ?? r.txnId}`);
        lines.push(
          withoutUndefined({
            id: l.txnLineId ?? String(i + 1),
            accountId: l.account.listId,
            side: l.type === 'Debit' ? ('debit' as const) : ('credit' as const),
            amount: money(l.amount) ?? '0.00',
            memo: l.memo,
            entityId: l.entity?.listId,
          }),
        );
      }
      return ok(
        withoutUndefined({
          type: 'journalEntry' as const,
          id: r.txnId,
          version: r.editSequence,
          updatedAt: r.timeModified,
          number: r.refNumber,
          txnDate: r.txnDate,
          currency: cur.value,
          lines,
        }),
      );
    }
    case 'deletedList':
    case 'deletedTxn':
      return ok(toDeletion(r));
    default:
      return ok(undefined);
  }
}
