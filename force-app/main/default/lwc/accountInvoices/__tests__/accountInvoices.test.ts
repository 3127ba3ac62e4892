import { createElement } from 'lwc';
import AccountInvoices from 'c/accountInvoices';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

import ACCOUNT from './data/getRecord.json';
import ACCOUNT_EMPTY from './data/getRecordEmpty.json';
import INVOICES from './data/getRelatedListRecords.json';
import INVOICES_EMPTY from './data/getRelatedListRecordsEmpty.json';

type Emitter = {
  emit(value: unknown): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Record<string, unknown>;
};
const recordAdapter = getRecord as unknown as Emitter;
const relatedAdapter = getRelatedListRecords as unknown as Emitter;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// The fixtures are what the relay writes (npm run fixtures:lwc): Acme Hardware's Account and invoices on 2026-03-15.
const invoice = (name: string) => INVOICES.records.find((r) => r.fields.Name.value === name)!;

function mount(): HTMLElement {
  const element = createElement('c-account-invoices', { is: AccountInvoices });
  Object.assign(element, { recordId: ACCOUNT.id });
  document.body.appendChild(element);
  return element;
}

const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const $$ = (el: HTMLElement, selector: string) =>
  [...(el.shadowRoot?.querySelectorAll(selector) ?? [])] as HTMLElement[];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const numbers = (el: HTMLElement) => $$(el, '[data-field="number"]').map(text);

