import { createElement } from 'lwc';
import FieldPolicy, { setupRecordsUrl } from 'c/fieldPolicy';
import getPolicies from '@salesforce/apex/FieldPolicyController.getPolicies';

// What FieldPolicyController.getPolicies answers in an org with the package installed (npm run
// fixtures:lwc, from the shipped customMetadata/ records): the type's key prefix and every record.
import POLICIES from './data/getPolicies.json';
import EMPTY from './data/getPoliciesEmpty.json';

type Emitter = { emit(value: unknown): void; error(body?: unknown, code?: number, reason?: string): void };
const apexAdapter = getPolicies as unknown as Emitter;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const $$ = (el: HTMLElement, selector: string) => [...(el.shadowRoot?.querySelectorAll(selector) ?? [])];

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-field-policy', { is: FieldPolicy });
  document.body.appendChild(element);
  await flush();
  return element;
}
const row = (el: HTMLElement, developerName: string) => $(el, `tr[data-policy="${developerName}"]`) as HTMLElement;
const cell = (tr: HTMLElement, id: string) => text(tr.querySelector(`[data-id="${id}"]`));

describe('c-field-policy', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('shows a spinner until the policy is read', async () => {
    const element = await mount();
    expect($(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('groups the shipped records by object, each field with its owner and conflict rule in words', async () => {
    const element = await mount();
    apexAdapter.emit(POLICIES);
    await flush();
    const objects = [...new Set(POLICIES.policies.map((p) => p.objectName))].sort((a, b) => a.localeCompare(b));
    expect($$(element, 'section[data-object]').map((s) => s.getAttribute('data-object'))).toEqual(objects);
    expect(objects).toEqual(['Account', 'Contact', 'Opportunity', 'PricebookEntry', 'Product2']);
    expect($$(element, 'tr[data-policy]')).toHaveLength(POLICIES.policies.length);
    for (const section of $$(element, 'section[data-object]')) {
      const object = section.getAttribute('data-object');
      const names = [...section.querySelectorAll('tr[data-policy]')].map((tr) => tr.getAttribute('data-policy'));
      expect(names.sort()).toEqual(
        POLICIES.policies
          .filter((p) => p.objectName === object)
          .map((p) => p.developerName)
          .sort(),
      );
      expect(text(section.querySelector('h2'))).toBe(object);
      expect(text(section.querySelector('caption'))).toBe(`Field policy for ${object}`);
    }

    const name = row(element, 'Account_Name');
    expect(cell(name, 'label')).toBe('Account Name');
    expect(cell(name, 'api-name')).toBe('Name');
    expect(cell(name, 'owner')).toBe('Both (the latest change wins)');
    expect(cell(name, 'conflict')).toBe(
      'Neither is copied: the record shows Needs Review until someone changes it on one side.',
    );
    expect(cell(name, 'reason')).toContain('QuickBooks names must be unique');
    const balance = row(element, 'Account_Open_Balance');
    expect(cell(balance, 'owner')).toBe('QuickBooks');
    expect(cell(balance, 'conflict')).toBe("QuickBooks' value is kept and written to Salesforce.");
    const price = row(element, 'Price_Book_Unit_Price');
    expect(cell(price, 'owner')).toBe('Salesforce');
    expect(cell(price, 'conflict')).toBe("Salesforce's value is kept and written to QuickBooks.");
    expect($(element, '[data-id="inactive"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('every shipped owner and conflict value has words', async () => {
    const element = await mount();
    apexAdapter.emit(POLICIES);
    await flush();
    const owners = ['QuickBooks', 'Salesforce', 'Both (the latest change wins)'];
    const rules = [
      "QuickBooks' value is kept and written to Salesforce.",
      "Salesforce's value is kept and written to QuickBooks.",
      'Neither is copied: the record shows Needs Review until someone changes it on one side.',
    ];
    for (const p of POLICIES.policies) {
      const tr = row(element, p.developerName);
      expect(owners).toContain(cell(tr, 'owner'));
      expect(rules).toContain(cell(tr, 'conflict'));
    }
    await expect(element).toBeAccessible();
  });

  it('links to the type’s records in Setup, by its key prefix', async () => {
    const element = await mount();
    apexAdapter.emit(POLICIES);
    await flush();
    const link = $(element, 'a[data-id="edit"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(
      `/lightning/setup/CustomMetadata/page?address=%2F${POLICIES.keyPrefix}%3Fsetupid%3DCustomMetadata`,
    );
    expect(text(link)).toBe('Edit in Setup');
    expect(link.getAttribute('aria-label')).toBe('Edit in Setup: the QuickBooks Field Policy records');
    expect(setupRecordsUrl(null)).toBe('/lightning/setup/CustomMetadata/home');
    expect(setupRecordsUrl('m0X?x=1')).toBe('/lightning/setup/CustomMetadata/home');
    await expect(element).toBeAccessible();
  });

  it('marks a record an admin made inactive', async () => {
    const element = await mount();
    apexAdapter.emit({
      ...POLICIES,
      policies: POLICIES.policies.map((p) => (p.developerName === 'Contact_Phone' ? { ...p, active: false } : p)),
    });
    await flush();
    const phone = row(element, 'Contact_Phone');
    expect(cell(phone, 'inactive')).toBe('Inactive: the relay ignores this policy');
    expect(phone.className).toContain('slds-text-color_weak');
    expect($$(element, '[data-id="inactive"]')).toHaveLength(1);
    await expect(element).toBeAccessible();
  });

  it('says so when there are no records, and still links to Setup', async () => {
    const element = await mount();
    apexAdapter.emit(EMPTY);
    await flush();
    expect(text($(element, '[data-id="empty"]'))).toContain('No field policy records');
    expect($(element, 'table')).toBeNull();
    expect($(element, 'a[data-id="edit"]')?.getAttribute('href')).toContain(`%2F${EMPTY.keyPrefix}`);
    await expect(element).toBeAccessible();
  });

  it('says why when the policy cannot be read', async () => {
    const element = await mount();
    apexAdapter.error({
      message:
        'You do not have access to the QuickBooks Field Policies: ask your administrator for the Ledgerbridge Admin or Ledgerbridge User permission set.',
    });
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert?.querySelector('h2'))).toBe('The field policy could not be loaded:');
    expect(text(alert)).toContain('You do not have access to the QuickBooks Field Policies');
    expect($(element, 'a[data-id="edit"]')?.getAttribute('href')).toBe('/lightning/setup/CustomMetadata/home');
    await expect(element).toBeAccessible();
  });
});
