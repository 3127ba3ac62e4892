/**
 * @module
 * The query engine: list queries (ListID | FullName | filters with ActiveStatus, From/ToModifiedDate,
 * NameFilter, MaxReturned), transaction queries (TxnID | RefNumber | ModifiedDateRangeFilter,
 * TxnDateRangeFilter, EntityFilter, PaidStatus, IncludeLineItems, IncludeLinkedTxns), IncludeRetElement
 * (only the named children of each record), deleted-object
 * queries, and iterators bound to the current session (Continue after `endSession` → 3391).
 * No match is status 1 (Info), as in QuickBooks.
 */
import type { CompanyRecord } from './records.ts';
import { child, childrenNamed, elementXml, parseXml, textOf, type El } from './xml.ts';
import { renderRet, renderRs, type RsStatus } from './render.ts';
import type { ParsedRq } from './request.ts';
import {
  newIteratorId,
  parseRequestTime,
  recordTime,
  type CompanyState,
  type Kind,
  type ListKind,
  type TxnKind,
} from './store.ts';

const LIST_QUERY: Readonly<Record<string, ListKind>> = {
  CustomerQuery: 'customer',
  VendorQuery: 'vendor',
  ItemQuery: 'item',
  AccountQuery: 'account',
};
const TXN_QUERY: Readonly<Record<string, TxnKind>> = {
  InvoiceQuery: 'invoice',
  SalesOrderQuery: 'salesOrder',
  BillQuery: 'bill',
  ReceivePaymentQuery: 'payment',
  JournalEntryQuery: 'journalEntry',
};
/** An xsd:boolean the schema check accepted. */
const isTrue = (v: string | undefined) => v === 'true' || v === '1';

export const NO_MATCH = 'A query request did not find a matching object in QuickBooks';

/** Result of one request: the Rs element and its severity (for stopOnError). */
export interface RqOutcome {
  readonly xml: string;
  readonly severity: RsStatus['severity'];
}

export function statusOnly(rq: ParsedRq, code: number, severity: RsStatus['severity'], message: string): RqOutcome {
  return { xml: renderRs(`${rq.type}Rs`, { requestId: rq.requestId, code, severity, message }), severity };
}

function fullNameOf(r: CompanyRecord): string {
  return 'fullName' in r && typeof r.fullName === 'string'
    ? r.fullName
    : 'name' in r && typeof r.name === 'string'
      ? r.name
      : '';
}

function modifiedWithin(
  state: CompanyState,
  timeModified: string,
  from: string | undefined,
  to: string | undefined,
): boolean | 'bad' {
  const t = recordTime(timeModified);
  if (from !== undefined) {
    const f = parseRequestTime(state, from);
    if (f === undefined) return 'bad';
    if (t < f) return false;
  }
  if (to !== undefined) {
    const e = parseRequestTime(state, to, true);
    if (e === undefined) return 'bad';
    if (t > e) return false;
  }
  return true;
}

function nameMatches(name: string, filter: El | undefined): boolean {
  if (filter === undefined) return true;
  const crit = textOf(filter, 'MatchCriterion');
  const wanted = (textOf(filter, 'Name') ?? '').toLowerCase();
  const n = name.toLowerCase();
  return crit === 'StartsWith' ? n.startsWith(wanted) : crit === 'EndsWith' ? n.endsWith(wanted) : n.includes(wanted);
}

