/**
 * @module
 * Query request bodies in qbXML 13.0 schema order (qbxmlops130.xml). The two filter shapes differ:
 * list queries (Customer, Vendor, Item, Account) take From/ToModifiedDate as direct children, while
 * transaction queries (Invoice, Bill, SalesOrder, ReceivePayment, JournalEntry) wrap them in
 * ModifiedDateRangeFilter. A bare FromModifiedDate in a transaction query is a 0x80040400 parse error.
 */
import { agg, attr, bool, date, dateTime, fail, id, raw, required, text, type Ctx } from './xml-build.ts';
import type {
  AccountQuery,
  BillQuery,
  InvoiceQuery,
  ListDeletedQuery,
  ListQueryFilter,
  QbxmlQuery,
  SalesOrderQuery,
  TxnDeletedQuery,
  TxnQueryFilter,
} from './request-types.ts';

function repeat(values: readonly string[] | undefined, render: (v: string, i: number) => string): string {
  return values === undefined ? '' : values.map(render).join('');
}

function maxReturned(ctx: Ctx, n: number | undefined): string {
  if (n === undefined) return '';
  if (!Number.isInteger(n) || n < 1)
    fail(ctx, 'qbxml_invalid_max_returned', 'MaxReturned', `MaxReturned must be a positive integer, got ${n}.`);
  return raw('MaxReturned', n);
}

function selectorsExclusive(ctx: Ctx, has: Record<string, boolean>): void {
  const used = Object.entries(has).filter(([, v]) => v);
  if (used.length > 1) {
    fail(
      ctx,
      'qbxml_conflicting_filters',
      used.map(([k]) => k).join('+'),
      `${ctx.rq} accepts only one of ${used.map(([k]) => k).join(', ')} (qbXML 13.0 schema choice).`,
    );
  }
}

function tail(ctx: Ctx, f: { includeRetElements?: readonly string[]; ownerIds?: readonly string[] }): string {
  return (
    repeat(f.includeRetElements, (v) => text(ctx, 'IncludeRetElement', v, 50)) +
    repeat(f.ownerIds, (v) => {
      if (!/^(0|\{[0-9a-fA-F-]{36}\})$/.test(v))
        fail(ctx, 'qbxml_invalid_guid', 'OwnerID', `OwnerID "${v}" is not a GUID or 0.`);
      return raw('OwnerID', v);
    })
  );
}

/** ListID* | FullName* | (MaxReturned?, ActiveStatus?, From/ToModifiedDate?, NameFilter?) for list queries. */
function listFilter(ctx: Ctx, f: ListQueryFilter, extra = ''): string {
  const byId = (f.listIds?.length ?? 0) > 0;
  const byName = (f.fullNames?.length ?? 0) > 0;
  const filtered =
    f.maxReturned !== undefined ||
    f.activeStatus !== undefined ||
    f.fromModifiedDate !== undefined ||
    f.toModifiedDate !== undefined ||
    f.nameFilter !== undefined ||
    extra !== '';
  selectorsExclusive(ctx, { ListID: byId, FullName: byName, filters: filtered });
  if (byId) return repeat(f.listIds, (v) => id(ctx, 'ListID', v));
  if (byName) return repeat(f.fullNames, (v) => text(ctx, 'FullName', v, 209));
  return (
    maxReturned(ctx, f.maxReturned) +
    raw('ActiveStatus', f.activeStatus ?? 'All') +
    dateTime(ctx, 'FromModifiedDate', f.fromModifiedDate) +
    dateTime(ctx, 'ToModifiedDate', f.toModifiedDate) +
    (f.nameFilter
      ? agg(
          'NameFilter',
          raw('MatchCriterion', f.nameFilter.matchCriterion),
          required(ctx, 'Name', f.nameFilter.name, 209, 'NameFilter/Name'),
        )
      : '') +
    extra
  );
}

/** TxnID* | RefNumber* | (MaxReturned?, ModifiedDateRangeFilter | TxnDateRangeFilter, EntityFilter?) */
function txnFilter(ctx: Ctx, f: TxnQueryFilter, extra = ''): string {
  const byId = (f.txnIds?.length ?? 0) > 0;
  const byRef = (f.refNumbers?.length ?? 0) > 0;
  const byModified = f.fromModifiedDate !== undefined || f.toModifiedDate !== undefined;
  const byTxnDate = f.fromTxnDate !== undefined || f.toTxnDate !== undefined;
  const filtered = f.maxReturned !== undefined || byModified || byTxnDate || f.entity !== undefined || extra !== '';
  selectorsExclusive(ctx, { TxnID: byId, RefNumber: byRef, filters: filtered });
  selectorsExclusive(ctx, { ModifiedDateRangeFilter: byModified, TxnDateRangeFilter: byTxnDate });
  if (byId) return repeat(f.txnIds, (v) => id(ctx, 'TxnID', v));
  if (byRef) return repeat(f.refNumbers, (v) => text(ctx, 'RefNumber', v, 20));
  const entity = f.entity;
  if (entity && (entity.listIds?.length ?? 0) > 0 && (entity.fullNames?.length ?? 0) > 0) {
    fail(ctx, 'qbxml_conflicting_filters', 'EntityFilter', 'EntityFilter takes ListIDs or FullNames, not both.');
  }
  return (
    maxReturned(ctx, f.maxReturned) +
    agg(
      'ModifiedDateRangeFilter',
      dateTime(ctx, 'FromModifiedDate', f.fromModifiedDate, 'ModifiedDateRangeFilter/FromModifiedDate'),
      dateTime(ctx, 'ToModifiedDate', f.toModifiedDate, 'ModifiedDateRangeFilter/ToModifiedDate'),
    ) +
    agg('TxnDateRangeFilter', date(ctx, 'FromTxnDate', f.fromTxnDate), date(ctx, 'ToTxnDate', f.toTxnDate)) +
    (entity
      ? agg(
          'EntityFilter',
          repeat(entity.listIds, (v) => id(ctx, 'ListID', v, 'EntityFilter/ListID')),
          repeat(entity.fullNames, (v) => text(ctx, 'FullName', v, 209, 'EntityFilter/FullName')),
        )
      : '') +
    extra
  );
}

