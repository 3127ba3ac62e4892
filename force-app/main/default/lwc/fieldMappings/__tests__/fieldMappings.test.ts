import { createElement } from 'lwc';
import FieldMappings from 'c/fieldMappings';
import getMappings from '@salesforce/apex/FieldMappingController.getMappings';
import { getListRecordsByName } from 'lightning/uiListsApi';
import { joinProblemLines, mappingOf, problemLine, problemLines, problemsByMapping } from '../problemLines';

// What FieldMappingController.getMappings answers in the fixture day's org (npm run fixtures:lwc):
// the package's shipped defaults and inactive example, and two mappings an admin added, which the
// relay ignores.
import MAPPINGS from './data/getMappings.json';
import EMPTY from './data/getMappingsEmpty.json';
// The connections as the relay wrote them, with what it ignored (Field_Mapping_Problems__c).
import CONNECTIONS from './data/getListRecordsByName.json';

type Emitter = { emit(value: unknown): void; error(body?: unknown, code?: number, reason?: string): void };
const apexAdapter = getMappings as unknown as Emitter;
const listAdapter = getListRecordsByName as unknown as Emitter;

// eslint-disable-next-line @lwc/lwc/no-async-operation -- let wire emits and re-renders settle
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const $ = (el: HTMLElement, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const $$ = (el: HTMLElement, selector: string) => [...(el.shadowRoot?.querySelectorAll(selector) ?? [])];

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-field-mappings', { is: FieldMappings });
  document.body.appendChild(element);
  await flush();
  return element;
}
const row = (el: HTMLElement, developerName: string) => $(el, `tr[data-mapping="${developerName}"]`) as HTMLElement;
const cell = (tr: HTMLElement, id: string) => text(tr.querySelector(`[data-id="${id}"]`));
const [acme] = CONNECTIONS.records;
const PROBLEMS = acme!.fields.Field_Mapping_Problems__c.value!;
/** The fixture's connection with another text on it (another connection, as the relay would write it). */
const connection = (id: string, name: string, problems: string | null) => ({
  ...acme,
  id,
  fields: {
    Name: { value: name, displayValue: null },
    Field_Mapping_Problems__c: { value: problems, displayValue: null },
  },
});
const withConnections = (...records: unknown[]) => ({ ...CONNECTIONS, count: records.length, records });

