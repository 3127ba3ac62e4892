import { buildCsv, forEachCsvRow, forEachCsvRowIn, parseCsvRecords } from './csv.ts';
import { classifySalesforceCode, classifyThrown } from './errors.ts';
import { createLimitTracker, parseLimitInfo } from './limits.ts';
import { createNamer } from './names.ts';
import { bulkColumns, qualifyRecord } from './records.ts';
import { backoffDelay, DEFAULT_RETRY } from './retry.ts';

describe('retry backoff', () => {
  it('doubles, stays within [cap/2, cap], and never exceeds the maximum', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...p, random: () => 0 }))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...p, random: () => 0.999999 }))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });
});

describe('limits', () => {
  it('parses Sforce-Limit-Info', () => {
    expect(parseLimitInfo('api-usage=18/5000; api-bursts=1/750')).toEqual({ used: 18, limit: 5000 });
    expect(parseLimitInfo(undefined)).toBeUndefined();
  });

  it('pauses after a refusal, doubling while refused, until the pause ends', () => {
    let t = 0;
    const l = createLimitTracker({ now: () => t, pauseMs: 1000, maxPauseMs: 3000 });
    l.pause('TotalRequests Limit exceeded.');
    expect(l.paused()).toEqual({ until: 1000, reason: 'TotalRequests Limit exceeded.' });
    t = 1000;
    expect(l.paused()).toBeUndefined();
    l.pause('again');
    expect(l.paused()?.until).toBe(3000);
    l.pause('again');
    expect(l.paused()?.until).toBe(4000);
    l.resume();
    expect(l.paused()).toBeUndefined();
  });
});

describe('error classes', () => {
  it.each([
    ['UNABLE_TO_LOCK_ROW', 'sf_row_locked', true],
    ['REQUEST_LIMIT_EXCEEDED', 'sf_rate_limited', true],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'sf_validation', false],
    ['REQUIRED_FIELD_MISSING', 'sf_validation', false],
    ['INVALID_CROSS_REFERENCE_KEY', 'sf_validation', false],
    ['SERVER_UNAVAILABLE', 'sf_unavailable', true],
    ['ERROR_HTTP_502', 'sf_unavailable', true],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 'sf_forbidden', false],
    ['SOMETHING_NEW', 'sf_unknown', false],
  ])('%s → %s', (code, expected, retryable) => {
    expect(classifySalesforceCode(code, 'm')).toMatchObject({ code: expected, retryable, sfCode: code });
  });

  it('tells a missing field from a missing parent', () => {
    expect(classifySalesforceCode('INVALID_FIELD', "No such column 'X__c' on sobject of type Account").code).toBe(
      'sf_invalid_field',
    );
    expect(
      classifySalesforceCode('INVALID_FIELD', 'Foreign key external ID: 9 not found for field X__c in entity Account')
        .code,
    ).toBe('sf_validation');
    // The missing parent in words, namespace and suffix aside.
    expect(
      classifySalesforceCode(
        'INVALID_FIELD',
        'Foreign key external ID: acme:T-101 not found for field lbr__QuickBooks_Invoice_Id__c in entity lbr__QuickBooks_Invoice__c',
      ).message,
    ).toBe(
      'Not written: the QuickBooks Invoice it belongs to (acme:T-101) is not in Salesforce — it failed, or has not been written yet. Once that record is written, replay this one.',
    );
  });

  it('network failures and timeouts are transient', () => {
    expect(classifyThrown(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })).code).toBe(
      'sf_unavailable',
    );
    expect(classifyThrown(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }))).toMatchObject(
      { code: 'sf_unavailable', retryable: true },
    );
  });
});

describe('records and CSV', () => {
  it('qualifies names and parent references through the namespace', () => {
    const rec = qualifyRecord(createNamer('lbr'), 'QuickBooks_Invoice__c', {
      Name: 'INV-1',
      Status__c: 'Open',
      Account__r: { QuickBooks_Customer_Id__c: 'acme:1' },
    });
    expect(rec).toEqual({
      Name: 'INV-1',
      lbr__Status__c: 'Open',
      lbr__Account__r: { lbr__QuickBooks_Customer_Id__c: 'acme:1' },
    });
    expect(qualifyRecord(createNamer('lbr'), 'Opportunity', { Account: { QuickBooks_Customer_Id__c: 'a' } })).toEqual({
      Account: { lbr__QuickBooks_Customer_Id__c: 'a' },
    });
    expect(() => qualifyRecord(createNamer(''), 'Account', { Industry: 'x' })).toThrow(/not in SCHEMA/);
    expect(() => qualifyRecord(createNamer(''), 'QuickBooks_Invoice__c', { Account__r: { Name: 'x' } })).toThrow(
      /external-ID/,
    );
  });

  it('builds a CSV with a fixed column list; nulls become #N/A; quoting round-trips', () => {
    const rows = [
      { QuickBooks_Invoice_Id__c: 'a:1', Name: 'A, "B"', Memo__c: null, 'Account__r.QuickBooks_Customer_Id__c': 'c:1' },
      { QuickBooks_Invoice_Id__c: 'a:2', Name: 'line\nbreak', Total_Amount__c: 5 },
    ];
    const columns = bulkColumns('QuickBooks_Invoice__c', 'QuickBooks_Invoice_Id__c', [
      {
        QuickBooks_Invoice_Id__c: 'a',
        Name: 'x',
        Memo__c: null,
        Total_Amount__c: 1,
        Account__r: { QuickBooks_Customer_Id__c: 'c' },
      },
    ]);
    expect(columns).toEqual([
      'QuickBooks_Invoice_Id__c',
      'Name',
      'Total_Amount__c',
      'Memo__c',
      'Account__r.QuickBooks_Customer_Id__c',
    ]);
    const csv = buildCsv(columns, rows);
    expect(csv.split('\n')[1]).toBe('a:1,"A, ""B""",,#N/A,c:1');
    expect(parseCsvRecords(csv)[1]).toEqual({
      QuickBooks_Invoice_Id__c: 'a:2',
      Name: 'line\nbreak',
      Total_Amount__c: '5',
      Memo__c: '',
      'Account__r.QuickBooks_Customer_Id__c': '',
    });
  });
});

describe('CSV arriving in chunks', () => {
  const csv = buildCsv(
    ['Id__c', 'Memo__c', 'Name'],
    [
      { Id__c: 'a:1', Memo__c: 'two\nlines, "quoted"', Name: 'One' },
      { Id__c: 'a:2', Memo__c: null, Name: 'Two, Inc' },
      { Id__c: 'a:3', Memo__c: '', Name: 'Three' },
    ],
  ).replace(/\n/g, (m, i: number) => (i % 2 ? '\r\n' : m)); // LF and CRLF mixed, as files can be
  const whole = (): string[][] => {
    const rows: string[][] = [];
    forEachCsvRow(csv, (cells) => rows.push(cells));
    return rows;
  };

  it.each([1, 2, 3, 7, 64])('gives the same rows as the whole text when cut every %i characters', async (size) => {
    const rows: string[][] = [];
    await forEachCsvRowIn(
      (async function* () {
        for (let i = 0; i < csv.length; i += size) yield csv.slice(i, i + size);
      })(),
      (cells) => rows.push(cells),
    );
    expect(rows).toEqual(whole());
    expect(rows).toHaveLength(4);
  });
});