/** IDs matching a list query's filters, in QuickBooks order (by full name). */
function listMatches(state: CompanyState, rq: ParsedRq, kind: ListKind): string[] | 'bad-date' {
  const el = rq.el;
  const table = state.tables[kind] as Map<
    string,
    CompanyRecord & { listId: string; isActive: boolean; timeModified: string }
  >;
  const ids = childrenNamed(el, 'ListID').map((c) => c.text);
  const names = childrenNamed(el, 'FullName').map((c) => c.text.toLowerCase());
  let rows = [...table.values()];
  if (ids.length > 0) rows = ids.map((id) => table.get(id)).filter((r) => r !== undefined);
  else if (names.length > 0) rows = rows.filter((r) => names.includes(fullNameOf(r).toLowerCase()));
  else {
    const active = textOf(el, 'ActiveStatus') ?? 'ActiveOnly';
    const from = textOf(el, 'FromModifiedDate');
    const to = textOf(el, 'ToModifiedDate');
    const nameFilter = child(el, 'NameFilter');
    const types = childrenNamed(el, 'AccountType').map((c) => c.text);
    let bad = false;
    rows = rows.filter((r) => {
      if (active === 'ActiveOnly' && !r.isActive) return false;
      if (active === 'InactiveOnly' && r.isActive) return false;
      const within = modifiedWithin(state, r.timeModified, from, to);
      if (within === 'bad') bad = true;
      if (within !== true) return false;
      if (!nameMatches(fullNameOf(r), nameFilter)) return false;
      return types.length === 0 || (r.kind === 'account' && types.includes(r.accountType));
    });
    if (bad) return 'bad-date';
    rows.sort((a, b) => (fullNameOf(a).toLowerCase() < fullNameOf(b).toLowerCase() ? -1 : 1));
  }
  return rows.map((r) => r.listId);
}

function txnMatches(state: CompanyState, rq: ParsedRq, kind: TxnKind): string[] | 'bad-date' {
  const el = rq.el;
  const table = state.tables[kind] as Map<
    string,
    CompanyRecord & { txnId: string; timeModified: string; txnDate: string; refNumber?: string }
  >;
  const ids = childrenNamed(el, 'TxnID').map((c) => c.text);
  const refs = childrenNamed(el, 'RefNumber').map((c) => c.text.toLowerCase());
  let rows = [...table.values()];
  if (ids.length > 0) return ids.filter((id) => table.has(id));
  if (refs.length > 0) return rows.filter((r) => refs.includes((r.refNumber ?? '').toLowerCase())).map((r) => r.txnId);
  const mod = child(el, 'ModifiedDateRangeFilter');
  const dates = child(el, 'TxnDateRangeFilter');
  const entity = child(el, 'EntityFilter');
  const paid = textOf(el, 'PaidStatus') ?? 'All';
  let bad = false;
  const entityIds = childrenNamed(entity, 'ListID').map((c) => c.text);
  const entityNames = childrenNamed(entity, 'FullName').map((c) => c.text.toLowerCase());
  rows = rows.filter((r) => {
    if (mod) {
      const within = modifiedWithin(
        state,
        r.timeModified,
        textOf(mod, 'FromModifiedDate'),
        textOf(mod, 'ToModifiedDate'),
      );
      if (within === 'bad') bad = true;
      if (within !== true) return false;
    }
    if (dates) {
      const from = textOf(dates, 'FromTxnDate');
      const to = textOf(dates, 'ToTxnDate');
      if ((from !== undefined && r.txnDate < from) || (to !== undefined && r.txnDate > to)) return false;
    }
    if (entity) {
      const who =
        r.kind === 'invoice' || r.kind === 'salesOrder' || r.kind === 'payment'
          ? r.customer
          : r.kind === 'bill'
            ? r.vendor
            : undefined;
      const jeEntities =
        r.kind === 'journalEntry' ? r.lines.map((l) => l.entity).filter((e) => e !== undefined) : who ? [who] : [];
      const hit = jeEntities.some(
        (e) =>
          (e.listId !== undefined && entityIds.includes(e.listId)) ||
          (e.fullName !== undefined && entityNames.includes(e.fullName.toLowerCase())),
      );
      if (!hit) return false;
    }
    if (paid !== 'All' && (r.kind === 'invoice' || r.kind === 'bill')) {
      if ((paid === 'PaidOnly') !== (r.isPaid === true)) return false;
    }
    return true;
  });
  if (bad) return 'bad-date';
  return rows.map((r) => r.txnId);
}

