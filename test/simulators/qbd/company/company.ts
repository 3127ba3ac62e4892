/**
 * @module
 * A QuickBooks Desktop company file in memory, answering qbXML like QuickBooks' request processor.
 * `createCompany` generates it deterministically from a seed; `process` runs a request document
 * (stopOnError / continueOnError, one `*Rs` per request answered) or throws {@link QbHresultError}
 * for what QuickBooks refuses as a whole (0x80040400 parse errors, unsupported version, injected
 * faults). Sessions bound iterators: `endSession()` makes every open iterator answer 3391.
 */
import { childrenNamed } from './xml.ts';
import { dataExtDefQuery, dataExtWrite, type DataExtDef } from './data-ext-writes.ts';
import { createFaults, type Faults } from './faults.ts';
import { garbleFirstRecord } from './unreadable.ts';
import { assignCurrencies, generate, type CompanySize } from './generator.ts';
import { companyRs, hostRs, preferencesRs } from './host.ts';
import { advanceClock, deleteRecord, editRecord } from './mutations.ts';
import { runDeletedQuery, runQuery, statusOnly, type RqOutcome } from './query.ts';
import { renderResponse } from './render.ts';
import { HRESULT, parseRequest, QbHresultError, SUPPORTED_RQ, type ParsedRq } from './request.ts';
import { newTables, type CompanyState, type Kind, type Tables } from './store.ts';
import { runWrite, WRITE_TYPES } from './writes.ts';

export { QbHresultError, HRESULT } from './request.ts';
export type { FaultKind, LockCode } from './faults.ts';

export interface CompanyOptions extends CompanySize {
  readonly seed?: number;
  /** The company's "now" (QuickBooks local time), default 2024-03-01T09:00:00. */
  readonly now?: string;
  /** Offset QuickBooks prints on timestamps (it ignores daylight saving time), default -08:00. */
  readonly offset?: string;
  readonly companyName?: string;
  readonly companyFilePath?: string;
  /** The edition's country as HostRet reports it (US, CA, UK), default US. */
  readonly country?: string;
  /** The home currency as QuickBooks names it, default the edition's own ("US Dollar" for US). */
  readonly homeCurrency?: string;
  /** Multicurrency on: every customer, vendor and transaction carries a CurrencyRef; PreferencesRet names the home currency. */
  readonly multiCurrency?: boolean;
  /** Multicurrency companies: the first `customers` top-level customers (their jobs and transactions too) deal in this currency. */
  readonly foreignCurrency?: { readonly name: string; readonly customers: number; readonly exchangeRate?: string };
  /** The company's data extension definitions (custom fields a user added; OwnerID `0` for public ones). */
  readonly dataExtDefs?: readonly DataExtDef[];
}

const EDITION_CURRENCY: Readonly<Record<string, string>> = {
  US: 'US Dollar',
  CA: 'Canadian Dollar',
  UK: 'British Pound Sterling',
};

const OTHER_LISTS = {
  terms: ['Net 15', 'Net 30', 'Due on receipt'],
  class: ['East', 'West'],
  salesTaxCode: ['Tax', 'Non'],
  paymentMethod: ['Check', 'Cash', 'Visa'],
  template: ['Intuit Service Invoice', 'Intuit Product Invoice'],
  customerType: ['Retail', 'Wholesale'],
  vendorType: ['Supplies', 'Subcontractor'],
  currency: ['US Dollar', 'Canadian Dollar', 'British Pound Sterling', 'Euro', 'Swiss Franc', 'Australian Dollar'],
} as const;

/**
 * @example
 * const company = createCompany({ seed: 7, customers: 2000 });
 * const xml = company.process(buildQbxml([{ type: 'CustomerQuery', requestId: '1', iterator: 'Start', maxReturned: 500 }], { onError: 'stopOnError' }));
 */
