import { createElement } from 'lwc';
import NeedsReview from 'c/needsReview';
import { getListRecordsByName } from 'lightning/uiListsApi';

// What the relay writes in the scripted day (npm run fixtures:lwc), as the failure log reads it:
// failed and resolved logs, none of which asks a person to decide.
import LOGS from '../../syncFailureLog/__tests__/data/getListRecordsByName.json';
import EMPTY from '../../syncFailureLog/__tests__/data/getListRecordsByNameEmpty.json';

type Emitter = { emit(value: unknown): void; error(body?: unknown, code?: number, reason?: string): void };
const listAdapter = getListRecordsByName as unknown as Emitter;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-needs-review', { is: NeedsReview });
  document.body.appendChild(element);
  await flush();
  return element;
}

describe('c-needs-review', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('shows a spinner until the logs are read', async () => {
    const element = await mount();
    expect($(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says nothing needs review when no log asks for a decision', async () => {
    const element = await mount();
    listAdapter.emit(LOGS);
    await flush();
    expect(text($(element, '[data-id="empty"]'))).toMatch(/^Nothing needs review/);
    expect($(element, '[data-id="reviews"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says nothing needs review in an org with no logs', async () => {
    const element = await mount();
    listAdapter.emit(EMPTY);
    await flush();
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