/** The OwnerIDs a query names. */
const ownersOf = (el: El): string[] => childrenNamed(el, 'OwnerID').map((o) => o.text);

/** A rendered record cut down to the children IncludeRetElement names (all of it when none are named). */
function only(retXml: string, names: readonly string[]): string {
  if (names.length === 0) return retXml;
  const ret = parseXml(retXml).root;
  return `<${ret.name}>${ret.children
    .filter((c) => names.includes(c.name))
    .map(elementXml)
    .join('')}</${ret.name}>`;
}

/**
 * The record with only the data extensions its query's OwnerIDs ask for: `0`, the public ones (the
 * company's custom fields); a GUID, that application's private ones; no OwnerID, none at all.
 */
function withOwnedExtensions(rec: CompanyRecord, owners: readonly string[]): CompanyRecord {
  if (!('dataExt' in rec) || !rec.dataExt) return rec;
  const asked = new Set(owners.map((o) => o.toLowerCase()));
  const dataExt = rec.dataExt.filter((d) => asked.has((d.ownerId ?? '0').toLowerCase()));
  return { ...rec, dataExt } as CompanyRecord;
}

function render(
  state: CompanyState,
  kind: Kind,
  ids: readonly string[],
  query: { lines: boolean; links: boolean; owners: readonly string[]; retElements?: readonly string[] },
): string[] {
  const table = state.tables[kind] as Map<string, CompanyRecord>;
  const out: string[] = [];
  for (const id of ids) {
    const rec = table.get(id);
    if (rec === undefined) continue;
    const xml = renderRet(withOwnedExtensions(rec, query.owners), { lines: query.lines, links: query.links });
    out.push(`${only(xml, query.retElements ?? [])}\n`);
  }
  return out;
}

