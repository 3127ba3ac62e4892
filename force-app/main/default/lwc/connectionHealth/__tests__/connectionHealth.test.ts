import { createElement } from 'lwc';
import ConnectionHealth from 'c/connectionHealth';
import { getListRecordsByName } from 'lightning/uiListsApi';
import { createRecord, getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';

import CONNECTIONS from './data/getListRecordsByName.json';
import ONLINE_BOTH_WAYS from './data/getListRecordsByNameOnline.json';
import EMPTY from './data/getListRecordsByNameEmpty.json';
import CREATED from './data/createHealthCheck.json';
import CHECKED from './data/healthCheckCompleted.json';
// The relay's answer to a connect request (connectOnline's fixture): the one-time link.
import CONNECT_COMPLETED from '../../connectOnline/__tests__/data/connectCompleted.json';

type Emitter = {
  emit(value: unknown): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Record<string, unknown>;
};
const listAdapter = getListRecordsByName as unknown as Emitter;
const recordAdapter = getRecord as unknown as Emitter;
const createMock = createRecord as unknown as jest.Mock;
const notifyMock = notifyRecordUpdateAvailable as unknown as jest.Mock;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-connection-health', { is: ConnectionHealth });
  document.body.appendChild(element);
  await flush();
  return element;
}
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
// CONNECTIONS is what the relay writes (npm run fixtures:lwc): its one Desktop connection after a
// Web Connector session at 17:55 UTC, one invoice refused. The relay writes no QuickBooks Online
// connection (Online is not built yet) and no record for a connection the Web Connector never
// reached, so those two are variants of it, with the fields that differ spelled out here.
const ACME = CONNECTIONS.records[0]!;
const DISPLAYED = new Set(['Status__c', 'Edition__c']);
const variant = (id: string, changes: Record<string, string | number | null>) => ({
  ...ACME,
  id,
  fields: {
    ...ACME.fields,
    ...Object.fromEntries(
      Object.entries(changes).map(([field, value]) => [
        field,
        { value, displayValue: DISPLAYED.has(field) ? value : null },
      ]),
    ),
  },
});
const ONLINE = variant('a018d0000000002AAA', {
  Name: 'Acme Online',
  Edition__c: 'Online',
  Status__c: 'Needs Reauthorization',
  Connection_Key__c: 'acme-online',
  Last_Success_At__c: '2026-03-14T18:00:00.000Z',
  Failed_Count__c: 3,
  Last_Error__c: 'Intuit refused the refresh token (invalid_grant): reauthorize the connection.',
});
const NEVER = variant('a018d0000000003AAA', {
  Name: 'Warehouse Desktop',
  Status__c: 'Offline',
  Connection_Key__c: 'warehouse-desktop',
  Last_Contact_At__c: null,
  Last_Success_At__c: null,
  Relay_URL__c: null,
  Last_Reconciled_At__c: null,
  Reconciliation_Result__c: null,
  Reconciliation_Differences__c: null,
});
const ALL = { ...CONNECTIONS, count: 3, records: [ACME, ONLINE, NEVER] };

const card = (el: HTMLElement, name: string) => $(el, `li[data-connection="${name}"]`) as HTMLElement;
const field = (li: HTMLElement, id: string) => text(li.querySelector(`[data-id="${id}"]`));

