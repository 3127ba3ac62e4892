/**
 * Data extensions in what the simulated QuickBooks answers to a query: DataExtRet only for the
 * OwnerIDs the query names — `0` for the company's public custom fields, an application's GUID for
 * its private ones — and none at all without an OwnerID, as QuickBooks answers.
 */
import { validateQbxml13 } from '../../../support/xsd.ts';
import { createCompany } from './company.ts';

const APP = '{6B063959-81B0-4D9A-A5B3-5B3A1A2B3C4D}';
const rq = (owners: readonly string[]) =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq>` +
  `<MaxReturned>1</MaxReturned>${owners.map((o) => `<OwnerID>${o}</OwnerID>`).join('')}</CustomerQueryRq></QBXMLMsgsRq></QBXML>`;

describe('data extensions in the simulated QuickBooks', () => {
  const company = createCompany({ seed: 3, customers: 1, vendors: 0, items: 0, invoices: 0, bills: 0, payments: 0 });
  const [first] = company.list('customer');
  company.edit('customer', first!.listId, {
    dataExt: [
      { ownerId: '0', name: 'Sales Region', value: 'E' },
      { ownerId: APP, name: 'Synced', value: 'yes' },
    ],
  });
  const names = (xml: string) => [...xml.matchAll(/<DataExtName>([^<]*)<\/DataExtName>/g)].map((m) => m[1]);

  it('answers the data extensions of the OwnerIDs asked for, and none without one', async () => {
    const asked = [[], ['0'], [APP.toLowerCase()], ['0', APP]].map((o, i) => ({ name: `rq${i}`, xml: rq(o) }));
    expect((await validateQbxml13(asked)).filter((r) => !r.valid)).toEqual([]);
    expect(names(company.process(rq([])))).toEqual([]);
    expect(names(company.process(rq(['0'])))).toEqual(['Sales Region']);
    expect(names(company.process(rq([APP.toLowerCase()])))).toEqual(['Synced']);
    expect(names(company.process(rq(['0', APP])))).toEqual(['Sales Region', 'Synced']);
  });
});