function iteratorAttrs(ctx: Ctx, q: { iterator?: string; iteratorId?: string; maxReturned?: number }): string {
  if (q.iterator === undefined) {
    if (q.iteratorId !== undefined)
      fail(ctx, 'qbxml_iterator_misuse', '@iteratorID', 'iteratorID needs iterator="Continue" or "Stop".');
    return '';
  }
  if (q.iterator === 'Start' && q.iteratorId !== undefined) {
    fail(ctx, 'qbxml_iterator_misuse', '@iteratorID', 'iterator="Start" must not carry an iteratorID.');
  }
  if (q.iterator !== 'Start' && q.iteratorId === undefined) {
    fail(
      ctx,
      'qbxml_iterator_misuse',
      '@iteratorID',
      `iterator="${q.iterator}" needs the iteratorID from the previous page.`,
    );
  }
  if (q.iterator === 'Start' && q.maxReturned === undefined) {
    fail(ctx, 'qbxml_iterator_misuse', 'MaxReturned', 'iterator="Start" needs MaxReturned (the page size).');
  }
  return attr(ctx, 'iterator', q.iterator) + attr(ctx, 'iteratorID', q.iteratorId, 50);
}

function open(ctx: Ctx, attrs = ''): string {
  return `<${ctx.rq}${attr(ctx, 'requestID', ctx.requestId, 50)}${attrs}>`;
}

function deletedRange(ctx: Ctx, q: ListDeletedQuery | TxnDeletedQuery): string {
  return agg(
    'DeletedDateRangeFilter',
    dateTime(ctx, 'FromDeletedDate', q.fromDeletedDate, 'DeletedDateRangeFilter/FromDeletedDate'),
    dateTime(ctx, 'ToDeletedDate', q.toDeletedDate, 'DeletedDateRangeFilter/ToDeletedDate'),
  );
}

function accountExtra(q: AccountQuery): string {
  return (q.accountTypes ?? []).map((t) => raw('AccountType', t)).join('');
}

function txnTail(ctx: Ctx, q: InvoiceQuery | BillQuery | SalesOrderQuery): string {
  return bool('IncludeLineItems', q.includeLineItems) + bool('IncludeLinkedTxns', q.includeLinkedTxns) + tail(ctx, q);
}

/** The `<XxxQueryRq>` element for one query request. */
export function queryXml(ctx: Ctx, q: QbxmlQuery): string {
  const close = `</${ctx.rq}>`;
  switch (q.type) {
    case 'HostQuery':
    case 'PreferencesQuery':
      return open(ctx) + close;
    case 'CompanyQuery':
    case 'DataExtDefQuery':
      return open(ctx) + tail(ctx, { ownerIds: q.ownerIds }) + close;
    case 'CustomerQuery':
    case 'VendorQuery':
    case 'ItemQuery':
      return open(ctx, iteratorAttrs(ctx, q)) + listFilter(ctx, q) + tail(ctx, q) + close;
    case 'AccountQuery':
      if ((q as { iterator?: unknown }).iterator !== undefined) {
        fail(
          ctx,
          'qbxml_iterator_unsupported',
          '@iterator',
          'AccountQuery has no iterator in qbXML 13.0; query all accounts at once.',
        );
      }
      return open(ctx) + listFilter(ctx, q, accountExtra(q)) + tail(ctx, q) + close;
    case 'InvoiceQuery':
    case 'BillQuery':
      return (
        open(ctx, iteratorAttrs(ctx, q)) + txnFilter(ctx, q, raw('PaidStatus', q.paidStatus)) + txnTail(ctx, q) + close
      );
    case 'SalesOrderQuery':
      return open(ctx, iteratorAttrs(ctx, q)) + txnFilter(ctx, q) + txnTail(ctx, q) + close;
    case 'ReceivePaymentQuery':
    case 'JournalEntryQuery':
      return (
        open(ctx, iteratorAttrs(ctx, q)) +
        txnFilter(ctx, q) +
        bool('IncludeLineItems', q.includeLineItems) +
        tail(ctx, q) +
        close
      );
    case 'ListDeletedQuery':
      if (q.listDelTypes.length === 0)
        fail(ctx, 'qbxml_field_required', 'ListDelType', 'ListDeletedQuery needs at least one ListDelType.');
      return open(ctx) + q.listDelTypes.map((t) => raw('ListDelType', t)).join('') + deletedRange(ctx, q) + close;
    case 'TxnDeletedQuery':
      if (q.txnDelTypes.length === 0)
        fail(ctx, 'qbxml_field_required', 'TxnDelType', 'TxnDeletedQuery needs at least one TxnDelType.');
      return open(ctx) + q.txnDelTypes.map((t) => raw('TxnDelType', t)).join('') + deletedRange(ctx, q) + close;
  }
}
