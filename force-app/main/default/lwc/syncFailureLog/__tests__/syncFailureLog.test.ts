import { createElement } from 'lwc';
import SyncFailureLog from 'c/syncFailureLog';
import { getListRecordsByName } from 'lightning/uiListsApi';
import { notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';

import LOGS from './data/getListRecordsByName.json';
import EMPTY from './data/getListRecordsByNameEmpty.json';

type Emitter = {
  emit(value: unknown): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Record<string, unknown>;
};
const listAdapter = getListRecordsByName as unknown as Emitter;
const updateMock = updateRecord as unknown as jest.Mock;
const notifyMock = notifyRecordUpdateAvailable as unknown as jest.Mock;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-sync-failure-log', { is: SyncFailureLog });
  document.body.appendChild(element);
  await flush();
  return element;
}
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const $$ = (el: HTMLElement, selector: string) =>
  [...(el.shadowRoot?.querySelectorAll(selector) ?? [])] as HTMLElement[];
const logNames = (el: HTMLElement) => $$(el, '[data-field="log"]').map(text);
const row = (el: HTMLElement, name: string) => $(el, `tr[data-log="${name}"]`) as HTMLElement;
const change = async (el: HTMLElement, id: string, value: string) => {
  const control = $(el, `[data-id="${id}"]`) as HTMLElement;
  if (control instanceof HTMLSelectElement) {
    control.value = value;
    expect(control.value).toBe(value); // the option exists
    control.dispatchEvent(new CustomEvent('change'));
  } else {
    control.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  }
  await flush();
};
const tick = async (el: HTMLElement, name: string) => {
  const box = row(el, name).querySelector('input[type="checkbox"]') as HTMLInputElement;
  box.checked = true;
  box.dispatchEvent(new CustomEvent('change'));
  await flush();
};
// LOGS is what the relay writes (npm run fixtures:lwc): a refused invoice change (Failed) and a
// refused customer change an admin replayed (Resolved).
const logNamed = (name: string) => LOGS.records.find((r) => r.fields.Name.value === name)!;
const FAILED = logNamed('LOG-0000001');
const RESOLVED = logNamed('LOG-0000002');
const withReplay = (ids: string[], result: string | null, status?: string) => ({
  ...LOGS,
  records: LOGS.records.map((r) => {
    return ids.includes(r.id)
      ? {
          ...r,
          fields: {
            ...r.fields,
            Replay_Requested__c: { value: result === null, displayValue: null },
            Replay_Result__c: { value: result, displayValue: null },
            ...(status ? { Status__c: { value: status, displayValue: status } } : {}),
          },
        }
      : r;
  }),
});

