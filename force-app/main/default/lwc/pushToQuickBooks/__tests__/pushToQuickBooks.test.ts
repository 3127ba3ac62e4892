import { createElement } from 'lwc';
import PushToQuickBooks from 'c/pushToQuickBooks';
import { createRecord, getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

import DEAL from './data/getDeal.json';
import INVOICED from './data/getDealInvoiced.json';
import NOT_WON from './data/getDealNotWon.json';
import INVOICES from './data/getInvoices.json';
import CREATED from './data/createRecord.json';
import REQUESTED from './data/requestRequested.json';
import IN_PROGRESS from './data/requestInProgress.json';
import COMPLETED from './data/requestCompleted.json';
import FAILED from './data/requestFailed.json';

type Config = Record<string, unknown>;
type Emitter = {
  emit(value: unknown, filter?: (config: Config) => boolean): void;
  emitError(error: { body?: unknown; status?: number }, filter?: (config: Config) => boolean): void;
};
const recordAdapter = getRecord as unknown as Emitter;
const relatedAdapter = getRelatedListRecords as unknown as Emitter;
const createMock = createRecord as unknown as jest.Mock;
const notifyMock = notifyRecordUpdateAvailable as unknown as jest.Mock;
// The fixtures are what the relay writes on the Online day (npm run fixtures:lwc): a deal just won
// (Northwind training) pushed, its request at each state; the invoiced deal; the open deal, whose
// push the relay refused.
type Deal = typeof DEAL;
const isRequest = (config: Config) => String(config.recordId).startsWith('a07');
const forDeal = (config: Config) => !isRequest(config);

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount(
  deal: { id: string },
  invoices: unknown = { ...INVOICES, count: 0, records: [] },
): Promise<HTMLElement> {
  const element = createElement('c-push-to-quick-books', { is: PushToQuickBooks });
  Object.assign(element, { recordId: deal.id });
  document.body.appendChild(element);
  await flush(); // wires receive their config after connect
  recordAdapter.emit(deal, forDeal);
  relatedAdapter.emit(invoices);
  await flush();
  return element;
}
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const status = (el: HTMLElement) => $(el, 'c-sync-request-status') as HTMLElement;
const inStatus = (el: HTMLElement, selector: string) =>
  status(el).shadowRoot?.querySelector(selector) as HTMLElement | null;
const button = (el: HTMLElement) =>
  $(el, 'lightning-button[data-id="request"]') as HTMLElement & {
    label: string;
    disabled: boolean;
  };

async function push(element: HTMLElement, created: typeof CREATED = CREATED): Promise<void> {
  createMock.mockResolvedValueOnce(created);
  button(element).click();
  await flush();
  recordAdapter.emit(REQUESTED, isRequest);
  await flush();
}

describe('c-push-to-quick-books', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2026-03-15T17:00:00Z'),
      doNotFake: ['setTimeout', 'nextTick', 'queueMicrotask'],
    });
  });
  afterEach(() => {
    document.body.replaceChildren();
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  it('offers to push a won deal and says when it lands', async () => {
    const element = await mount(DEAL);
    expect(text($(element, 'h1'))).toBe('Push to QuickBooks');
    expect(text($(element, '[data-id="intro"]'))).toBe(
      'Send Northwind training to QuickBooks now: the customer of its Account and an invoice of its products.',
    );
    expect(text($(element, '[data-id="when"]'))).toBe('It reaches QuickBooks Online within moments.');
    expect(button(element).label).toBe('Push to QuickBooks');
    expect(button(element).disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('says the next Web Connector run for a Desktop company', async () => {
    const desktop = JSON.parse(JSON.stringify(DEAL)) as Deal;
    desktop.fields.Account.value.fields.QuickBooks_Connection__r.value.fields.Edition__c.value = 'Desktop';
    const element = await mount(desktop);
    expect(text($(element, '[data-id="when"]'))).toBe('It reaches QuickBooks Desktop at the next Web Connector run.');
    await expect(element).toBeAccessible();
  });

  it('shows nothing to press while the deal loads', async () => {
    const element = createElement('c-push-to-quick-books', { is: PushToQuickBooks });
    Object.assign(element, { recordId: DEAL.id });
    document.body.appendChild(element);
    await flush();
    expect($(element, '[data-id="loading"]')).not.toBeNull();
    expect(button(element)).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('refuses a deal that is not won, in words, with nothing to press', async () => {
    const element = await mount(NOT_WON);
    const refused = $(element, '[data-id="refused"]');
    expect(refused?.getAttribute('role')).toBe('status');
    expect(text(refused)).toContain('This deal cannot be pushed');
    expect(text($(element, '[data-id="reason"]'))).toBe(
      'Northwind renewal is at Prospecting: only won deals (Closed Won) go to QuickBooks. Mark it Closed Won, then push it.',
    );
    expect(button(element)).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('refuses a deal QuickBooks already holds, with its invoice number', async () => {
    const element = await mount(INVOICED, INVOICES);
    expect(text($(element, '[data-id="reason"]'))).toBe(
      'Northwind onboarding is already in QuickBooks as invoice 1001: nothing is sent twice.',
    );
    expect(button(element)).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('names the sales order QuickBooks holds for a deal made into one', async () => {
    const salesOrder = JSON.parse(JSON.stringify(INVOICED)) as typeof INVOICED;
    (salesOrder.fields.QuickBooks_Invoice_Id__c as { value: string | null }).value = null;
    (salesOrder.fields.QuickBooks_Sales_Order_Id__c as { value: string | null }).value = 'acme-desktop:7A1-1741';
    const element = await mount(salesOrder);
    expect(text($(element, '[data-id="reason"]'))).toBe(
      'Northwind onboarding is already in QuickBooks as sales order 7A1-1741: nothing is sent twice.',
    );
  });

  it('creates a push request for this deal and follows it to Completed, polling LDS until it ends', async () => {
    const element = await mount(DEAL);
    await push(element);
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Opportunity__c: DEAL.id, Scope__c: 'Opportunity', Status__c: 'Requested' },
    });
    expect(text($(element, '[data-id="created"]'))).toBe('Push request REQ-0000001 created.');
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: Requested');
    await expect(element).toBeAccessible();

    jest.advanceTimersByTime(5_000);
    expect(notifyMock).toHaveBeenLastCalledWith([{ recordId: CREATED.id }]);
    recordAdapter.emit(IN_PROGRESS, isRequest);
    await flush();
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: In Progress');
    expect(text(inStatus(element, '[data-id="result"]'))).toContain(
      'Sending “Northwind training” to QuickBooks now: it is there within moments.',
    );

    recordAdapter.emit(COMPLETED, isRequest);
    await flush();
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: Completed');
    expect(text(inStatus(element, '[data-id="result"]'))).toContain('In QuickBooks: the deal was written there');
    const calls = notifyMock.mock.calls.length;
    jest.advanceTimersByTime(30_000);
    expect(notifyMock.mock.calls.length).toBe(calls);
    await expect(element).toBeAccessible();
  });

  it('shows the relay refusing a push as a failure in words', async () => {
    const element = await mount(DEAL);
    await push(element, { ...CREATED, id: FAILED.id, fields: { Name: FAILED.fields.Name } });
    recordAdapter.emit(FAILED, isRequest);
    await flush();
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: Failed');
    const result = inStatus(element, '[data-id="result"] p') as HTMLElement;
    expect(text(result)).toContain('only won deals (Closed Won) go to QuickBooks');
    expect(result.className).toContain('slds-text-color_error');
    await expect(element).toBeAccessible();
  });

  it('says why when the request cannot be created, and lets the rep retry', async () => {
    const element = await mount(DEAL);
    createMock.mockRejectedValueOnce({
      body: { message: 'You do not have permission to create QuickBooks Sync Requests.' },
    });
    button(element).click();
    await flush();
    const alert = $(element, '[data-id="create-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('You do not have permission to create QuickBooks Sync Requests.');
    expect($(element, 'c-sync-request-status')).toBeNull();
    await expect(element).toBeAccessible();
    await push(element);
    expect(createMock).toHaveBeenCalledTimes(2);
    expect($(element, '[data-id="create-error"]')).toBeNull();
    expect(status(element)).not.toBeNull();
  });

  it('shows a deal read error', async () => {
    const element = createElement('c-push-to-quick-books', { is: PushToQuickBooks });
    Object.assign(element, { recordId: DEAL.id });
    document.body.appendChild(element);
    await flush();
    recordAdapter.emitError({ body: { message: 'Record not found' }, status: 404 }, forDeal);
    await flush();
    expect(text($(element, '[data-id="deal-error"]'))).toContain('Record not found');
    await expect(element).toBeAccessible();
  });

  it('closes the action screen', async () => {
    const element = await mount(DEAL);
    const closed = jest.fn();
    element.addEventListener('close', closed);
    ($(element, 'lightning-button[data-id="close"]') as HTMLElement).click();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