/** Answers Customer/Vendor/Item/Account/Invoice/SalesOrder/Bill/ReceivePayment/JournalEntry queries. */
export function runQuery(state: CompanyState, rq: ParsedRq): RqOutcome {
  const rsName = `${rq.type}Rs`;
  const iterator = rq.el.attrs.iterator;
  const listKind = LIST_QUERY[rq.type];
  const kind: Kind | undefined = listKind ?? TXN_QUERY[rq.type];
  if (kind === undefined) return statusOnly(rq, 3250, 'Error', `The simulator does not answer ${rq.name}.`);
  const lines = listKind !== undefined || isTrue(textOf(rq.el, 'IncludeLineItems'));
  const links = isTrue(textOf(rq.el, 'IncludeLinkedTxns'));
  const retElements = childrenNamed(rq.el, 'IncludeRetElement').map((c) => c.text);
  const maxText = textOf(rq.el, 'MaxReturned');
  const max = maxText === undefined ? undefined : Number(maxText);
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    return statusOnly(rq, 3000, 'Error', `MaxReturned "${maxText}" is not a positive integer.`);

  if (iterator === 'Continue' || iterator === 'Stop') {
    const id = rq.el.attrs.iteratorID ?? '';
    const it = state.iterators.get(id);
    if (it === undefined || it.session !== state.session) {
      return statusOnly(rq, 3391, 'Error', `The iteratorID "${id}" is not valid.`);
    }
    if (iterator === 'Stop') {
      state.iterators.delete(id);
      return {
        xml: renderRs(rsName, {
          requestId: rq.requestId,
          code: 0,
          severity: 'Info',
          message: 'Status OK',
          retCount: 0,
          iteratorRemainingCount: 0,
          iteratorId: id,
        }),
        severity: 'Info',
      };
    }
    const page = it.ids.slice(it.pos, it.pos + (max ?? it.ids.length));
    it.pos += page.length;
    const remaining = it.ids.length - it.pos;
    if (remaining === 0) state.iterators.delete(id);
    const body = render(state, it.kind, page, {
      lines: it.includeLines,
      links: it.includeLinked,
      owners: ownersOf(rq.el),
      retElements: it.retElements,
    });
    return {
      xml: renderRs(
        rsName,
        {
          requestId: rq.requestId,
          code: 0,
          severity: 'Info',
          message: 'Status OK',
          retCount: body.length,
          iteratorRemainingCount: remaining,
          iteratorId: id,
        },
        body.join(''),
      ),
      severity: 'Info',
    };
  }

  const matches = listKind !== undefined ? listMatches(state, rq, listKind) : txnMatches(state, rq, kind as TxnKind);
  if (matches === 'bad-date')
    return statusOnly(
      rq,
      3020,
      'Error',
      'There was an error when converting the date value in the field "FromModifiedDate".',
    );
  if (iterator === 'Start') {
    const id = newIteratorId(state);
    const page = matches.slice(0, max ?? matches.length);
    const remaining = matches.length - page.length;
    if (remaining > 0)
      state.iterators.set(id, {
        session: state.session,
        ids: matches,
        kind,
        pos: page.length,
        includeLines: lines,
        includeLinked: links,
        retElements,
      });
    const body = render(state, kind, page, { lines, links, owners: ownersOf(rq.el), retElements });
    const status: RsStatus =
      body.length === 0
        ? {
            requestId: rq.requestId,
            code: 1,
            severity: 'Info',
            message: NO_MATCH,
            retCount: 0,
            iteratorRemainingCount: 0,
            iteratorId: id,
          }
        : {
            requestId: rq.requestId,
            code: 0,
            severity: 'Info',
            message: 'Status OK',
            retCount: body.length,
            iteratorRemainingCount: remaining,
            iteratorId: id,
          };
    return { xml: renderRs(rsName, status, body.join('')), severity: 'Info' };
  }
  const requestedIds = childrenNamed(rq.el, listKind ? 'ListID' : 'TxnID').length;
  const page = matches.slice(0, max ?? matches.length);
  const body = render(state, kind, page, { lines, links, owners: ownersOf(rq.el), retElements });
  if (body.length === 0) return statusOnly(rq, 1, 'Info', NO_MATCH);
  const partial = requestedIds > 0 && body.length < requestedIds;
  return {
    xml: renderRs(
      rsName,
      partial
        ? {
            requestId: rq.requestId,
            code: 500,
            severity: 'Warn',
            message:
              'The query request has not been fully completed. There was a required element ("ListID") that could not be found in QuickBooks.',
            retCount: body.length,
          }
        : { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK', retCount: body.length },
      body.join(''),
    ),
    severity: partial ? 'Warn' : 'Info',
  };
}

/** ListDeletedQuery / TxnDeletedQuery (no iterators in 13.0). */
export function runDeletedQuery(state: CompanyState, rq: ParsedRq): RqOutcome {
  const isList = rq.type === 'ListDeletedQuery';
  // The schema check guarantees at least one type.
  const types = childrenNamed(rq.el, isList ? 'ListDelType' : 'TxnDelType').map((c) => c.text);
  const range = child(rq.el, 'DeletedDateRangeFilter');
  const from = textOf(range, 'FromDeletedDate');
  const to = textOf(range, 'ToDeletedDate');
  const log = isList ? state.deletedLists : state.deletedTxns;
  let bad = false;
  const hits = log.filter((d) => {
    const type = d.kind === 'deletedList' ? d.listDelType : d.txnDelType;
    if (!types.includes(type)) return false;
    const within = modifiedWithin(state, d.timeDeleted, from, to);
    if (within === 'bad') bad = true;
    return within === true;
  });
  if (bad)
    return statusOnly(
      rq,
      3020,
      'Error',
      'There was an error when converting the date value in the field "FromDeletedDate".',
    );
  if (hits.length === 0) return statusOnly(rq, 1, 'Info', NO_MATCH);
  const body = hits.map((d) => `${renderRet(d)}\n`).join('');
  return {
    xml: renderRs(
      `${rq.type}Rs`,
      { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK', retCount: hits.length },
      body,
    ),
    severity: 'Info',
  };
}
