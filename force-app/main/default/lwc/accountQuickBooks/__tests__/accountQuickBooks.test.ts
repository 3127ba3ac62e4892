import { createElement } from 'lwc';
import AccountQuickBooks from 'c/accountQuickBooks';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';

import SYNCED from './data/getRecord.json';
import MIRROR from './data/getRecordMirror.json';
import NOT_SYNCED from './data/getRecordNotSynced.json';

type Emitter = {
  emit(value: unknown): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Record<string, unknown>;
};
const recordAdapter = getRecord as unknown as Emitter;
const updateMock = updateRecord as unknown as jest.Mock;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
type Toggle = HTMLElement & { checked: boolean; disabled: boolean; label: string };
const toggle = (el: HTMLElement) => $(el, '[data-id="toggle"]') as Toggle;

// The fixtures are what the relay writes (npm run fixtures:lwc): Northwind Traders, sent from the org
// with Sync to QuickBooks on, now QuickBooks Online customer 1; Acme Hardware, mirrored from QuickBooks
// Desktop (customer C-1, sync off); Prospect Inc., which QuickBooks does not know.
async function show(account: unknown): Promise<HTMLElement> {
  const element = createElement('c-account-quick-books', { is: AccountQuickBooks });
  Object.assign(element, { recordId: (account as { id: string }).id });
  document.body.appendChild(element);
  recordAdapter.emit(account);
  await flush();
  return element;
}

/** Flips the toggle as a person does. */
async function flip(element: HTMLElement, checked: boolean): Promise<void> {
  const input = toggle(element);
  input.checked = checked;
  input.dispatchEvent(new CustomEvent('change'));
  await flush();
}

