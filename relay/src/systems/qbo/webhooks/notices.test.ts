/** Reading Intuit's webhook bodies: merges in both formats name the record merged away. */
import fs from 'node:fs';
import path from 'node:path';
import { parseNotices } from './notices.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8');

describe('QuickBooks Online webhook notices', () => {
  it("a CloudEvents merge (Intuit's page) names the kept customer and, from data.deletedid, the one merged away", () => {
    const read = parseNotices(fixture('cloudevents.customer-merged.intuit-docs.json'));
    expect(read.ok && read.value).toEqual([
      expect.objectContaining({ entity: 'Customer', entityId: '123', operation: 'Merge', mergedAwayId: '27' }),
    ]);
  });

  it('a legacy merge (reference §3.2) names the one merged away from deletedId', () => {
    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: '1185883450',
          dataChangeEvent: {
            entities: [
              {
                name: 'Customer',
                id: '12',
                operation: 'Merge',
                lastUpdated: '2015-10-05T14:42:19-0700',
                deletedId: '7',
              },
            ],
          },
        },
      ],
    });
    const read = parseNotices(body);
    expect(read.ok && read.value).toEqual([
      expect.objectContaining({ entity: 'Customer', entityId: '12', operation: 'Merge', mergedAwayId: '7' }),
    ]);
  });
});
