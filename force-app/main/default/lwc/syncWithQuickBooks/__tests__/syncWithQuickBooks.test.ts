import { createElement } from 'lwc';
import SyncWithQuickBooks from 'c/syncWithQuickBooks';
import { createRecord, getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';

import ACCOUNT from './data/getAccount.json';
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
const createMock = createRecord as unknown as jest.Mock;
const notifyMock = notifyRecordUpdateAvailable as unknown as jest.Mock;
// The fixtures are what the relay writes (npm run fixtures:lwc): Acme Hardware's Account and its
// "Sync with QuickBooks" request at each state; the Failed one is the request made on an Account
// QuickBooks does not know.
const ACCOUNT_ID = ACCOUNT.id;
const forAccount = (config: Config) => config.recordId === ACCOUNT_ID;
const forRequest = (config: Config) => config.recordId !== ACCOUNT_ID;
/** What `createRecord` answers for a request, as the org saved it. */
const createdAs = (request: typeof FAILED) => ({ ...CREATED, id: request.id, fields: { Name: request.fields.Name } });

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-sync-with-quick-books', { is: SyncWithQuickBooks });
  Object.assign(element, { recordId: ACCOUNT_ID });
  document.body.appendChild(element);
  await flush(); // wires receive their config after connect
  return element;
}
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const status = (el: HTMLElement) => $(el, 'c-sync-request-status') as HTMLElement;
const inStatus = (el: HTMLElement, selector: string) =>
  status(el).shadowRoot?.querySelector(selector) as HTMLElement | null;

async function requestSync(element: HTMLElement, created: typeof CREATED = CREATED): Promise<void> {
  createMock.mockResolvedValueOnce(created);
  ($(element, 'lightning-button[data-id="request"]') as HTMLElement).click();
  await flush();
  recordAdapter.emit(REQUESTED, forRequest);
  await flush();
}

describe('c-sync-with-quick-books', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2026-03-15T18:00:00Z'),
      doNotFake: ['setTimeout', 'nextTick', 'queueMicrotask'],
    });
  });
  afterEach(() => {
    document.body.replaceChildren();
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  it('offers to request a sync for the account by name', async () => {
    const element = await mount();
    recordAdapter.emit(ACCOUNT, forAccount);
    await flush();
    expect(text($(element, 'h1'))).toBe('Sync with QuickBooks');
    expect(text($(element, '[data-id="intro"]'))).toBe(
      'Ask the relay to bring Acme Hardware up to date with QuickBooks now: the customer, its invoices and payments.',
    );
    const button = $(element, 'lightning-button[data-id="request"]') as HTMLElement & { label: string };
    expect(button.label).toBe('Request sync');
    await expect(element).toBeAccessible();
  });

  it('creates a sync request for this account and its connection', async () => {
    const element = await mount();
    recordAdapter.emit(ACCOUNT, forAccount);
    await flush();
    await requestSync(element);
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: {
        Account__c: ACCOUNT_ID,
        Scope__c: 'Account',
        Status__c: 'Requested',
        Connection__c: ACCOUNT.fields.QuickBooks_Connection__c.value,
      },
    });
    expect(text($(element, '[data-id="created"]'))).toBe('Sync request REQ-0000001 created.');
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: Requested');
    expect(inStatus(element, '[aria-current="step"]')?.textContent).toContain('Requested');
    await expect(element).toBeAccessible();
  });

  it('follows the request through In Progress to Completed, polling LDS until it ends', async () => {
    const element = await mount();
    recordAdapter.emit(ACCOUNT, forAccount);
    await flush();
    await requestSync(element);

    jest.advanceTimersByTime(5_000);
    expect(notifyMock).toHaveBeenLastCalledWith([{ recordId: CREATED.id }]);
    recordAdapter.emit(IN_PROGRESS, forRequest);
    await flush();
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: In Progress');
    expect(text(inStatus(element, '[aria-current="step"]'))).toContain('In Progress');
    expect(inStatus(element, '[data-id="notice"]')).toBeNull();

    recordAdapter.emit(COMPLETED, forRequest);
    await flush();
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: Completed');
    expect(text(inStatus(element, '[data-id="result"]'))).toContain(
      'Up to date with QuickBooks: 0 created, 0 updated, 11 unchanged.',
    );
    const calls = notifyMock.mock.calls.length;
    jest.advanceTimersByTime(30_000);
    expect(notifyMock.mock.calls.length).toBe(calls);
    await expect(element).toBeAccessible();
  });

  it('explains the Web Connector when a Desktop request is not picked up within a minute', async () => {
    const element = await mount();
    recordAdapter.emit(ACCOUNT, forAccount);
    await flush();
    await requestSync(element);
    jest.advanceTimersByTime(55_000);
    await flush();
    expect(inStatus(element, '[data-id="notice"]')).toBeNull();
    jest.advanceTimersByTime(5_000);
    await flush();
    expect(text(inStatus(element, '[data-id="notice"]'))).toContain('the next Web Connector run fulfils it');
    await expect(element).toBeAccessible();
  });

  it('points to Setup and health when an Online request is not picked up', async () => {
    const element = await mount();
    const online = JSON.parse(JSON.stringify(ACCOUNT));
    online.fields.QuickBooks_Connection__r.value.fields.Edition__c.value = 'Online';
    recordAdapter.emit(online, forAccount);
    await flush();
    await requestSync(element);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(text(inStatus(element, '[data-id="notice"]'))).toContain('has not picked this request up within a minute');
  });

  it('shows a failed request with the relay result as an error', async () => {
    const element = await mount();
    recordAdapter.emit(ACCOUNT, forAccount);
    await flush();
    await requestSync(element, createdAs(FAILED));
    recordAdapter.emit(FAILED, forRequest);
    await flush();
    expect(text(inStatus(element, '[role="status"]'))).toContain('Status: Failed');
    const result = inStatus(element, '[data-id="result"] p') as HTMLElement;
    expect(text(result)).toContain('This Account is not linked to a QuickBooks customer yet');
    expect(result.className).toContain('slds-text-color_error');
    await expect(element).toBeAccessible();
  });

  it('says why when the request cannot be created, and lets the user retry', async () => {
    const element = await mount();
    recordAdapter.emit(ACCOUNT, forAccount);
    await flush();
    createMock.mockRejectedValueOnce({
      body: { message: 'You do not have permission to create QuickBooks Sync Requests.' },
    });
    ($(element, 'lightning-button[data-id="request"]') as HTMLElement).click();
    await flush();
    const alert = $(element, '[data-id="create-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('You do not have permission to create QuickBooks Sync Requests.');
    expect($(element, 'c-sync-request-status')).toBeNull();
    await expect(element).toBeAccessible();
    // Trying again (permission granted meanwhile) creates the request and clears the error.
    await requestSync(element);
    expect(createMock).toHaveBeenCalledTimes(2);
    expect($(element, '[data-id="create-error"]')).toBeNull();
    expect(status(element)).not.toBeNull();
  });

  it('shows an account read error', async () => {
    const element = await mount();
    recordAdapter.emitError({ body: { message: 'Record not found' }, status: 404 }, forAccount);
    await flush();
    expect(text($(element, '[data-id="account-error"]'))).toContain('Record not found');
  });

  it('closes the action screen', async () => {
    const element = await mount();
    const closed = jest.fn();
    element.addEventListener('close', closed);
    ($(element, 'lightning-button[data-id="close"]') as HTMLElement).click();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
