import { createElement } from 'lwc';
import ConnectOnline from 'c/connectOnline';
import { createRecord, getRecord } from 'lightning/uiRecordApi';

// What the relay writes (npm run fixtures:lwc): the request as the org saved it, and the relay's
// answers, with an Intuit app (the one-time link; its random token fixed) and without one.
import CREATED from './data/createRecord.json';
import COMPLETED from './data/connectCompleted.json';
import FAILED from './data/connectFailed.json';

type Emitter = { emit(value: unknown): void };
const recordAdapter = getRecord as unknown as Emitter;
const createMock = createRecord as unknown as jest.Mock;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;

async function mount(props: Record<string, unknown> = {}): Promise<HTMLElement> {
  const element = createElement('c-connect-online', { is: ConnectOnline });
  Object.assign(element, { label: 'Connect QuickBooks Online', ...props });
  document.body.appendChild(element);
  await flush();
  return element;
}

async function press(element: HTMLElement): Promise<void> {
  ($(element, 'button[data-id="connect"]') as HTMLButtonElement).click();
  await flush();
}

describe('c-connect-online', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('asks the relay for a connect link and offers it once the relay answers', async () => {
    const element = await mount();
    createMock.mockResolvedValueOnce(CREATED);
    await press(element);
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Scope__c: 'Connect QuickBooks Online', Status__c: 'Requested' },
    });
    expect($(element, 'c-sync-request-status')).not.toBeNull();
    expect($(element, '[data-id="consent"]')).toBeNull();

    recordAdapter.emit(COMPLETED);
    await flush();
    const link = $(element, 'a[data-id="consent-link"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(COMPLETED.fields.Result__c.value);
    expect(link.getAttribute('href')).toMatch(/^https:\/\/relay\.acme\.example\/qbo\/connect\?token=/);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(text(link)).toBe('Continue to Intuit (opens a new window)');
    expect(text($(element, '[data-id="consent"]'))).toContain('This link works once, within 15 minutes.');
    await expect(element).toBeAccessible();
  });

  it('reconnects a connection: the request names it, the button says what it reconnects', async () => {
    const element = await mount({
      connectionId: 'a018d0000000002AAA',
      label: 'Reconnect',
      accessibleName: 'Reconnect for Acme Online',
      brand: true,
    });
    const button = $(element, 'button[data-id="connect"]') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Reconnect for Acme Online');
    expect(button.className).toContain('slds-button_brand');
    createMock.mockResolvedValueOnce(CREATED);
    await press(element);
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Scope__c: 'Connect QuickBooks Online', Status__c: 'Requested', Connection__c: 'a018d0000000002AAA' },
    });
    await expect(element).toBeAccessible();
  });

  it('offers no link when the relay cannot connect, and shows why in its words', async () => {
    const element = await mount();
    createMock.mockResolvedValueOnce(CREATED);
    await press(element);
    recordAdapter.emit(FAILED);
    await flush();
    expect($(element, '[data-id="consent"]')).toBeNull();
    const status = $(element, 'c-sync-request-status') as HTMLElement;
    expect(text(status.shadowRoot?.querySelector('[data-id="result"]'))).toContain(
      'QuickBooks Online is not set up on this relay: set QBO_CLIENT_ID, QBO_CLIENT_SECRET and QBO_WEBHOOK_VERIFIER_TOKEN',
    );
    await expect(element).toBeAccessible();
  });

  it('never links to a result that is not a connect link into the relay', async () => {
    const element = await mount();
    createMock.mockResolvedValueOnce(CREATED);
    await press(element);
    const forged = {
      ...COMPLETED,
      fields: { ...COMPLETED.fields, Result__c: { value: ['javascript', 'alert(1)'].join(':'), displayValue: null } },
    };
    recordAdapter.emit(forged);
    await flush();
    expect($(element, '[data-id="consent"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says why when the request cannot be created, and a second press asks again', async () => {
    const element = await mount();
    createMock.mockRejectedValueOnce({ body: { message: 'You do not have access to the Sync Request object.' } });
    await press(element);
    const alert = $(element, '[data-id="connect-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert?.querySelector('p'))).toBe('The connect request could not be created:');
    expect(text(alert)).toContain('You do not have access to the Sync Request object.');
    createMock.mockResolvedValueOnce(CREATED);
    await press(element);
    expect($(element, '[data-id="connect-error"]')).toBeNull();
    expect($(element, 'c-sync-request-status')).not.toBeNull();
    await expect(element).toBeAccessible();
  });
});
