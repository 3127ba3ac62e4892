import { createElement } from 'lwc';
import OrderJournalEntry from 'c/orderJournalEntry';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

import BOOKED from './data/getRecordBooked.json';
import REVERSED from './data/getRecordReversed.json';
import FAILED from './data/getRecordFailed.json';
import DRAFT from './data/getRecordDraft.json';
import CHANGED from './data/getRecordChanged.json';
import LOGS from './data/getLogs.json';
import LOGS_EMPTY from './data/getLogsEmpty.json';
import LOGS_BOOKED from './data/getLogsBooked.json';
import LOGS_REVERSED from './data/getLogsReversed.json';
import LOGS_CHANGED from './data/getLogsChanged.json';

type Emitter = {
  emit(value: unknown): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Record<string, unknown>;
};
const recordAdapter = getRecord as unknown as Emitter;
const relatedAdapter = getRelatedListRecords as unknown as Emitter;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The history as listed: each posting's title and its words. */
const history = (el: HTMLElement) =>
  [...(el.shadowRoot?.querySelectorAll('[data-id="history-row"]') ?? [])].map((row) => [
    text(row.querySelector('[data-id="history-title"]')),
    text(row.querySelector('[data-id="history-message"]')),
  ]);

// The fixtures are what the relay writes (npm run fixtures:lwc) on a QuickBooks Online day: an
// order booked as journal entry 1; one booked (entry 2), then cancelled (reversed by entry 3); one allocated
// to a department the company lacks (Failed, its Sync Log in words); one left in draft; one booked
// (entry 4), then changed (reversed by 5, booked again as 6). Each posting is a Sync Log of the order.
async function show(order: unknown, logs: unknown = LOGS_EMPTY): Promise<HTMLElement> {
  const element = createElement('c-order-journal-entry', { is: OrderJournalEntry });
  Object.assign(element, { recordId: (order as { id: string }).id });
  document.body.appendChild(element);
  recordAdapter.emit(order);
  relatedAdapter.emit(logs);
  await flush();
  return element;
}

/** The booked order with these fields changed, and its Account on this edition (or on no company). */
const variant = (changes: Record<string, string | null>, edition?: string | null) => {
  const fields: Record<string, unknown> = { ...BOOKED.fields };
  for (const [name, value] of Object.entries(changes)) fields[name] = { value, displayValue: value };
  if (edition !== undefined) {
    const account = BOOKED.fields.Account.value;
    const connection = account.fields.QuickBooks_Connection__r;
    fields.Account = {
      ...BOOKED.fields.Account,
      value: {
        ...account,
        fields: {
          QuickBooks_Connection__r: edition
            ? {
                ...connection,
                value: { ...connection.value, fields: { Edition__c: { value: edition, displayValue: edition } } },
              }
            : { value: null, displayValue: null },
        },
      },
    };
  }
  return { ...BOOKED, fields };
};