describe('c-account-quick-books', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('asks LDS for the Account’s QuickBooks fields', async () => {
    const element = createElement('c-account-quick-books', { is: AccountQuickBooks });
    Object.assign(element, { recordId: SYNCED.id });
    document.body.appendChild(element);
    await flush();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    expect(recordAdapter.getLastConfig().fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ fieldApiName: 'QuickBooks_Sync_Enabled__c' })]),
    );
    await expect(element).toBeAccessible();
  });

  it('shows the QuickBooks customer, its company, department and class, status and last sync', async () => {
    const element = await show(SYNCED);
    expect(toggle(element).checked).toBe(true);
    expect(toggle(element).label).toBe('Sync to QuickBooks');
    expect(text($(element, '[data-id="customer"]'))).toBe('Northwind Traders (1)');
    expect(text($(element, '[data-id="company"]'))).toBe('Sandbox Company_US_1');
    const link = $(element, '[data-id="company-link"]');
    expect(link?.getAttribute('href')).toBe('/lightning/r/QuickBooks_Connection__c/a018d0000000001AAA/view');
    expect(link?.getAttribute('aria-label')).toBe('Open QuickBooks company Sandbox Company_US_1');
    expect(text($(element, '[data-id="sync-status"]'))).toBe('Synced');
    expect($(element, '[data-id="sync-status"] span')?.className).toBe('slds-badge slds-theme_success');
    expect(text($(element, '[data-id="department"]'))).toBe('None');
    expect(text($(element, '[data-id="class"]'))).toBe('None');
    expect(text($(element, '[data-id="last-synced"]'))).toBe('Mar 15, 2026, 10:00 AM');
    await expect(element).toBeAccessible();
  });

  it('shows the department and class the relay rolls up from the customer’s invoices', async () => {
    const fields = {
      ...SYNCED.fields,
      QuickBooks_Department__c: { value: 'West', displayValue: null },
      QuickBooks_Class__c: { value: 'Consulting:Design', displayValue: null },
    };
    const element = await show({ ...SYNCED, fields });
    expect(text($(element, '[data-id="department"]'))).toBe('West');
    expect(text($(element, '[data-id="class"]'))).toBe('Consulting:Design');
    await expect(element).toBeAccessible();
  });

  it('a mirrored customer with sync off: linked, and the toggle off', async () => {
    const element = await show(MIRROR);
    expect(toggle(element).checked).toBe(false);
    expect(text($(element, '[data-id="customer"]'))).toContain('Acme Hardware (C-1)');
    expect(text($(element, '[data-id="sync-status"]'))).toBe('Not Synced');
    await expect(element).toBeAccessible();
  });

  it('an Account QuickBooks does not know: says so, and what turning sync on does', async () => {
    const element = await show(NOT_SYNCED);
    expect(toggle(element).checked).toBe(false);
    expect($(element, '[data-id="customer-details"]')).toBeNull();
    expect(text($(element, '[data-id="not-linked"]'))).toBe(
      'Not in QuickBooks: this Account has no QuickBooks customer. Turn on Sync to QuickBooks to create one.',
    );
    await expect(element).toBeAccessible();
  });

  it('turns sync on: saving (the toggle held), then saved, in a polite live region', async () => {
    let resolve: () => void = () => undefined;
    updateMock.mockReturnValue(new Promise<void>((r) => (resolve = r)));
    const element = await show(NOT_SYNCED);
    await flip(element, true);
    expect(updateMock).toHaveBeenCalledWith({ fields: { Id: NOT_SYNCED.id, QuickBooks_Sync_Enabled__c: true } });
    const status = $(element, '[data-id="save-status"]');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(text(status)).toBe('Saving…');
    expect(toggle(element).disabled).toBe(true);
    expect(text($(element, '[data-id="not-linked"]'))).toContain('Ledgerbridge creates its customer on its next pass');
    resolve();
    await flush();
    expect(text(status)).toBe('Saved. Ledgerbridge sends this Account to QuickBooks on its next pass.');
    expect(toggle(element).disabled).toBe(false);
    expect(toggle(element).checked).toBe(true);
    // LDS delivers the record saved: the toggle now reads it.
    recordAdapter.emit({
      ...NOT_SYNCED,
      fields: { ...NOT_SYNCED.fields, QuickBooks_Sync_Enabled__c: { value: true } },
    });
    await flush();
    expect(toggle(element).checked).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('turns sync off', async () => {
    updateMock.mockResolvedValue(undefined);
    const element = await show(SYNCED);
    await flip(element, false);
    expect(updateMock).toHaveBeenCalledWith({ fields: { Id: SYNCED.id, QuickBooks_Sync_Enabled__c: false } });
    expect(text($(element, '[data-id="save-status"]'))).toBe(
      'Saved. Changes to this Account are no longer sent to QuickBooks.',
    );
    await expect(element).toBeAccessible();
  });

  it('a save refused: the reason in an alert, the toggle back as it was', async () => {
    updateMock.mockRejectedValue({
      body: { message: 'You do not have access to the field Sync to QuickBooks.' },
      status: 403,
      statusText: 'Forbidden',
    });
    const element = await show(NOT_SYNCED);
    await flip(element, true);
    const alert = $(element, '[data-id="save-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert?.querySelector('h2'))).toBe('Sync to QuickBooks was not changed.');
    expect(text(alert?.querySelector('p'))).toBe('You do not have access to the field Sync to QuickBooks.');
    expect(toggle(element).checked).toBe(false);
    expect(text($(element, '[data-id="save-status"]'))).toBe('');
    await expect(element).toBeAccessible();
  });

  it('shows the load error in words', async () => {
    const element = createElement('c-account-quick-books', { is: AccountQuickBooks });
    Object.assign(element, { recordId: SYNCED.id });
    document.body.appendChild(element);
    recordAdapter.error({ message: 'The requested resource does not exist' }, 404, 'Not Found');
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('The QuickBooks details of this Account could not be loaded.');
    expect(text(alert)).toContain('The requested resource does not exist');
    await expect(element).toBeAccessible();
  });
});
