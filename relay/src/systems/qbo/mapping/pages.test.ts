import fs from 'node:fs';
import path from 'node:path';
import { parseExactJson } from '../api/json.ts';
import type { QboJson } from '../api/types.ts';
import { decodePage, encodePage } from './pages.ts';

const read = (file: string) =>
  (parseExactJson(fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', file), 'utf8')) as QboJson)
    .Invoice as QboJson;
const USD = { homeCurrency: 'USD' };

describe('QuickBooks Online inbox pages', () => {
  it('keep amounts exact through encoding and decoding', () => {
    const invoice = read('invoice.read.java-sdk-2015.json');
    const text = encodePage({ entity: 'Invoice', records: [invoice] });
    expect(text).toContain('"TotalAmt":"100055.55"');
    const page = decodePage(text, USD);
    expect(page.ok && page.value).toMatchObject({
      records: [{ type: 'invoice', id: '20246', total: '100055.55', exchangeRate: '1' }],
      failures: [],
    });
  });

  it('a record that cannot be read is a failure of its own; the rest of the page is used', () => {
    const good = read('invoice.read.nango.json');
    const bad = { ...good, Id: '131', TotalAmt: '1e2' };
    const deleted = {
      Id: '132',
      status: 'Deleted',
      domain: 'QBO',
      MetaData: { LastUpdatedTime: '2026-05-05T03:13:29-07:00' },
    };
    const page = decodePage(encodePage({ entity: 'Invoice', records: [good, bad, deleted, { Line: [] }] }), USD);
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value.records.map((r) => [r.type, r.id])).toEqual([
      ['invoice', '130'],
      ['deletion', '132'],
    ]);
    expect(page.value.failures.map((f) => [f.sourceType, f.sourceId, f.error.code])).toEqual([
      ['invoice', '131', 'qbo_invalid_record'],
      ['invoice', 'Invoice #4', 'qbo_invalid_record'],
    ]);
    expect(page.value.failures[0]!.error.message).toMatch(/^QuickBooks Online Invoice 131 cannot be read: TotalAmt /);
  });

  it('records of entities not mirrored are read and dropped', () => {
    const page = decodePage(encodePage({ entity: 'Estimate', records: [{ Id: '1' }] }), USD);
    expect(page).toEqual({ ok: true, value: { records: [], failures: [] } });
  });

  it.each([
    ['not JSON', '{"entity":"Invoice","records":[', /it is not JSON/],
    ['no entity', '{"records":[]}', /names no entity/],
    ['no list', '{"entity":"Invoice","records":{}}', /holds no list of records/],
  ])('refuses a page that cannot be read at all (%s), in words', (_what, text, message) => {
    const page = decodePage(text, USD);
    expect(page).toMatchObject({
      ok: false,
      error: {
        code: 'qbo_unreadable_page',
        message: expect.stringMatching(/^Ledgerbridge could not read a page of QuickBooks Online records: /),
      },
    });
    expect(!page.ok && page.error.message).toMatch(message);
  });
});