describe('c-order-journal-entry', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('asks LDS for the order and its sync logs, newest first', async () => {
    const element = createElement('c-order-journal-entry', { is: OrderJournalEntry });
    Object.assign(element, { recordId: BOOKED.id });
    document.body.appendChild(element);
    await flush();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    expect(recordAdapter.getLastConfig().fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ fieldApiName: 'QuickBooks_Journal_Entry_Id__c' })]),
    );
    expect(relatedAdapter.getLastConfig()).toMatchObject({
      parentRecordId: BOOKED.id,
      relatedListId: 'QuickBooks_Sync_Logs__r',
      sortBy: ['-QuickBooks_Sync_Log__c.Name'],
      fields: expect.arrayContaining([
        'QuickBooks_Sync_Log__c.Operation__c',
        'QuickBooks_Sync_Log__c.Replaces_Id__c',
        'QuickBooks_Sync_Log__c.Message__c',
      ]),
    });
    await expect(element).toBeAccessible();
  });

  it('shows the journal entry an activated order is booked as', async () => {
    const element = await show(BOOKED, LOGS_BOOKED);
    expect(text($(element, '[data-id="sync-status"]'))).toBe('Synced');
    expect($(element, '[data-id="sync-status"] span')?.className).toBe('slds-badge slds-theme_success');
    expect(text($(element, '[data-id="entry"]'))).toBe('1');
    expect(text($(element, '[data-id="booked"]'))).toBe('Booked in QuickBooks Online as journal entry 1.');
    expect(text($(element, '[data-id="rebooked"]'))).toContain('reverses this entry and books a new one');
    expect(history(element)).toEqual([['Booked as journal entry 1', 'Booked as journal entry 1.']]);
    await expect(element).toBeAccessible();
  });

  it('lists a changed order’s history, newest first: booked again, the reversal (of which entry, why), the first entry', async () => {
    const element = await show(CHANGED, LOGS_CHANGED);
    expect(text($(element, '[data-id="entry"]'))).toBe('6');
    const list = $(element, '[data-id="history"] ol');
    expect(list?.getAttribute('aria-label')).toBe('Journal entries in QuickBooks Online');
    expect(history(element)).toEqual([
      ['Booked as journal entry 6', 'Booked as journal entry 6 after the Order changed; it replaces entry 4.'],
      ['Journal entry 5 reverses entry 4', 'Journal entry 4 reversed by entry 5: the Order changed.'],
      ['Booked as journal entry 4', 'Booked as journal entry 4.'],
    ]);
    const when = [...(element.shadowRoot?.querySelectorAll('[data-id="history-when"]') ?? [])].map(text);
    expect(when).toEqual(['Mar 15, 2026, 10:07 AM', 'Mar 15, 2026, 10:07 AM', 'Mar 15, 2026, 10:06 AM']);
    expect($(element, '[data-id="history-empty"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the reversal that undoes a cancelled order', async () => {
    const element = await show(REVERSED, LOGS_REVERSED);
    expect(text($(element, '[data-id="entry"]'))).toBe('3');
    expect(text($(element, '[data-id="reversed"]'))).toBe(
      'Reversed: the order was cancelled, and journal entry 3 in QuickBooks Online undoes its booking.',
    );
    expect($(element, '[data-id="booked"]')).toBeNull();
    expect(history(element)).toEqual([
      ['Journal entry 3 reverses entry 2', 'Journal entry 2 reversed by entry 3: the Order was cancelled.'],
      ['Booked as journal entry 2', 'Booked as journal entry 2.'],
    ]);
    await expect(element).toBeAccessible();
  });

  it('says why an order is not booked, from its sync log, linked', async () => {
    const element = await show(FAILED, LOGS);
    expect($(element, '[data-id="sync-status"] span')?.className).toBe('slds-badge slds-theme_error');
    expect(text($(element, '[data-id="failed"] h2'))).toBe('Not booked in QuickBooks Online.');
    expect(text($(element, '[data-id="reason"]'))).toContain(
      'is allocated to the department "East", which QuickBooks Online does not have.',
    );
    const link = $(element, '[data-id="log-link"]');
    expect(text(link)).toBe('LOG-0000005');
    expect(link?.getAttribute('href')).toBe(`/lightning/r/QuickBooks_Sync_Log__c/${LOGS.records[0]!.id}/view`);
    expect(link?.getAttribute('aria-label')).toBe('Open sync log LOG-0000005');
    expect($(element, '[data-id="entry"]')).toBeNull();
    // A failure is no posting: the history stays empty, and says so.
    expect(history(element)).toEqual([]);
    expect(text($(element, '[data-id="history-empty"]'))).toBe('No journal entry has been booked for this order yet.');
    await expect(element).toBeAccessible();
  });

  it('says an activated order not booked yet is queued for moments', async () => {
    const element = await show(variant({ QuickBooks_Sync_Status__c: null, QuickBooks_Journal_Entry_Id__c: null }));
    expect(text($(element, '[data-id="queued"]'))).toBe('Queued: it is booked in QuickBooks Online within moments.');
    await expect(element).toBeAccessible();
  });

  it('says which orders QuickBooks does not take, and why', async () => {
    const element = await show(DRAFT);
    expect(text($(element, '[data-id="not-taken"]'))).toBe(
      'Not booked: the order is Draft. QuickBooks Online books orders once they are activated.',
    );
    await expect(element).toBeAccessible();
    const unbooked = { QuickBooks_Sync_Status__c: null, QuickBooks_Journal_Entry_Id__c: null };
    recordAdapter.emit(variant({ ...unbooked, Status: 'Cancelled' }));
    await flush();
    expect(text($(element, '[data-id="not-taken"]'))).toContain('cancelled before QuickBooks Online booked it');
    recordAdapter.emit(variant(unbooked, 'Desktop'));
    await flush();
    expect(text($(element, '[data-id="not-taken"]'))).toBe(
      'Not booked: QuickBooks Desktop does not take orders. Only QuickBooks Online books them, as journal entries.',
    );
    recordAdapter.emit(variant(unbooked, null));
    await flush();
    expect(text($(element, '[data-id="not-taken"]'))).toBe(
      "Not booked: the order's Account is not linked to a QuickBooks Online company yet.",
    );
    await expect(element).toBeAccessible();
  });

  it('shows the load error in words', async () => {
    const element = createElement('c-order-journal-entry', { is: OrderJournalEntry });
    Object.assign(element, { recordId: BOOKED.id });
    document.body.appendChild(element);
    recordAdapter.error({ message: 'The requested resource does not exist' }, 404, 'Not Found');
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('The QuickBooks status of this order could not be loaded.');
    expect(text(alert)).toContain('The requested resource does not exist');
    await expect(element).toBeAccessible();
  });
});
