import { createElement } from 'lwc';
import OpportunityQuickBooks from 'c/opportunityQuickBooks';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

import SYNCED from './data/getRecordSynced.json';
import FAILED from './data/getRecordFailed.json';
import NOT_SENT from './data/getRecordNotSent.json';
import INVOICES from './data/getInvoices.json';
import INVOICES_EMPTY from './data/getInvoicesEmpty.json';
import LOGS from './data/getLogs.json';
import LOGS_EMPTY from './data/getLogsEmpty.json';

type Config = Record<string, unknown>;
type Emitter = {
  emit(value: unknown, filter?: (config: Config) => boolean): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Config;
};
const recordAdapter = getRecord as unknown as Emitter;
const relatedAdapter = getRelatedListRecords as unknown as Emitter;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

// The fixtures are what the relay writes (npm run fixtures:lwc) on a QuickBooks Online day: a won
// deal invoiced (1001, $2,501.00 open), a won deal whose product has no item (its Sync Log Failed;
// on Online the relay writes no Failed on the deal itself), an open deal never sent.
async function show(deal: unknown, invoices: unknown, logs: unknown): Promise<HTMLElement> {
  const element = createElement('c-opportunity-quick-books', { is: OpportunityQuickBooks });
  Object.assign(element, { recordId: (deal as { id: string }).id });
  document.body.appendChild(element);
  await flush(); // the related lists are told apart by their config, which arrives after connecting
  recordAdapter.emit(deal);
  relatedAdapter.emit(invoices, (c) => c.relatedListId === 'QuickBooks_Invoices__r');
  relatedAdapter.emit(logs, (c) => c.relatedListId === 'QuickBooks_Sync_Logs__r');
  await flush();
  return element;
}

/** The deal with these fields changed (a state the Online day does not produce). */
const variant = (changes: Record<string, string | null>, edition?: string) => {
  const fields: Record<string, unknown> = { ...SYNCED.fields };
  for (const [name, value] of Object.entries(changes)) fields[name] = { value, displayValue: value };
  if (edition) {
    const account = SYNCED.fields.Account.value;
    const connection = account.fields.QuickBooks_Connection__r.value;
    fields.Account = {
      ...SYNCED.fields.Account,
      value: {
        ...account,
        fields: {
          QuickBooks_Connection__r: {
            ...account.fields.QuickBooks_Connection__r,
            value: { ...connection, fields: { Edition__c: { value: edition, displayValue: edition } } },
          },
        },
      },
    };
  }
  return { ...SYNCED, fields };
};

