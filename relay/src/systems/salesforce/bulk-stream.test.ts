/**
 * A Bulk job's CSV streams to Salesforce as it is produced. fetch sends a streamed body as it is
 * read only for a request with no redirect to follow and no window; any other request is cloned
 * first, which tees the body, and the branch nobody reads would hold the whole job in memory.
 */
import { jest } from '@jest/globals';
import { startHarness } from '../../../../test/simulators/salesforce/harness.ts';

it('uploads a job body fetch streams without a copy: no redirect, no window', async () => {
  const h = await startHarness();
  const send = jest.spyOn(globalThis, 'fetch');
  try {
    const rows = Array.from({ length: 300 }, (_, i) => ({ QuickBooks_Customer_Id__c: `acme:c${i}`, Name: `C ${i}` }));
    const outcomeOf = await h.sf.upsertLarge('Account', 'QuickBooks_Customer_Id__c', async function* () {
      yield rows;
    });
    const uploads = send.mock.calls.filter(([url, init]) => String(url).endsWith('/batches') && init?.method === 'PUT');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]![1]).toMatchObject({ duplex: 'half', redirect: 'error', window: null });
    expect(outcomeOf('acme:c299')).toMatchObject({ ok: true, created: true });
  } finally {
    send.mockRestore();
    await h.close();
  }
});