describe('c-account-invoices', () => {
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

  it('shows a spinner until both the Account and its invoices arrive', async () => {
    const element = mount();
    await flush();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    recordAdapter.emit(ACCOUNT);
    await flush();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    relatedAdapter.emit(INVOICES);
    await flush();
    expect($(element, 'lightning-spinner')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('asks LDS for the Account fields and the invoices related list of this record', async () => {
    mount();
    await flush();
    const config = relatedAdapter.getLastConfig();
    expect(config.parentRecordId).toBe(ACCOUNT.id);
    expect(config.relatedListId).toBe('QuickBooks_Invoices__r');
    expect(config.fields).toEqual(
      expect.arrayContaining(['QuickBooks_Invoice__c.Balance__c', 'QuickBooks_Invoice__c.Due_Date__c']),
    );
    expect(recordAdapter.getLastConfig().recordId).toBe(ACCOUNT.id);
  });

  it('shows open balance, overdue amount, aging buckets and the invoices with badges', async () => {
    const element = mount();
    recordAdapter.emit(ACCOUNT);
    relatedAdapter.emit(INVOICES);
    await flush();

    expect(text($(element, '[data-id="open-balance"]'))).toBe('$6,895.25');
    expect(text($(element, '[data-id="overdue"]'))).toBe('$3,820.00');
    expect($(element, '[data-id="overdue"]')?.className).toContain('slds-text-color_error');
    // The relay stamps the Account when it sends it: 17:30 UTC, shown in the viewer's zone.
    expect(text($(element, '[data-id="last-synced"]'))).toMatch(/^Mar 15, 2026, 10:30\sAM$/);

    const aging = Object.fromEntries($$(element, '[data-id="aging"] td').map((td) => [td.dataset.bucket, text(td)]));
    expect(aging).toEqual({
      current: '$3,125.25',
      days1to30: '$450.00',
      days31to60: '$1,500.00',
      days61to90: '$1,250.00',
      over90: '$620.00',
    });
    expect(text($(element, '[data-id="aging"] caption'))).toBe('Aging of open balances by days past due');
    expect($$(element, '[data-id="aging"] thead th').map(text)).toEqual([
      'Currency',
      'Current',
      '1–30 days',
      '31–60 days',
      '61–90 days',
      'Over 90 days',
    ]);

    const row = $(element, 'tr[data-row="INV-1002"]') as HTMLElement;
    expect(text(row.querySelector('[data-field="dueDate"]'))).toBe('Apr 4, 2026');
    expect(text(row.querySelector('[data-field="total"]'))).toBe('$1,200.50');
    expect(text(row.querySelector('[data-field="balance"]'))).toBe('$800.25');
    const badge = row.querySelector('[data-field="status"] span') as HTMLElement;
    expect(text(badge)).toBe('Partially Paid');
    expect(badge.className).toBe('slds-badge slds-theme_warning');

    const links = [...row.querySelectorAll('a')];
    const id = invoice('INV-1002').id;
    expect(links[0]?.getAttribute('href')).toBe(`/lightning/r/QuickBooks_Invoice__c/${id}/view`);
    expect(links[1]?.getAttribute('href')).toBe(`/lightning/r/QuickBooks_Invoice__c/${id}/related/Lines__r/view`);
    expect(links[1]?.getAttribute('aria-label')).toBe('Lines of invoice INV-1002');
    expect(text($(element, '[data-id="invoices"] caption'))).toBe('QuickBooks invoices of this account');
    await expect(element).toBeAccessible();
  });

  it('sorts by due date, then by the column the user picks, toggling direction', async () => {
    const element = mount();
    recordAdapter.emit(ACCOUNT);
    relatedAdapter.emit(INVOICES);
    await flush();
    expect(numbers(element)).toEqual([
      'INV-0998',
      'INV-0999',
      'INV-1004',
      'INV-1005',
      'INV-1003',
      'INV-1006',
      'INV-1001',
      'INV-1002',
      'INV-1007',
    ]);

    const balanceButton = $(element, 'button[data-key="balanceCents"]') as HTMLButtonElement;
    balanceButton.click();
    await flush();
    expect(numbers(element)).toEqual([
      'INV-0998',
      'INV-0999',
      'INV-1007',
      'INV-1006',
      'INV-1004',
      'INV-1002',
      'INV-1005',
      'INV-1003',
      'INV-1001',
    ]);
    expect(balanceButton.closest('th')?.getAttribute('aria-sort')).toBe('ascending');

    balanceButton.click();
    await flush();
    expect(numbers(element)[0]).toBe('INV-1001');
    expect(balanceButton.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    expect($(element, 'button[data-key="dueDate"]')?.closest('th')?.getAttribute('aria-sort')).toBe('none');
    await expect(element).toBeAccessible();
  });

  it('says so when the Account has no invoices and nothing is open', async () => {
    const element = mount();
    recordAdapter.emit(ACCOUNT_EMPTY);
    relatedAdapter.emit(INVOICES_EMPTY);
    await flush();
    expect(text($(element, '[data-id="empty"]'))).toBe('No QuickBooks invoices for this account yet.');
    expect(text($(element, '[data-id="aging-none"]'))).toBe('Nothing is open.');
    expect(text($(element, '[data-id="open-balance"]'))).toBe('$0.00');
    expect(text($(element, '[data-id="last-synced"]'))).toBe('Not synced yet');
    expect($(element, '[data-id="invoices"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('notes when only the first page of invoices is shown', async () => {
    const element = mount();
    recordAdapter.emit(ACCOUNT);
    relatedAdapter.emit({ ...INVOICES, nextPageToken: '200' });
    await flush();
    expect(text($(element, '[data-id="partial"]'))).toBe(
      'Aging and list cover the first 9 invoices; open the related list for the rest.',
    );
  });

  it('shows the error in words when the invoices cannot be read', async () => {
    const element = mount();
    recordAdapter.emit(ACCOUNT);
    relatedAdapter.error({ message: 'You do not have access to QuickBooks Invoices.' }, 403, 'Forbidden');
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('The QuickBooks invoices could not be loaded.');
    expect(text(alert)).toContain('You do not have access to QuickBooks Invoices.');
    expect($(element, '[data-id="invoices"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it("ages invoices on the QuickBooks company's calendar day, not the viewer's", async () => {
    // 18:00Z on Mar 15 is already Mar 16 in Auckland: an invoice due Mar 15 is one day past due there.
    const first = invoice('INV-1001');
    const dueYesterday = {
      ...first,
      fields: { ...first.fields, Due_Date__c: { value: '2026-03-15', displayValue: null } },
    };
    const inZone = (zone: string | null) => ({
      ...ACCOUNT,
      fields: {
        ...ACCOUNT.fields,
        QuickBooks_Connection__r: {
          value: {
            apiName: 'QuickBooks_Connection__c',
            id: 'a0C000000000001AAA',
            fields: { Time_Zone__c: { value: zone, displayValue: null } },
          },
          displayValue: null,
        },
      },
    });
    const aging = (el: HTMLElement) =>
      Object.fromEntries($$(el, '[data-id="aging"] td').map((td) => [td.dataset.bucket, text(td)]));

    const element = mount();
    recordAdapter.emit(inZone('Pacific/Auckland'));
    relatedAdapter.emit({ ...INVOICES, records: [dueYesterday] });
    await flush();
    expect(aging(element)).toMatchObject({ current: '$0.00', days1to30: '$2,250.00' });
    expect(recordAdapter.getLastConfig().fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ fieldApiName: 'QuickBooks_Connection__r.Time_Zone__c' })]),
    );

    // Without a company time zone (not synced yet), the viewer's own day.
    recordAdapter.emit(inZone(null));
    await flush();
    expect(aging(element)).toMatchObject({ current: '$2,250.00', days1to30: '$0.00' });
    await expect(element).toBeAccessible();
  });

  it('formats amounts in each invoice currency', async () => {
    const element = mount();
    recordAdapter.emit(ACCOUNT);
    const first = invoice('INV-1001');
    const euro = {
      ...first,
      id: 'a0I0000000000EUR',
      fields: {
        ...first.fields,
        Name: { value: 'INV-EUR', displayValue: null },
        Currency_Code__c: { value: 'EUR', displayValue: null },
      },
    };
    relatedAdapter.emit({ ...INVOICES, records: [first, euro] });
    await flush();
    expect(text($(element, 'tr[data-row="INV-EUR"] [data-field="total"]'))).toBe('€2,250.00');
    expect($$(element, '[data-id="aging"] tbody th').map(text)).toEqual(['EUR', 'USD']);
  });
});
