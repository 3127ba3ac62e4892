import { createElement } from 'lwc';
import NeedsReview from 'c/needsReview';
import { getListRecordsByName } from 'lightning/uiListsApi';
import { updateRecord } from 'lightning/uiRecordApi';

// What the relay writes on the review day (npm run fixtures:lwc, scenario-review.ts): an Account
// renamed on both sides (Account Name is Flag for Review: a Conflict log with both values), and an
// Account of the name of a customer another Account mirrors (a Match log naming that customer);
// then the same logs once a person kept QuickBooks' name and the relay applied it (Resolved).
import REVIEWS from './data/getListRecordsByName.json';
import DECIDED from './data/getListRecordsByNameDecided.json';
// The Acme day's logs, as the failure log reads them: failed and resolved, none asking for a decision.
import LOGS from '../../syncFailureLog/__tests__/data/getListRecordsByName.json';
import EMPTY from '../../syncFailureLog/__tests__/data/getListRecordsByNameEmpty.json';

type Emitter = {
  emit(value: unknown): void;
  error(body?: unknown, code?: number, reason?: string): void;
  getLastConfig(): Record<string, unknown>;
};
const listAdapter = getListRecordsByName as unknown as Emitter;
const updateMock = updateRecord as unknown as jest.Mock;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = (el: HTMLElement | Element, selector: string) =>
  ((el as HTMLElement).shadowRoot ?? el).querySelector(selector) as HTMLElement | null;
const $$ = (el: HTMLElement | Element, selector: string) =>
  [...((el as HTMLElement).shadowRoot ?? el).querySelectorAll(selector)] as HTMLElement[];

const logNamed = (name: string) => REVIEWS.records.find((r) => r.fields.Name.value === name)!;
const CONFLICT = logNamed('LOG-0000001');
const MATCH = logNamed('LOG-0000002');
/** The org's user, as `@salesforce/user/Id` gives it in Jest. */
const USER = '005000000000000000';

async function mount(data?: unknown): Promise<HTMLElement> {
  const element = createElement('c-needs-review', { is: NeedsReview });
  document.body.appendChild(element);
  await flush();
  if (data) {
    listAdapter.emit(data);
    await flush();
  }
  return element;
}
const row = (el: HTMLElement, id: string) => $(el, `li[data-log="${id}"]`) as HTMLElement;
const buttons = (el: HTMLElement, id: string) => $$(row(el, id), '[data-id="decisions"] lightning-button');
const button = (el: HTMLElement, id: string, label: string) =>
  buttons(el, id).find((b) => (b as unknown as { label: string }).label === label) as HTMLElement;
const labels = (el: HTMLElement, id: string) => buttons(el, id).map((b) => (b as unknown as { label: string }).label);
async function decide(el: HTMLElement, id: string, label: string) {
  button(el, id, label).click();
  await flush();
}