describe('c-connection-health', () => {
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

  it('reads the All list view of connections with the health fields', async () => {
    const element = await mount();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    const config = listAdapter.getLastConfig();
    expect(config.listViewApiName).toBe('All');
    expect(config.objectApiName).toEqual({ objectApiName: 'QuickBooks_Connection__c' });
    expect(config.fields).toEqual(expect.arrayContaining(['QuickBooks_Connection__c.Last_Error__c']));
    await expect(element).toBeAccessible();
  });

  it('shows the connection the relay wrote with status, company, contact times, counts and last error', async () => {
    const element = await mount();
    listAdapter.emit(CONNECTIONS);
    await flush();
    const desktop = card(element, 'Acme Hardware Ltd');
    expect(field(desktop, 'status')).toBe('Degraded');
    expect(desktop.querySelector('[data-id="status"]')?.className).toBe('slds-badge slds-theme_warning');
    expect(field(desktop, 'company')).toBe('Acme Hardware Ltd');
    expect(field(desktop, 'last-contact')).toBe('5 minutes ago');
    expect(field(desktop, 'last-success')).toBe('5 minutes ago');
    expect(field(desktop, 'pending')).toBe('0');
    expect(field(desktop, 'failed')).toBe('1');
    expect(field(desktop, 'last-error')).toContain('Invoice INV-1007 is under audit and cannot be changed.');
    await expect(element).toBeAccessible();
  });

  it('shows each connection’s directions: one way, or both with what waits and failed on the way to QuickBooks and how Salesforce’s changes arrive', async () => {
    const element = await mount();
    // The Online day numbers its records on its own: another id beside the Desktop day's.
    const online2 = { ...ONLINE_BOTH_WAYS.records[0]!, id: 'a018d0000000005AAA' };
    listAdapter.emit({ ...CONNECTIONS, count: 2, records: [ACME, online2] });
    await flush();
    const desktop = card(element, 'Acme Hardware Ltd');
    expect(field(desktop, 'directions')).toBe('Directions: QuickBooks to Salesforce.');
    expect(desktop.querySelector('[data-id="changes"]')).toBeNull();
    const online = card(element, 'Sandbox Company_US_1');
    expect(field(online, 'directions')).toBe(
      'Directions: QuickBooks to Salesforce, and Salesforce to QuickBooks: 0 waiting, 3 failed.',
    );
    expect((online.querySelector('[data-id="to-books"]') as HTMLElement).className).toBe('slds-text-color_error');
    expect(field(online, 'changes')).toBe(
      'Salesforce changes arrive: By polling every minute: Change Data Capture is off (SF_PUBSUB=off).',
    );
    await expect(element).toBeAccessible();
  });

  it('shows the last reconciliation the relay wrote, a difference in the error colour, and none yet in words', async () => {
    const element = await mount();
    listAdapter.emit(ALL);
    await flush();
    const desktop = card(element, 'Acme Hardware Ltd');
    expect(field(desktop, 'reconciliation')).toBe(
      'Last reconciliation: 1 difference(s) as of 2026-03-15 17:55 UTC: 1 failed to write (see the Sync Logs).',
    );
    const result = desktop.querySelector('[data-id="reconciliation"] span[title]') as HTMLElement;
    expect(result.className).toBe('slds-text-color_error');
    expect(result.title).not.toBe('');
    const never = card(element, 'Warehouse Desktop');
    expect(field(never, 'reconciliation')).toMatch(/^Last reconciliation: Not reconciled yet\./);
    await expect(element).toBeAccessible();
  });

  it('shows an Online connection and one never contacted beside it', async () => {
    const element = await mount();
    listAdapter.emit(ALL);
    await flush();

    const online = card(element, 'Acme Online');
    expect(field(online, 'status')).toBe('Needs Reauthorization');
    expect(field(online, 'last-success')).toBe('yesterday');
    expect(field(online, 'failed')).toBe('3');
    expect(field(online, 'last-error')).toContain('Intuit refused the refresh token');
    expect(field(card(element, 'Acme Hardware Ltd'), 'status')).toBe('Degraded');

    const never = card(element, 'Warehouse Desktop');
    expect(field(never, 'last-contact')).toBe('Never');
    await expect(element).toBeAccessible();
  });

  it('offers the Web Connector steps and .qwc download for Desktop, open when never contacted', async () => {
    const element = await mount();
    listAdapter.emit(ALL);
    await flush();
    const desktop = card(element, 'Acme Hardware Ltd');
    const setup = desktop.querySelector('[data-id="desktop-setup"]') as HTMLDetailsElement;
    expect(setup.open).toBe(false);
    expect(setup.querySelectorAll('li')).toHaveLength(5);
    const qwc = desktop.querySelector('a[data-id="qwc"]') as HTMLAnchorElement;
    expect(qwc.getAttribute('href')).toBe('https://relay.acme.example/qbwc/qwc?connection=acme-desktop');
    expect(qwc.getAttribute('aria-label')).toBe('Download the .qwc file for Acme Hardware Ltd');
    expect(desktop.querySelector('[data-id="online-auth"]')).toBeNull();

    const never = card(element, 'Warehouse Desktop');
    expect((never.querySelector('[data-id="desktop-setup"]') as HTMLDetailsElement).open).toBe(true);
    expect(field(never, 'no-relay')).toContain('no usable relay address');
    await expect(element).toBeAccessible();
  });

  it('reconnects an Online connection that needs it through a connect request naming it, and opens the link', async () => {
    const element = await mount();
    listAdapter.emit(ALL);
    await flush();
    const online = card(element, 'Acme Online');
    expect(field(online, 'online-auth')).toContain('QuickBooks Online no longer accepts this connection');
    const connect = online.querySelector('c-connect-online') as HTMLElement;
    const button = connect.shadowRoot?.querySelector('button[data-id="connect"]') as HTMLButtonElement;
    expect(text(button)).toBe('Reconnect');
    expect(button.getAttribute('aria-label')).toBe('Reconnect for Acme Online');
    expect(button.className).toContain('slds-button_brand');
    createMock.mockResolvedValueOnce(CREATED);
    button.click();
    await flush();
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Scope__c: 'Connect QuickBooks Online', Status__c: 'Requested', Connection__c: ONLINE.id },
    });
    recordAdapter.emit(CONNECT_COMPLETED);
    await flush();
    const link = connect.shadowRoot?.querySelector('a[data-id="consent-link"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(CONNECT_COMPLETED.fields.Result__c.value);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(online.querySelector('[data-id="desktop-setup"]')).toBeNull();
    expect(online.querySelector('[data-id="desktop-fix"]')).toBeNull();
    expect(card(element, 'Acme Hardware Ltd').querySelector('c-connect-online')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says in words how a Desktop company file that stopped syncing is connected again', async () => {
    const conductor = variant('a018d0000000004AAA', {
      Name: 'Conductor Desktop',
      Status__c: 'Needs Reauthorization',
      Connection_Key__c: 'conductor-desktop',
      Last_Error__c: 'Conductor refused the key: connect it again with `ledgerbridge connect conductor`.',
    });
    const offline = variant('a018d0000000005AAA', { Name: 'Branch Desktop', Status__c: 'Offline' });
    const element = await mount();
    listAdapter.emit({ ...CONNECTIONS, count: 4, records: [ACME, conductor, offline, NEVER] });
    await flush();
    for (const name of ['Conductor Desktop', 'Branch Desktop']) {
      const fix = field(card(element, name), 'desktop-fix');
      expect(fix).toContain('This company file is not syncing.');
      expect(fix).toContain('add the .qwc file again');
      expect(fix).toContain('enter the Web Connector password again');
      expect(fix).toContain('ledgerbridge connect conductor --end-user');
      expect(card(element, name).querySelector('c-connect-online')).toBeNull();
    }
    expect(card(element, 'Acme Hardware Ltd').querySelector('[data-id="desktop-fix"]')).toBeNull();
    expect(card(element, 'Warehouse Desktop').querySelector('[data-id="desktop-fix"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('connects a new QuickBooks Online company from the header, even with no connections yet', async () => {
    const element = await mount();
    listAdapter.emit(EMPTY);
    await flush();
    const connect = $(element, '[data-id="connect-new"] c-connect-online') as HTMLElement;
    const button = connect.shadowRoot?.querySelector('button[data-id="connect"]') as HTMLButtonElement;
    expect(text(button)).toBe('Connect QuickBooks Online');
    createMock.mockResolvedValueOnce(CREATED);
    button.click();
    await flush();
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Scope__c: 'Connect QuickBooks Online', Status__c: 'Requested' },
    });
    await expect(element).toBeAccessible();
  });

  it('requests a health check and follows it, then refreshes the connection', async () => {
    const element = await mount();
    listAdapter.emit(CONNECTIONS);
    await flush();
    createMock.mockResolvedValueOnce(CREATED);
    const button = card(element, 'Acme Hardware Ltd').querySelector('button[data-action="check"]') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Check connection Acme Hardware Ltd');
    button.click();
    await flush();
    expect(createMock).toHaveBeenCalledWith({
      apiName: 'QuickBooks_Sync_Request__c',
      fields: { Connection__c: ACME.id, Scope__c: 'Health Check', Status__c: 'Requested' },
    });
    const status = card(element, 'Acme Hardware Ltd').querySelector('c-sync-request-status') as HTMLElement;
    expect(status).not.toBeNull();
    recordAdapter.emit(CHECKED);
    await flush();
    expect(text(status.shadowRoot?.querySelector('[data-id="result"]'))).toContain(
      'Acme Hardware Ltd: Degraded. Last contact with QuickBooks Mar 15, 2026, 5:55 PM UTC.',
    );
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: ACME.id }]);
    await expect(element).toBeAccessible();
  });

  it('says why when the health check cannot be requested', async () => {
    const element = await mount();
    listAdapter.emit(ALL);
    await flush();
    createMock.mockRejectedValueOnce({ body: { message: 'Required fields are missing: [Connection]' } });
    (card(element, 'Acme Online').querySelector('button[data-action="check"]') as HTMLButtonElement).click();
    await flush();
    const alert = card(element, 'Acme Online').querySelector('[data-id="check-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('Required fields are missing: [Connection]');
    await expect(element).toBeAccessible();
  });

  it('explains what to do when there are no connections', async () => {
    const element = await mount();
    listAdapter.emit(EMPTY);
    await flush();
    expect(text($(element, '[data-id="empty"]'))).toContain('No QuickBooks connections yet.');
    await expect(element).toBeAccessible();
  });

  it('shows the load error in words', async () => {
    const element = await mount();
    listAdapter.error({ message: 'The list view All is not available.' }, 404, 'Not Found');
    await flush();
    expect(text($(element, '[data-id="error"]'))).toContain('The list view All is not available.');
    await expect(element).toBeAccessible();
  });
});
