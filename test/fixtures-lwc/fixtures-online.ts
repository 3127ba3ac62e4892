/**
 * @module
 * The Opportunity and Order panels' fixtures, from what the relay writes on a QuickBooks Online day
 * ({@link runOnlineScenario}): each deal and order as `getRecord` delivers it, and its invoice mirror
 * and Sync Logs as `getRelatedListRecords` does (logs newest first, as the panels ask). The
 * connection's key is a random UUID the relay makes when the company connects: it is written
 * `acme-online` here, so the fixtures stay the same from run to run.
 */
import type { OnlineScenario } from './scenario-online.ts';
import { componentFields, createShaper, type Shaper } from './ui-api.ts';

type Rec = Record<string, unknown>;

/** When the fixtures show a push request taken up (the Online day's clock runs in real time). */
const PICKED_UP_AT = '2026-03-15T17:00:05.000Z';

/**
 * When the fixtures show the Online connection last in contact (the day's clock runs in real time,
 * so the times the relay writes on the connection record differ from run to run by seconds).
 */
const CONNECTION_TIME = '2026-03-15T17:00:10.000Z';
const CONNECTION_TIMES = ['Last_Contact_At__c', 'Last_Success_At__c', 'Last_Reconciled_At__c'];

/** When the fixtures show the Account last synced (the day's clock runs in real time). */
const ACCOUNT_SYNCED_AT = '2026-03-15T17:00:03.000Z';

/** The relay's address the fixtures show. */
const RELAY_URL = 'https://relay.acme.example';

/** The key the fixtures show for the Online connection. */
export const ONLINE_KEY = 'acme-online';

/** When the fixtures show the n-th moment a Sync Log was written at (the day's clock runs in real time). */
const logTime = (n: number) => new Date(Date.parse('2026-03-15T17:01:00.000Z') + n * 60_000).toISOString();

/**
 * Sync Logs as the day wrote them, at fixed moments: each log at {@link logTime} of the sync it was
 * first there after (the clock's milliseconds vary from run to run). The logs of one sync are
 * created together, numbered by the org in no set order: within one sync their names go reversal
 * first, then by key.
 */
function stableLogs(logs: Rec[], roundOf: (key: string) => number): Rec[] {
  const round = (l: Rec) => roundOf(String(l.Log_Key__c));
  const names = new Map<Rec, unknown>();
  for (const group of Map.groupBy(logs, round).values()) {
    const ordered = [...group].sort(
      (a, b) =>
        Number(b.Operation__c === 'Reverse') - Number(a.Operation__c === 'Reverse') ||
        String(a.Log_Key__c).localeCompare(String(b.Log_Key__c)),
    );
    const sortedNames = group.map((l) => String(l.Name)).sort();
    ordered.forEach((l, i) => names.set(l, sortedNames[i]));
  }
  return logs.map((l) => ({
    ...l,
    Name: names.get(l),
    ...(l.Last_Attempt_At__c ? { Last_Attempt_At__c: logTime(round(l)) } : {}),
  }));
}

/** The scenario's records with the connection's random key replaced by {@link ONLINE_KEY}, logs at fixed moments. */
function stableRecords(s: OnlineScenario): (object: string) => Rec[] {
  return (object) => {
    const rows = s
      .records(object)
      .map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll(s.connectionKey, ONLINE_KEY) : v]),
        ),
      );
    if (object === 'Account') return rows.map((r) => ({ ...r, QuickBooks_Last_Synced_At__c: ACCOUNT_SYNCED_AT }));
    return object === 'QuickBooks_Sync_Log__c'
      ? stableLogs(rows, (key) => s.logRound(key.replaceAll(ONLINE_KEY, s.connectionKey)))
      : rows;
  };
}