describe('c-needs-review', () => {
  beforeEach(() => {
    updateMock.mockResolvedValue({});
  });
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('shows a spinner until the logs are read', async () => {
    const element = await mount();
    expect($(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it("reads the package's list view of Sync Logs, newest attempt first, with the fields it shows", async () => {
    await mount();
    const config = listAdapter.getLastConfig();
    expect(config).toMatchObject({ listViewApiName: 'All', sortBy: ['-Last_Attempt_At__c'] });
    expect(config.fields).toEqual(
      expect.arrayContaining([
        'QuickBooks_Sync_Log__c.Review_Kind__c',
        'QuickBooks_Sync_Log__c.QuickBooks_Value__c',
        'QuickBooks_Sync_Log__c.Salesforce_Value__c',
        'QuickBooks_Sync_Log__c.Candidate_Name__c',
      ]),
    );
  });

  it('lists both logs the relay flagged, newest first: the name match, then the conflict', async () => {
    const element = await mount(REVIEWS);
    const rows = $$(element, '[data-id="reviews"] > li');
    expect(rows.map((r) => r.dataset.log)).toEqual([MATCH.id, CONFLICT.id]);
    expect(rows.map((r) => text($(r, '[data-id="kind"]')))).toEqual([
      'Same name in QuickBooks',
      'Changed on both sides',
    ]);
    // Each row is an article named by its log, linked to its Account.
    expect(rows.map((r) => $(r, 'article')?.getAttribute('aria-label'))).toEqual(['LOG-0000002', 'LOG-0000001']);
    const record = $(row(element, CONFLICT.id), 'a[data-id="record"]');
    expect(text(record)).toBe('Delta Freight LLC');
    expect(record?.getAttribute('href')).toBe(`/lightning/r/Account/${CONFLICT.fields.Account__c.value}/view`);
    await expect(element).toBeAccessible();
  });

  it("shows a conflict's two values side by side, with the field, and Keep QuickBooks' / Keep Salesforce's", async () => {
    const element = await mount(REVIEWS);
    const conflict = row(element, CONFLICT.id);
    expect(text($(conflict, '[data-id="field"]'))).toBe('Account Name');
    const values = $$(conflict, '[data-id="values"] > div').map((d) => [text($(d, 'dt')), text($(d, 'dd'))]);
    expect(values).toEqual([
      ["QuickBooks' value", 'Delta Freight Co'],
      ["Salesforce's value", 'Delta Freight LLC'],
    ]);
    expect(text($(conflict, '[data-id="message"]'))).toMatch(/^Account Name was changed on both sides/);
    expect(labels(element, CONFLICT.id)).toEqual(["Keep QuickBooks'", "Keep Salesforce's"]);
    expect($(conflict, '[data-id="candidate"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it("shows a name match's QuickBooks candidate, its name and id, with Link / Create New / Skip", async () => {
    const element = await mount(REVIEWS);
    const match = row(element, MATCH.id);
    expect(text($(match, '[data-id="record"]'))).toBe("O'BRIEN LAW 1");
    expect(text($(match, '[data-id="candidate"] dt'))).toBe('QuickBooks record of the same name');
    expect(text($(match, '[data-id="candidate-name"]'))).toBe("O'Brien Law 1");
    expect(text($(match, '[data-id="candidate"] dd'))).toBe(
      `O'Brien Law 1 (${MATCH.fields.Candidate_Id__c.value as string})`,
    );
    expect(MATCH.fields.Candidate_Id__c.value).toMatch(/^acme-books:80000012-/);
    expect(text($(match, '[data-id="message"]'))).toContain('another record in the CRM already mirrors it');
    expect(labels(element, MATCH.id)).toEqual(['Link to this QuickBooks record', 'Create a new one', 'Skip']);
    expect($(match, '[data-id="values"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it.each([
    { kind: 'the conflict', log: CONFLICT, label: "Keep QuickBooks'", value: 'Keep QuickBooks' },
    { kind: 'the conflict', log: CONFLICT, label: "Keep Salesforce's", value: 'Keep Salesforce' },
    { kind: 'the match', log: MATCH, label: 'Link to this QuickBooks record', value: 'Link' },
    { kind: 'the match', log: MATCH, label: 'Create a new one', value: 'Create New' },
    { kind: 'the match', log: MATCH, label: 'Skip', value: 'Skip' },
  ])(
    '$kind: "$label" saves Review Decision "$value" on that log, with when and who, and says it went to the relay',
    async ({ log, label, value }) => {
      jest.useFakeTimers({ now: Date.parse('2026-03-15T17:55:00.000Z'), doNotFake: ['setTimeout'] });
      const element = await mount(REVIEWS);
      await decide(element, log.id, label);
      expect(updateMock).toHaveBeenCalledTimes(1);
      expect(updateMock).toHaveBeenCalledWith({
        fields: {
          Id: log.id,
          Review_Decision__c: value,
          Decided_At__c: '2026-03-15T17:55:00.000Z',
          Decided_By__c: USER,
        },
      });
      const recorded = $(row(element, log.id), '[data-id="recorded"]');
      expect(recorded?.getAttribute('role')).toBe('status');
      expect(text(recorded)).toBe(`${label} — sent to the relay.`);
      // Decided: its buttons are gone; the other log still waits, its buttons there.
      expect($(row(element, log.id), '[data-id="decisions"]')).toBeNull();
      const other = log === CONFLICT ? MATCH : CONFLICT;
      expect(buttons(element, other.id).length).toBeGreaterThan(0);
      await expect(element).toBeAccessible();
    },
  );

  it('keeps the decided row, saying so, once the relay applied it; a fresh page shows what still waits', async () => {
    const element = await mount(REVIEWS);
    await decide(element, CONFLICT.id, "Keep QuickBooks'");
    // The list as the org holds it after the relay's poll: the conflict Resolved, QuickBooks' name kept.
    const decided = DECIDED.records.find((r) => r.id === CONFLICT.id)!;
    expect(decided.fields).toMatchObject({
      Status__c: { value: 'Resolved' },
      Review_Decision__c: { value: 'Keep QuickBooks' },
      Decided_By__c: { value: '0058d0000000001AAA' },
    });
    expect(decided.fields.Account__r.displayValue).toBe('Delta Freight Co');
    listAdapter.emit(DECIDED);
    await flush();
    expect(text($(row(element, CONFLICT.id), '[data-id="recorded"]'))).toBe("Keep QuickBooks' — sent to the relay.");
    expect(text($(row(element, CONFLICT.id), '[data-id="record"]'))).toBe('Delta Freight Co');
    expect(labels(element, MATCH.id)).toHaveLength(3);
    await expect(element).toBeAccessible();

    document.body.replaceChildren();
    const fresh = await mount(DECIDED);
    expect($$(fresh, '[data-id="reviews"] > li').map((r) => r.dataset.log)).toEqual([MATCH.id]);
    await expect(fresh).toBeAccessible();
  });

  it('lets a person decide by keyboard: each decision a button with its words, in a group named by its log', async () => {
    const element = await mount(REVIEWS);
    for (const log of [CONFLICT, MATCH]) {
      const group = $(row(element, log.id), '[data-id="decisions"]');
      expect(group?.getAttribute('role')).toBe('group');
      expect(group?.getAttribute('aria-label')).toBe(`Decisions for ${log.fields.Name.value}`);
      // lightning-button renders a native <button>: focusable, Enter and Space press it.
      for (const b of buttons(element, log.id)) {
        expect(b.tagName).toBe('LIGHTNING-BUTTON');
        expect((b as unknown as { label: string }).label).not.toBe('');
        expect(b.getAttribute('tabindex')).toBeNull();
      }
    }
    await expect(element).toBeAccessible();
  });

  it('disables a row while its decision is saved, so it is not sent twice', async () => {
    let resolve: (v: unknown) => void = () => undefined;
    updateMock.mockReturnValue(new Promise((r) => (resolve = r)));
    const element = await mount(REVIEWS);
    button(element, MATCH.id, 'Skip').click();
    await flush();
    expect(buttons(element, MATCH.id).every((b) => (b as unknown as { disabled: boolean }).disabled)).toBe(true);
    expect(buttons(element, CONFLICT.id).some((b) => (b as unknown as { disabled: boolean }).disabled)).toBe(false);
    button(element, MATCH.id, 'Skip').click();
    await flush();
    expect(updateMock).toHaveBeenCalledTimes(1);
    resolve({});
    await flush();
    expect(text($(row(element, MATCH.id), '[data-id="recorded"]'))).toBe('Skip — sent to the relay.');
    await expect(element).toBeAccessible();
  });

  it('says why a decision was not saved, and keeps its buttons to try again', async () => {
    updateMock.mockRejectedValueOnce({
      body: { message: 'You do not have access to the Review Decision field.' },
      status: 403,
      statusText: 'Forbidden',
      ok: false,
    });
    const element = await mount(REVIEWS);
    await decide(element, CONFLICT.id, "Keep Salesforce's");
    const failed = $(row(element, CONFLICT.id), '[data-id="failed"]');
    expect(failed?.getAttribute('role')).toBe('alert');
    expect(text(failed)).toBe('The decision could not be saved: You do not have access to the Review Decision field.');
    expect(labels(element, CONFLICT.id)).toEqual(["Keep QuickBooks'", "Keep Salesforce's"]);
    await decide(element, CONFLICT.id, "Keep Salesforce's");
    expect($(row(element, CONFLICT.id), '[data-id="failed"]')).toBeNull();
    expect(text($(row(element, CONFLICT.id), '[data-id="recorded"]'))).toBe("Keep Salesforce's — sent to the relay.");
    await expect(element).toBeAccessible();
  });

  it('says nothing needs review when no log asks for a decision', async () => {
    const element = await mount(LOGS);
    expect(text($(element, '[data-id="empty"]'))).toMatch(/^Nothing needs review/);
    expect($(element, '[data-id="reviews"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says nothing needs review in an org with no logs', async () => {
    const element = await mount(EMPTY);
    expect($(element, '[data-id="empty"]')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says why when the logs cannot be read', async () => {
    const element = await mount();
    listAdapter.error({ message: 'Insufficient access to QuickBooks Sync Log' }, 403, 'Forbidden');
    await flush();
    const error = $(element, '[data-id="error"]');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(text(error)).toContain('could not be read');
    await expect(element).toBeAccessible();
  });
});