export function createCompany(options: CompanyOptions = {}) {
  const seed = options.seed ?? 1;
  const other = Object.fromEntries(
    Object.entries(OTHER_LISTS).map(([list, names], li) => [
      list,
      new Map(names.map((n, i) => [n, `${(li + 1) * 10000 + i + 1}-1071512000`])),
    ]),
  ) as CompanyState['other'];
  const state: CompanyState = {
    tables: newTables(),
    other,
    deletedLists: [],
    deletedTxns: [],
    clock: Date.parse(`${options.now ?? '2024-03-01T09:00:00'}Z`),
    offset: options.offset ?? '-08:00',
    seq: 0,
    refSeq: 1000,
    session: 0,
    iteratorSeq: 0,
    iterators: new Map(),
    seed,
    companyName: options.companyName ?? 'Ledgerbridge Test Company',
    fileIds: new Map(),
    country: options.country ?? 'US',
    homeCurrency: options.homeCurrency ?? EDITION_CURRENCY[options.country ?? 'US'] ?? 'US Dollar',
    multiCurrency: options.multiCurrency ?? false,
    dataExtDefs: [...(options.dataExtDefs ?? [])],
  };
  generate(state, options);
  if (state.multiCurrency) assignCurrencies(state, options.foreignCurrency);
  const faults: Faults = createFaults();
  const companyFilePath =
    options.companyFilePath ?? 'C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Ledgerbridge Test.qbw';

  function answer(rq: ParsedRq): RqOutcome {
    if (rq.requestId !== undefined && rq.requestId.length > 50)
      return statusOnly(rq, 1060, 'Error', `The requestID "${rq.requestId}" is longer than 50 characters.`);
    if (rq.refusal) return statusOnly(rq, rq.refusal.code, 'Error', rq.refusal.message);
    switch (rq.type) {
      case 'HostQuery':
        return { xml: hostRs(state, rq.requestId), severity: 'Info' };
      case 'CompanyQuery':
        return {
          xml: companyRs(
            state,
            rq.requestId,
            childrenNamed(rq.el, 'OwnerID').map((o) => o.text),
          ),
          severity: 'Info',
        };
      case 'PreferencesQuery':
        return { xml: preferencesRs(state, rq.requestId), severity: 'Info' };
      case 'DataExtDefQuery':
        return dataExtDefQuery(state, rq);
      case 'DataExtMod':
      case 'DataExtDel':
        return dataExtWrite(state, rq);
      case 'ListDeletedQuery':
      case 'TxnDeletedQuery':
        return runDeletedQuery(state, rq);
      default:
        if (WRITE_TYPES.has(rq.type)) return runWrite(state, rq, faults.takeLocked());
        if (SUPPORTED_RQ.has(rq.name)) return runQuery(state, rq);
        return statusOnly(
          rq,
          3250,
          'Error',
          'This feature is not enabled or not available in this version of QuickBooks.',
        );
    }
  }

  /** Runs one qbXML request document; returns the response document or throws {@link QbHresultError}. */
  function process(qbxml: string): string {
    faults.throwIfArmed('request');
    const { onError, requests } = parseRequest(qbxml);
    const out: string[] = [];
    for (const rq of requests) {
      const outcome = answer(rq);
      out.push(outcome.xml);
      // stopOnError (and rollbackOnError, which QuickBooks treats alike) also stops on warnings.
      if (onError !== 'continueOnError' && outcome.severity !== 'Info') break;
    }
    const rendered = renderResponse(out);
    const response = faults.takeUnreadable(requests.map((rq) => rq.type)) ? garbleFirstRecord(rendered) : rendered;
    return faults.takeMalformed() ? response.slice(0, Math.max(20, Math.floor(response.length / 2))) : response;
  }

  const company = {
    state,
    faults,
    companyFilePath,
    country: state.country,
    process,
    /** {@link process} after any injected slow-response delay (for the Web Connector driver). */
    async processAsync(qbxml: string): Promise<string> {
      const delay = faults.takeDelayMs();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      return process(qbxml);
    },
    /** QBWC opening the company file: injected faults, or a different file than the open one (0x8004040A). */
    beginSession(companyFile = ''): void {
      faults.throwIfArmed('open');
      if (companyFile !== '' && companyFile.toLowerCase() !== companyFilePath.toLowerCase()) {
        throw new QbHresultError(
          HRESULT.wrongFile,
          'The QuickBooks company data file is currently open in a mode other than the one specified by your application, or a different company file is open.',
        );
      }
      state.session++;
    },
    /** Ends the QuickBooks session: iterators opened in it become invalid (3391). */
    endSession(): void {
      state.session++;
      state.iterators.clear();
    },
    /**
     * The strHCPResponse of the first sendRequestXML. QBWC stores the app's FileID in the company file on
     * first connect; later calls return the stored one (so a different .qwc FileID is visible).
     */
    hostCompanyPreferencesResponse({ fileId, ownerId }: { fileId: string; ownerId: string }): string {
      if (!state.fileIds.has(ownerId)) state.fileIds.set(ownerId, fileId);
      return renderResponse([
        hostRs(state, undefined),
        companyRs(state, undefined, [ownerId]),
        preferencesRs(state, undefined),
      ]);
    },
    edit: <K extends Kind>(kind: K, id: string, changes: Parameters<typeof editRecord<K>>[3]) =>
      editRecord(state, kind, id, changes),
    delete: (kind: Kind, id: string) => deleteRecord(state, kind, id),
    /** A user adds a custom field in QuickBooks (a public data extension definition, OwnerID 0). */
    defineDataExt: (def: DataExtDef) => void state.dataExtDefs.push(def),
    advanceClock: (seconds: number) => advanceClock(state, seconds),
    /** Records of one kind, in insertion order. */
    list: <K extends keyof Tables>(kind: K) => [
      ...(state.tables[kind].values() as Iterable<Tables[K] extends Map<string, infer R> ? R : never>),
    ],
    count: (kind: keyof Tables) => state.tables[kind].size,
  };
  return company;
}

export type Company = ReturnType<typeof createCompany>;