/** Fixture name (`<bundle>/<file>`) → what the component's wire adapter delivers. */
export function onlineFixtures(s: OnlineScenario): Record<string, unknown> {
  const records = stableRecords(s);
  const shape: Shaper = createShaper(s.relay.org.org.schema, records);
  const one = (object: string, id: string) => records(object).find((r) => r.Id === id)!;
  const relatedList = (parentId: string, relatedListId: string, object: string, fields: string[], rows: Rec[]) => ({
    count: rows.length,
    currentPageToken: '0',
    listReference: { parentRecordId: shape.id(parentId), relatedListId },
    nextPageToken: null,
    records: rows.map((r) => shape.record(object, r, fields)),
  });
  const logsOf = (bundle: string, lookup: 'Opportunity__c' | 'Order__c', parentId: string) =>
    relatedList(
      parentId,
      'QuickBooks_Sync_Logs__r',
      'QuickBooks_Sync_Log__c',
      componentFields(bundle, 'QuickBooks_Sync_Log__c', [lookup]),
      records('QuickBooks_Sync_Log__c')
        .filter((l) => l[lookup] === parentId)
        .sort((a, b) => String(b.Name).localeCompare(String(a.Name))),
    );
  const deal = (id: string) =>
    shape.record('Opportunity', one('Opportunity', id), componentFields('opportunityQuickBooks', 'Opportunity'));
  const invoicesOf = (id: string) =>
    relatedList(
      id,
      'QuickBooks_Invoices__r',
      'QuickBooks_Invoice__c',
      componentFields('opportunityQuickBooks', 'QuickBooks_Invoice__c', ['Opportunity__c']),
      records('QuickBooks_Invoice__c').filter((i) => i.Opportunity__c === id),
    );
  const order = (id: string) => shape.record('Order', one('Order', id), componentFields('orderJournalEntry', 'Order'));
  const { deals, orders, push } = s;
  const stable = (r: Rec) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll(s.connectionKey, ONLINE_KEY) : v]),
    );
  const pushFields = componentFields('pushToQuickBooks', 'Opportunity');
  const pushed = (id: string) => shape.record('Opportunity', one('Opportunity', id), pushFields);
  const requestFields = componentFields('syncRequestStatus', 'QuickBooks_Sync_Request__c');
  // The Online day's clock runs in real time: when the relay took a request is held at one moment.
  const request = (r: Rec) =>
    shape.record(
      'QuickBooks_Sync_Request__c',
      { ...stable(r), ...(r.Picked_Up_At__c ? { Picked_Up_At__c: PICKED_UP_AT } : {}) },
      requestFields,
    );
  const connectionFields = componentFields('connectionHealth', 'QuickBooks_Connection__c');
  // The relay listens on a port of the moment: the fixtures show the relay's public address as set up.
  const connections = records('QuickBooks_Connection__c').map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        CONNECTION_TIMES.includes(k) && v ? CONNECTION_TIME : k === 'Relay_URL__c' && v ? RELAY_URL : v,
      ]),
    ),
  );
  return {
    // An Online company both ways: what the org's records waiting for it count, how the org's changes arrive.
    'connectionHealth/getListRecordsByNameOnline': {
      count: connections.length,
      currentPageToken: '0',
      listReference: { listViewApiName: 'All', objectApiName: 'QuickBooks_Connection__c' },
      nextPageToken: null,
      previousPageToken: null,
      records: connections.map((r) => shape.record('QuickBooks_Connection__c', r, connectionFields)),
    },
    'opportunityQuickBooks/getRecordSynced': deal(deals.invoiced),
    'opportunityQuickBooks/getRecordFailed': deal(deals.failed),
    'opportunityQuickBooks/getRecordNotSent': deal(deals.open),
    'opportunityQuickBooks/getInvoices': invoicesOf(deals.invoiced),
    'opportunityQuickBooks/getInvoicesEmpty': invoicesOf(deals.failed),
    'opportunityQuickBooks/getLogs': logsOf('opportunityQuickBooks', 'Opportunity__c', deals.failed),
    'opportunityQuickBooks/getLogsEmpty': logsOf('opportunityQuickBooks', 'Opportunity__c', deals.invoiced),
    // The Account sent from the org (Sync to QuickBooks on), now a QuickBooks Online customer.
    'accountQuickBooks/getRecord': shape.record(
      'Account',
      records('Account').find((a) => a.Name === 'Northwind Traders')!,
      componentFields('accountQuickBooks', 'Account'),
    ),
    'orderJournalEntry/getRecordBooked': order(orders.booked),
    'orderJournalEntry/getRecordReversed': order(orders.cancelled),
    'orderJournalEntry/getRecordFailed': order(orders.failed),
    'orderJournalEntry/getRecordDraft': order(orders.draft),
    'orderJournalEntry/getRecordChanged': order(orders.changed),
    'orderJournalEntry/getLogs': logsOf('orderJournalEntry', 'Order__c', orders.failed),
    'orderJournalEntry/getLogsEmpty': logsOf('orderJournalEntry', 'Order__c', orders.draft),
    // Each order's history: booked; booked then reversed (cancelled); booked, reversed and booked again (changed).
    'orderJournalEntry/getLogsBooked': logsOf('orderJournalEntry', 'Order__c', orders.booked),
    'orderJournalEntry/getLogsReversed': logsOf('orderJournalEntry', 'Order__c', orders.cancelled),
    'orderJournalEntry/getLogsChanged': logsOf('orderJournalEntry', 'Order__c', orders.changed),
    // The deal just won as the rep saw it, before the relay read it; the invoiced and the open deals.
    'pushToQuickBooks/getDeal': shape.record('Opportunity', stable(push.deal), pushFields),
    'pushToQuickBooks/getDealInvoiced': pushed(deals.invoiced),
    'pushToQuickBooks/getDealNotWon': pushed(deals.open),
    'pushToQuickBooks/getInvoices': relatedList(
      deals.invoiced,
      'QuickBooks_Invoices__r',
      'QuickBooks_Invoice__c',
      componentFields('pushToQuickBooks', 'QuickBooks_Invoice__c', ['Opportunity__c']),
      records('QuickBooks_Invoice__c').filter((i) => i.Opportunity__c === deals.invoiced),
    ),
    'pushToQuickBooks/createRecord': {
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Name: { displayValue: null, value: push.requested.Name } },
      id: shape.id(push.requested.Id as string),
    },
    'pushToQuickBooks/requestRequested': request(push.requested),
    'pushToQuickBooks/requestInProgress': request(push.inProgress),
    'pushToQuickBooks/requestCompleted': request(push.completed),
    'pushToQuickBooks/requestFailed': request(push.failed),
  };
}
