import { createLogger } from '../../lib/logger.ts';
import { ok } from '../../lib/result.ts';
import type { FieldMapping } from '../../sync/custom-fields.ts';
import type { SalesforceClient } from './client.ts';
import { DEAL_IN_QUICKBOOKS_QUERY, OPPORTUNITY_QUERY } from './change-queries.ts';
import { dealValues } from './deal-mapped-values.ts';
import { createNamer } from './names.ts';

const PO_REFERENCE: FieldMapping = {
  name: 'Deal_PO_Reference',
  recordType: 'invoice',
  booksField: 'Other',
  standard: true,
  crmField: 'PO_Reference__c',
  toCrm: false,
  toBooks: true,
  transform: { kind: 'truncate' },
  length: { crm: 80, books: 29 },
};
const DEAL = '0068d0000000002AAA';

function logged() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'info', write: (l) => lines.push(l) }) };
}

describe("a won deal's mapped values", () => {
  it('are cut to the QuickBooks field, logged without the text; an empty one sends nothing', () => {
    const { lines, log } = logged();
    const long = 'PO-2026-0042 / Northwind East / Dock 7B!';
    expect(dealValues({ PO_Reference__c: long }, DEAL, [PO_REFERENCE], log)).toEqual([
      { name: 'Other', value: long.slice(0, 29), standard: true },
    ]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      mapping: 'Deal_PO_Reference',
      field: 'Other',
      record: DEAL,
      length: 40,
      limit: 29,
    });
    expect(lines.join('\n')).not.toContain('Northwind');
    expect(dealValues({ PO_Reference__c: null }, DEAL, [PO_REFERENCE], log)).toEqual([]);
  });

  it("are read by the org's own field names in a namespaced org; deals in QuickBooks are stored only while a mapping applies", async () => {
    const calls: string[] = [];
    const sf = {
      namer: createNamer('lbr'),
      query: (soql: string) => {
        calls.push(soql);
        return Promise.resolve(ok(soql.includes('PO_Reference__c') ? [{ Id: DEAL, PO_Reference__c: 'PO-7' }] : []));
      },
    } as unknown as Pick<SalesforceClient, 'query' | 'namer'>;
    const { log } = logged();
    const mapping = { mappings: () => Promise.resolve([PO_REFERENCE]), log };
    const row = { Id: DEAL, AccountId: '0018d0000000002AAA', Account: {} };
    const read = await OPPORTUNITY_QUERY.enrich!(sf, [row], mapping);
    expect(read.ok && read.value[0]).toMatchObject({ Custom: [{ name: 'Other', value: 'PO-7', standard: true }] });
    expect(calls).toContain(`SELECT Id, PO_Reference__c FROM Opportunity WHERE Id IN ('${DEAL}')`);

    calls.length = 0;
    const none = { mappings: () => Promise.resolve([]), log };
    expect(await DEAL_IN_QUICKBOOKS_QUERY.enrich!(sf, [row], none)).toEqual({ ok: true, value: [] });
    expect(calls).toEqual([]);
  });
});
