import { createElement } from 'lwc';
import SyncRequestStatus from 'c/syncRequestStatus';
import { getRecord } from 'lightning/uiRecordApi';

type Emitter = { emit(value: unknown): void; error(body?: unknown, code?: number, reason?: string): void };
const recordAdapter = getRecord as unknown as Emitter;
// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const request = (status: string, result: string | null = null) => ({
  apiName: 'QuickBooks_Sync_Request__c',
  id: 'a0R000000000009AAA',
  fields: {
    Name: { value: 'REQ-0000009', displayValue: null },
    Status__c: { value: status, displayValue: status },
    Picked_Up_At__c: { value: '2026-03-15T18:00:05.000Z', displayValue: null },
    Result__c: { value: result, displayValue: null },
  },
});

async function mount(props: Record<string, unknown>): Promise<HTMLElement> {
  const element = createElement('c-sync-request-status', { is: SyncRequestStatus });
  Object.assign(element, { requestId: 'a0R000000000009AAA', createdAtMs: Date.now(), ...props });
  document.body.appendChild(element);
  await flush();
  return element;
}
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;

describe('c-sync-request-status', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('announces status changes in a polite live region and tells the parent', async () => {
    const element = await mount({ edition: 'Desktop' });
    const changes: unknown[] = [];
    element.addEventListener('statuschange', (e) => changes.push((e as CustomEvent).detail));
    recordAdapter.emit(request('Waiting for QuickBooks'));
    await flush();
    const live = $(element, '[role="status"]') as HTMLElement;
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(text(live)).toContain('Status: Waiting for QuickBooks');
    expect(text($(element, '[data-id="notice"]'))).toBe(
      'Waiting for QuickBooks Desktop: the next Web Connector run carries this request to QuickBooks.',
    );
    recordAdapter.emit(request('Completed', 'Acme Hardware Ltd: 12 records synced.'));
    await flush();
    expect(changes).toEqual([
      { status: 'Waiting for QuickBooks', terminal: false, result: null },
      { status: 'Completed', terminal: true, result: 'Acme Hardware Ltd: 12 records synced.' },
    ]);
    expect($(element, '[data-id="notice"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists every step with its state in words', async () => {
    const element = await mount({ edition: 'Online' });
    recordAdapter.emit(request('In Progress'));
    await flush();
    const steps = [...(element.shadowRoot?.querySelectorAll('[data-id="steps"] li') ?? [])].map(text);
    expect(steps).toEqual([
      'Requested (done)',
      'Waiting for QuickBooks (done)',
      'In Progress (current step)',
      'Completed (not reached yet)',
    ]);
    await expect(element).toBeAccessible();
  });

  it('says when the request cannot be read', async () => {
    const element = await mount({});
    recordAdapter.error({ message: 'The requested resource does not exist' }, 404, 'Not Found');
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain("The request's status could not be read.");
    expect(text(alert)).toContain('The requested resource does not exist');
    await expect(element).toBeAccessible();
  });
});
