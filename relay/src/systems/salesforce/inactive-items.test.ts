import { err, ok } from '../../lib/result.ts';
import type { SfError } from './errors.ts';
import { createInactiveItems } from './inactive-items.ts';
import { createNamer } from './names.ts';

const unavailable: SfError = { code: 'sf_unavailable', message: 'Salesforce unavailable', retryable: true };

describe('inactive items', () => {
  it('reads the connection’s inactive products once (again after a failure), then follows the items it maps', async () => {
    const queries: string[] = [];
    const answers = [
      err(unavailable),
      ok([{ lb__QuickBooks_Item_Id__c: 'acme:I-3' }, { lb__QuickBooks_Item_Id__c: 'other:I-4' }]),
    ];
    const inactive = createInactiveItems({
      namer: createNamer('lb'),
      query: (soql: string) => {
        queries.push(soql);
        return Promise.resolve(answers.shift()!) as never;
      },
    });
    expect(await inactive.load('acme')).toEqual(err(unavailable));
    expect([...inactive.of('acme')]).toEqual([]);
    expect(await inactive.load('acme')).toEqual(ok(undefined));
    expect(await inactive.load('acme')).toEqual(ok(undefined));
    expect(queries).toEqual([
      'SELECT lb__QuickBooks_Item_Id__c FROM Product2 WHERE IsActive = false AND lb__QuickBooks_Item_Id__c != null',
      'SELECT lb__QuickBooks_Item_Id__c FROM Product2 WHERE IsActive = false AND lb__QuickBooks_Item_Id__c != null',
    ]);
    expect([...inactive.of('acme')]).toEqual(['I-3']);
    inactive.note('acme', 'I-3', true);
    inactive.note('acme', 'I-5', false);
    expect([...inactive.of('acme')]).toEqual(['I-5']);
    // A connection not loaded yet knows nothing, and notes nothing.
    inactive.note('other', 'I-6', false);
    expect([...inactive.of('other')]).toEqual([]);
  });
});