describe('c-opportunity-quick-books', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('asks LDS for the deal, its invoice mirror and its sync logs, newest first', async () => {
    const element = createElement('c-opportunity-quick-books', { is: OpportunityQuickBooks });
    Object.assign(element, { recordId: SYNCED.id });
    document.body.appendChild(element);
    await flush();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    expect(recordAdapter.getLastConfig()).toMatchObject({ recordId: SYNCED.id });
    expect(recordAdapter.getLastConfig().optionalFields).toEqual([
      expect.objectContaining({ fieldApiName: 'Account.QuickBooks_Connection__r.Edition__c' }),
    ]);
    const config = relatedAdapter.getLastConfig();
    expect(config).toMatchObject({
      parentRecordId: SYNCED.id,
      relatedListId: 'QuickBooks_Sync_Logs__r',
      sortBy: ['-QuickBooks_Sync_Log__c.Name'],
    });
    await expect(element).toBeAccessible();
  });

  it('shows the invoice the deal became: number linked, status, total, balance, due date', async () => {
    const element = await show(SYNCED, INVOICES, LOGS_EMPTY);
    expect(text($(element, '[data-id="sync-status"]'))).toBe('Synced');
    const link = $(element, '[data-id="invoice-link"]');
    expect(text(link)).toBe('1001');
    expect(link?.getAttribute('href')).toBe(`/lightning/r/QuickBooks_Invoice__c/${INVOICES.records[0]!.id}/view`);
    expect(link?.getAttribute('aria-label')).toBe('Open QuickBooks invoice 1001');
    expect(text($(element, '[data-id="invoice-status"]'))).toBe('Open');
    expect(text($(element, '[data-id="total"]'))).toBe('$2,501.00');
    expect(text($(element, '[data-id="balance"]'))).toBe('$2,501.00');
    expect(text($(element, '[data-id="due-date"]'))).toBe('Apr 14, 2026');
    await expect(element).toBeAccessible();
  });

  it('keeps the cents of a partly paid balance', async () => {
    const [invoice] = INVOICES.records;
    const paid = { ...invoice!, fields: { ...invoice!.fields, Balance__c: { value: 1250.45, displayValue: null } } };
    const element = await show(SYNCED, { ...INVOICES, records: [paid] }, LOGS_EMPTY);
    expect(text($(element, '[data-id="balance"]'))).toBe('$1,250.45');
  });

  it('says why a won deal is not in QuickBooks, from its open sync log, linked', async () => {
    const element = await show(FAILED, INVOICES_EMPTY, LOGS);
    const failed = $(element, '[data-id="failed"]');
    expect(text(failed?.querySelector('h2'))).toBe('Not in QuickBooks: the relay could not send this deal.');
    expect(text($(element, '[data-id="reason"]'))).toContain('a line names a product with no QuickBooks Online item');
    const link = $(element, '[data-id="log-link"]');
    expect(text(link)).toBe('LOG-0000003');
    expect(link?.getAttribute('href')).toBe(`/lightning/r/QuickBooks_Sync_Log__c/${LOGS.records[0]!.id}/view`);
    expect(link?.getAttribute('aria-label')).toBe('Open sync log LOG-0000003');
    expect($(element, '[data-id="invoice"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows Failed and Needs Review written on the deal (Desktop), with or without a log', async () => {
    const failed = variant({ QuickBooks_Sync_Status__c: 'Failed', QuickBooks_Invoice_Id__c: null }, 'Desktop');
    const element = await show(failed, INVOICES_EMPTY, LOGS_EMPTY);
    expect($(element, '[data-id="sync-status"] span')?.className).toBe('slds-badge slds-theme_error');
    expect(text($(element, '[data-id="reason"]'))).toBe(
      'The relay gave no reason; open the Sync Failure Log for details.',
    );
    expect($(element, '[data-id="log-link"]')).toBeNull();
    recordAdapter.emit(variant({ QuickBooks_Sync_Status__c: 'Needs Review', QuickBooks_Invoice_Id__c: null }));
    await flush();
    expect(text($(element, '[data-id="failed"] h2'))).toBe(
      'Needs review: a change made on both sides waits for a person to settle it.',
    );
    await expect(element).toBeAccessible();
  });

  it('says a queued deal waits for the Web Connector on Desktop, and moments on Online', async () => {
    const queued = { QuickBooks_Sync_Status__c: 'Queued', QuickBooks_Invoice_Id__c: null };
    const element = await show(variant(queued, 'Desktop'), INVOICES_EMPTY, LOGS_EMPTY);
    expect(text($(element, '[data-id="queued"]'))).toBe(
      'Queued: it goes to QuickBooks Desktop at the next Web Connector run.',
    );
    expect($(element, '[data-id="sync-status"] span')?.className).toBe('slds-badge slds-theme_warning');
    await expect(element).toBeAccessible();
    // Online takes a deal at once: the relay writes no Queued, the won deal is simply on its way.
    recordAdapter.emit(variant({ QuickBooks_Sync_Status__c: 'Not Synced', QuickBooks_Invoice_Id__c: null }, 'Online'));
    await flush();
    expect(text($(element, '[data-id="queued"]'))).toBe('Queued: it reaches QuickBooks Online within moments.');
  });

  it('says a deal that is not won is not sent', async () => {
    const element = await show(NOT_SENT, INVOICES_EMPTY, LOGS_EMPTY);
    expect(text($(element, '[data-id="not-sent"]'))).toBe(
      'Not sent to QuickBooks: the deal is at Prospecting. Won deals (Closed Won) become QuickBooks invoices.',
    );
    expect(text($(element, '[data-id="sync-status"]'))).toBe('Not Synced');
    await expect(element).toBeAccessible();
  });

  it('names the sales order QuickBooks holds instead of an invoice', async () => {
    const ordered = variant({ QuickBooks_Invoice_Id__c: null, QuickBooks_Sales_Order_Id__c: 'acme-desktop:1F-1771' });
    const element = await show(ordered, INVOICES_EMPTY, LOGS_EMPTY);
    expect(text($(element, '[data-id="sales-order"]'))).toContain('QuickBooks holds this deal as sales order 1F-1771.');
    await expect(element).toBeAccessible();
  });

  it('says the invoice is made while its mirror is still on its way', async () => {
    const element = await show(SYNCED, INVOICES_EMPTY, LOGS_EMPTY);
    expect(text($(element, '[data-id="not-mirrored"]'))).toContain('QuickBooks has made the invoice');
  });

  it('shows the load error in words', async () => {
    const element = createElement('c-opportunity-quick-books', { is: OpportunityQuickBooks });
    Object.assign(element, { recordId: SYNCED.id });
    document.body.appendChild(element);
    recordAdapter.emit(SYNCED);
    relatedAdapter.error({ message: "You don't have access to QuickBooks Sync Logs." }, 403, 'Forbidden');
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('The QuickBooks status of this deal could not be loaded.');
    expect(text(alert)).toContain("You don't have access to QuickBooks Sync Logs.");
    await expect(element).toBeAccessible();
  });
});