describe('c-field-mappings', () => {
  afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
  });

  it('shows a spinner until the mappings are read', async () => {
    const element = await mount();
    expect($(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('groups the records by Salesforce object, each in words', async () => {
    const element = await mount();
    apexAdapter.emit(MAPPINGS);
    listAdapter.emit(CONNECTIONS);
    await flush();
    const objects = [...new Set(MAPPINGS.mappings.map((m) => m.salesforceObject))].sort();
    expect(objects).toEqual(['Account', 'Contact', 'Opportunity', 'Product2']);
    expect($$(element, 'section[data-object]').map((s) => s.getAttribute('data-object'))).toEqual(objects);
    expect($$(element, 'tr[data-mapping]')).toHaveLength(MAPPINGS.mappings.length);
    for (const section of $$(element, 'section[data-object]')) {
      const object = section.getAttribute('data-object');
      expect(text(section.querySelector('h2'))).toBe(object);
      expect(text(section.querySelector('caption'))).toBe(`Field mappings for ${object}`);
      expect([...section.querySelectorAll('th[scope="col"]')].map(text)).toEqual([
        'Salesforce field',
        'Direction',
        'QuickBooks field',
        'Transform',
        'State',
      ]);
    }

    const region = row(element, 'Account_Region');
    expect(cell(region, 'salesforce-field')).toBe('Region__c');
    expect(cell(region, 'direction')).toContain('Copied both ways');
    expect(region.querySelector('[data-id="direction"] [aria-hidden="true"]')?.textContent).toBe('⇄');
    expect(cell(region, 'quickbooks-field')).toBe('Customer · Sales Region');
    expect(cell(region, 'kind')).toBe('Desktop data extension');
    expect(cell(region, 'transform')).toBe('Translated through the value map');
    expect(text(region.querySelector('[data-detail="value-map"]'))).toBe(
      'Value map (Salesforce=QuickBooks): East=E, West=W',
    );
    expect(text(region.querySelector('[data-detail="default"]'))).toBe('Default: Unassigned');
    expect(cell(region, 'active')).toBe('Active');

    const title = row(element, 'Contact_Job_Title');
    expect(cell(title, 'direction')).toContain('Copied from QuickBooks to Salesforce');
    expect(title.querySelector('[data-id="direction"] [aria-hidden="true"]')?.textContent).toBe('←');
    expect(cell(title, 'kind')).toBe('standard field');
    expect(cell(title, 'transform')).toBe('Copied as it is');

    const example = row(element, 'Example_Account_Description');
    expect(cell(example, 'label')).toBe('Example: Account Description');
    expect(cell(example, 'transform')).toBe('Shortened to fit the field');
    expect(cell(example, 'inactive')).toBe('Inactive');
    expect(cell(example, 'inactive-hint')).toBe('The relay ignores this mapping.');
    expect(example.querySelector('[data-id="active"]')).toBeNull();
    expect(example.className).toContain('slds-text-color_weak');
    await expect(element).toBeAccessible();
  });

  it('badges the shipped defaults, with what an admin may change of them, and no other mapping', async () => {
    const element = await mount();
    apexAdapter.emit(MAPPINGS);
    listAdapter.emit(CONNECTIONS);
    await flush();
    const shipped = MAPPINGS.mappings.filter((m) => m.shipped).map((m) => m.developerName);
    expect(shipped).toContain('Account_Phone');
    const badged = $$(element, '[data-id="shipped"]').map((b) => b.closest('tr')?.getAttribute('data-mapping'));
    expect(badged.sort()).toEqual([...shipped].sort());
    const phone = row(element, 'Account_Phone');
    expect(text(phone.querySelector('[data-id="shipped"] .slds-badge'))).toBe('Shipped default');
    expect(cell(phone, 'shipped-hint')).toBe(
      'Shipped with Ledgerbridge: you may turn it off, or point it at another field of the same object; nothing else of it can change.',
    );
    expect(cell(phone, 'kind')).toBe('standard field');
    expect(cell(phone, 'active')).toBe('Active');
    for (const admin of ['Account_Region', 'Contact_Job_Title', 'Example_Account_Description'])
      expect(row(element, admin).querySelector('[data-id="shipped"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows what the relay wrote it ignores, per connection and on each mapping it names', async () => {
    const element = await mount();
    apexAdapter.emit(MAPPINGS);
    listAdapter.emit(CONNECTIONS);
    await flush();
    const state = $(element, `[data-connection="${acme!.fields.Name.value}"]`) as HTMLElement;
    expect(cell(state, 'summary')).toBe('Acme Hardware Ltd: the relay ignores what these lines say:');
    expect([...state.querySelectorAll('[data-id="line"]')].map(text)).toEqual(PROBLEMS.split('\n'));
    expect(PROBLEMS).toContain('Account_Region: Account.Region__c does not exist in this org');

    const region = row(element, 'Account_Region');
    expect(cell(region, 'ignored-badge')).toBe('Ignored on Acme Hardware Ltd');
    expect(cell(region, 'ignored-reason')).toBe('Account.Region__c does not exist in this org');
    expect(cell(row(element, 'Contact_Job_Title'), 'ignored-reason')).toMatch(
      /^Contact to a QuickBooks Customer standard/,
    );
    // The inactive example is not read by the relay, so no connection can ignore it.
    expect(row(element, 'Example_Account_Description').querySelector('[data-id="ignored"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says every active mapping applies on a connection whose text is empty, and badges only where named', async () => {
    const element = await mount();
    apexAdapter.emit(MAPPINGS);
    listAdapter.emit(
      withConnections(
        connection('a018d0000000002AAA', 'Bluebird Books', ''),
        connection(
          'a018d0000000003AAA',
          'Cedar Online',
          'Contact_Job_Title: Contact.Title is a picklist field, which Copy cannot write',
        ),
        connection('a018d0000000004AAA', 'Dune Desktop', null),
      ),
    );
    await flush();
    expect($$(element, '[data-connection]').map((li) => li.getAttribute('data-connection'))).toEqual([
      'Bluebird Books',
      'Cedar Online',
      'Dune Desktop',
    ]);
    expect(cell($(element, '[data-connection="Bluebird Books"]')!, 'summary')).toBe(
      'Bluebird Books: every active mapping applies.',
    );
    expect(cell($(element, '[data-connection="Dune Desktop"]')!, 'summary')).toBe(
      'Dune Desktop: the relay reports no ignored mapping.',
    );
    expect(row(element, 'Account_Region').querySelector('[data-id="ignored"]')).toBeNull();
    const title = row(element, 'Contact_Job_Title');
    expect($$(element, '[data-id="ignored-badge"]').map(text)).toEqual(['Ignored on Cedar Online']);
    expect(cell(title, 'ignored-reason')).toBe('Contact.Title is a picklist field, which Copy cannot write');
    await expect(element).toBeAccessible();
  });

  it('links to the type’s records in Setup, by its key prefix', async () => {
    const element = await mount();
    apexAdapter.emit(MAPPINGS);
    await flush();
    const link = $(element, 'a[data-id="edit"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(
      `/lightning/setup/CustomMetadata/page?address=%2F${MAPPINGS.keyPrefix}%3Fsetupid%3DCustomMetadata`,
    );
    expect(text(link)).toBe('Edit in Setup');
    expect(link.getAttribute('aria-label')).toBe('Edit in Setup: the QuickBooks Field Mapping records');
    await expect(element).toBeAccessible();
  });

  it('says so when there are no records, and still links to Setup', async () => {
    const element = await mount();
    apexAdapter.emit(EMPTY);
    listAdapter.emit(CONNECTIONS);
    await flush();
    expect(text($(element, '[data-id="empty"]'))).toContain('No field mapping records');
    expect($(element, 'table')).toBeNull();
    expect($(element, 'a[data-id="edit"]')?.getAttribute('href')).toContain(`%2F${EMPTY.keyPrefix}`);
    await expect(element).toBeAccessible();
  });

  it('says why when the mappings cannot be read', async () => {
    const element = await mount();
    apexAdapter.error({
      message:
        'You do not have access to the QuickBooks Field Mappings: ask your administrator for the Ledgerbridge Admin or Ledgerbridge User permission set.',
    });
    await flush();
    const alert = $(element, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert?.querySelector('h2'))).toBe('The field mappings could not be loaded:');
    expect(text(alert)).toContain('You do not have access to the QuickBooks Field Mappings');
    expect($(element, 'a[data-id="edit"]')?.getAttribute('href')).toBe('/lightning/setup/CustomMetadata/home');
    await expect(element).toBeAccessible();
  });

  it('still lists the mappings when the connections cannot be read, saying why', async () => {
    const element = await mount();
    apexAdapter.emit(MAPPINGS);
    listAdapter.error({ message: 'You do not have access to QuickBooks Connections.' });
    await flush();
    expect(text($(element, '[data-id="connections-error"]'))).toContain(
      'You do not have access to QuickBooks Connections.',
    );
    expect($$(element, 'tr[data-mapping]')).toHaveLength(MAPPINGS.mappings.length);
    expect($(element, '[data-id="ignored"]')).toBeNull();
    await expect(element).toBeAccessible();
  });
});

describe('problemLines (the relay builds, the view reads)', () => {
  it('reads back what it builds', () => {
    const written = joinProblemLines([
      problemLine('Account_Region', 'Account.Region__c does not exist in this org'),
      problemLine('Account_Region', 'a second reason'),
      'a mapping the relay cannot read (Required)',
      problemLine('Contact_Title', 'transform "Shout" is not one the relay knows'),
    ]);
    expect(problemLines(written)).toHaveLength(4);
    expect([...problemsByMapping(written)]).toEqual([
      ['Account_Region', ['Account.Region__c does not exist in this org', 'a second reason']],
      ['Contact_Title', ['transform "Shout" is not one the relay knows']],
    ]);
    expect(mappingOf('a mapping the relay cannot read (Required)')).toBeUndefined();
    expect(problemsByMapping('')).toEqual(new Map());
    expect(problemsByMapping(null)).toEqual(new Map());
  });

  it('names the mappings in the text the relay wrote on the fixture connection', () => {
    expect([...problemsByMapping(PROBLEMS).keys()]).toEqual(['Account_Region', 'Contact_Job_Title']);
  });
});
