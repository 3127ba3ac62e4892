import { validateQbxml13 } from '../../../../test/support/xsd.ts';
import {
  afterResponse,
  HOST_COMPANY_KIND,
  initialPlan,
  nextRequest,
  progressOf,
  SYNC_STEPS,
  TARGETED_KIND,
} from './planner.ts';

const opts = { pageSize: 500, overlapSeconds: 300, ownerId: '{OWNER}' };

describe('planner: customers a user asked to sync', () => {
  const plan = { ...initialPlan(), companyChecked: true, targets: ['80000001-1', '80000002-2'] };

  it('re-reads them after the incremental steps, with a request valid against the 13.0 schema', async () => {
    const next = nextRequest(SYNC_STEPS.length, plan, undefined, opts)!;
    expect(next.request.kind).toBe(TARGETED_KIND);
    expect(next.request.xml).toContain('<ListID>80000001-1</ListID>');
    expect(await validateQbxml13([{ name: 'targeted', xml: next.request.xml }])).toEqual([
      expect.objectContaining({ name: 'targeted', valid: true }),
    ]);
  });

  it('is only done after the re-read, and progress stays below 100 until then', () => {
    const page = { statusCode: 0, severity: 'Info', statusMessage: 'OK', records: [], remaining: 0 } as never;
    const last = afterResponse(SYNC_STEPS.length - 1, plan, page, undefined, opts);
    expect(last.done).toBe(false);
    expect(progressOf(last.step, last.plan, last.done)).toBeLessThan(100);
    const reread = afterResponse(SYNC_STEPS.length, plan, page, undefined, opts);
    expect(reread.done).toBe(true);
    // Without targets, the last incremental step ends the session as before.
    const plain = afterResponse(SYNC_STEPS.length - 1, { ...plan, targets: [] }, page, undefined, opts);
    expect(plain.done).toBe(true);
    expect(nextRequest(SYNC_STEPS.length, { ...plan, targets: [] }, undefined, opts)).toBeUndefined();
  });
});

describe('planner: the company check', () => {
  it('asks host, company and preferences (for the home currency) in one request valid against the 13.0 schema', async () => {
    const next = nextRequest(0, initialPlan(), undefined, {
      ...opts,
      ownerId: '{2A6B6E11-6B4C-4C2F-9F3A-1C2D3E4F5A6B}',
    })!;
    expect(next.request.kind).toBe(HOST_COMPANY_KIND);
    expect([...next.request.xml.matchAll(/<(\w+)Rq\b/g)].map((m) => m[1])).toEqual([
      'QBXMLMsgs',
      'HostQuery',
      'CompanyQuery',
      'PreferencesQuery',
    ]);
    expect(await validateQbxml13([{ name: 'hcp', xml: next.request.xml }])).toEqual([
      expect.objectContaining({ name: 'hcp', valid: true }),
    ]);
  });
});