describe('c-sync-failure-log', () => {
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

  it('reads the Sync Problems list (every log but the history of what succeeded), newest attempt first', async () => {
    await mount();
    const config = listAdapter.getLastConfig();
    expect(config.objectApiName).toEqual({ objectApiName: 'QuickBooks_Sync_Log__c' });
    expect(config.listViewApiName).toBe('Sync_Problems');
    expect(config.sortBy).toEqual(['-Last_Attempt_At__c']);
    expect(config.optionalFields).toEqual(['QuickBooks_Sync_Log__c.Account__r.Name']);
  });

  it('shows records needing attention with object, QuickBooks ID, account, error, attempts, when and status', async () => {
    const element = await mount();
    listAdapter.emit(LOGS);
    await flush();
    expect(logNames(element)).toEqual(['LOG-0000001']);
    const first = row(element, 'LOG-0000001');
    expect(text(first.querySelector('[data-field="object"]'))).toBe('Invoice');
    expect(text(first.querySelector('[data-field="qbId"]'))).toBe('T-INV-1007');
    expect(first.querySelector('[data-field="account"] a')?.getAttribute('href')).toBe(
      `/lightning/r/Account/${FAILED.fields.Account__c.value}/view`,
    );
    expect(text(first.querySelector('[data-field="account"]'))).toBe('Acme Hardware');
    expect(text(first.querySelector('[data-field="error"]'))).toBe(
      'Invoice INV-1007 is under audit and cannot be changed. (sf_validation)',
    );
    expect(text(first.querySelector('[data-field="attempts"]'))).toBe('1');
    expect(text(first.querySelector('[data-field="when"]'))).toMatch(/^Mar 15, 2026, 10:35\sAM$/);
    const badge = first.querySelector('[data-field="status"] span') as HTMLElement;
    expect(text(badge)).toBe('Failed');
    expect(badge.className).toBe('slds-badge slds-theme_error');
    expect(text($(element, '[data-id="shown"]'))).toBe('1 of 2 records shown');
    await expect(element).toBeAccessible();
  });

  it('shows a log without an Account with an empty Account cell', async () => {
    // The relay writes such logs for records of no customer (an invoice line refused on its own, say).
    const element = await mount();
    const { Account__r: _parent, ...fields } = FAILED.fields;
    listAdapter.emit({
      ...LOGS,
      records: [{ ...FAILED, fields: { ...fields, Account__c: { value: null, displayValue: null } } }],
    });
    await flush();
    expect(text(row(element, 'LOG-0000001').querySelector('[data-field="account"]'))).toBe('');
    await expect(element).toBeAccessible();
  });

  it('filters by status, object and search text', async () => {
    const element = await mount();
    listAdapter.emit(LOGS);
    await flush();
    await change(element, 'status-filter', 'all');
    expect(logNames(element)).toEqual(['LOG-0000002', 'LOG-0000001']);
    await change(element, 'object-filter', 'Customer');
    expect(logNames(element)).toEqual(['LOG-0000002']);
    await change(element, 'search', 'nothing like this');
    expect(text($(element, '[data-id="no-match"]'))).toBe('No records match these filters.');
    await change(element, 'search', '');
    await change(element, 'object-filter', 'all');
    await change(element, 'search', 'under audit');
    expect(logNames(element)).toEqual(['LOG-0000001']);
    await change(element, 'search', '');
    await change(element, 'status-filter', 'Resolved');
    expect(logNames(element)).toEqual(['LOG-0000002']);
    expect(text(row(element, 'LOG-0000002').querySelector('[data-field="outcome"]'))).toBe('Written to Salesforce.');
    await expect(element).toBeAccessible();
  });

  it('replays one record, shows it pending, polls, then shows the outcome', async () => {
    const element = await mount();
    listAdapter.emit(LOGS);
    await flush();
    const button = row(element, 'LOG-0000001').querySelector('button[data-action="replay"]') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Replay LOG-0000001');
    button.click();
    await flush();
    expect(updateMock).toHaveBeenCalledWith({ fields: { Id: FAILED.id, Replay_Requested__c: true } });
    expect(text($(element, '[data-id="message"]'))).toBe(
      'Replay requested for 1 record(s). The outcome appears here when the relay has retried them.',
    );

    listAdapter.emit(withReplay([FAILED.id], null));
    await flush();
    const pending = row(element, 'LOG-0000001');
    expect(text(pending.querySelector('[data-field="outcome"]'))).toBe('Replay requested; waiting for the relay.');
    expect((pending.querySelector('button[data-action="replay"]') as HTMLButtonElement).disabled).toBe(true);
    jest.advanceTimersByTime(5_000);
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: FAILED.id }]);

    // What the relay writes on a log it replayed successfully (as on LOG-0000002).
    listAdapter.emit(withReplay([FAILED.id], RESOLVED.fields.Replay_Result__c.value, RESOLVED.fields.Status__c.value));
    await flush();
    await change(element, 'status-filter', 'all');
    expect(text(row(element, 'LOG-0000001').querySelector('[data-field="outcome"]'))).toBe('Written to Salesforce.');
    notifyMock.mockClear();
    jest.advanceTimersByTime(10_000);
    expect(notifyMock).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('replays many selected records and reports the ones that could not be saved', async () => {
    const element = await mount();
    listAdapter.emit(LOGS);
    await flush();
    await change(element, 'status-filter', 'all');
    const replaySelected = $(element, '[data-id="replay-selected"]') as HTMLElement & {
      label: string;
      disabled: boolean;
    };
    expect(replaySelected.disabled).toBe(true);
    await tick(element, 'LOG-0000001');
    await tick(element, 'LOG-0000002');
    expect(replaySelected.label).toBe('Replay selected (2)');
    updateMock
      .mockResolvedValueOnce({})
      .mockRejectedValueOnce({ body: { message: 'Record is locked by another user.' } });
    replaySelected.click();
    await flush();
    expect(updateMock).toHaveBeenCalledTimes(2);
    expect(text($(element, '[data-id="message"]'))).toBe(
      '1 replay request(s) could not be saved: Record is locked by another user.',
    );
    expect($(element, '[data-id="message"] span')?.className).toBe('slds-text-color_error');
    expect(replaySelected.label).toBe('Replay selected (0)');
    await expect(element).toBeAccessible();
  });

  it('selects all shown records from the header checkbox', async () => {
    const element = await mount();
    listAdapter.emit(LOGS);
    await flush();
    await change(element, 'status-filter', 'all');
    const all = $(element, '[data-id="select-all"]') as HTMLInputElement;
    all.checked = true;
    all.dispatchEvent(new CustomEvent('change'));
    await flush();
    expect(($(element, '[data-id="replay-selected"]') as HTMLElement & { label: string }).label).toBe(
      'Replay selected (2)',
    );
  });

  it('says so when nothing has failed', async () => {
    const element = await mount();
    listAdapter.emit(EMPTY);
    await flush();
    expect(text($(element, '[data-id="empty"]'))).toContain('Nothing has failed.');
    await expect(element).toBeAccessible();
  });

  it('shows the load error in words', async () => {
    const element = await mount();
    listAdapter.error({ message: 'Insufficient privileges on QuickBooks Sync Log.' }, 403, 'Forbidden');
    await flush();
    expect(text($(element, '[data-id="error"]'))).toContain('Insufficient privileges on QuickBooks Sync Log.');
    await expect(element).toBeAccessible();
  });
});
