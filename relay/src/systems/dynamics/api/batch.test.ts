/** $batch over sockets: thousands of upserts split into calls, each row its own outcome; change sets all or nothing. */
import fs from 'node:fs';
import path from 'node:path';
import { startDynHarness, type DynHarness } from '../../../../../test/relay/support/dynamics-client.ts';
import { SPEC } from '../../../../../test/simulators/dynamics/test-client.ts';
import { runBatch, splitCalls } from './batch.ts';
import type { BatchOperation, DataverseClient } from './index.ts';
import { ok } from '../../../lib/result.ts';

let h: DynHarness;
let dyn: DataverseClient;
beforeEach(async () => {
  h = await startDynHarness();
  await h.provision('account');
  await h.provision('contact');
  dyn = h.client();
});
afterEach(() => h.close());

const key = (n: number) => ({ lb_quickbooksconnection: 'acme', lb_quickbooksid: `C-${n}` });
const upsert = (n: number, name: string): BatchOperation => ({
  kind: 'upsert',
  entitySet: 'accounts',
  key: key(n),
  body: { name },
});
const accounts = () => h.sim.env.table('account').rows();

describe('Dataverse client: $batch', () => {
  it('sends 2,500 upserts in 3 calls; the one bad row fails alone, named, and the other 2,499 are written', async () => {
    const bad = 1234;
    const groups = Array.from({ length: 2500 }, (_, n) => [upsert(n, n === bad ? 'x'.repeat(161) : `Customer ${n}`)]);
    const outcomes = await dyn.batch(groups);
    expect(h.sim.counters.batches).toBe(3);
    expect(h.sim.requests.filter((r) => r.path === '$batch').map((r) => r.operations)).toEqual([1000, 1000, 500]);
    expect(outcomes).toHaveLength(2500);
    const failed = outcomes.flatMap((g, n) => (g[0]!.ok ? [] : [n]));
    expect(failed).toEqual([bad]);
    const failure = outcomes[bad]![0]!;
    expect(!failure.ok && failure.error.code).toBe('dyn_validation');
    expect(!failure.ok && failure.error.message).toMatch(/exceeded the maximum allowed length of '160'.*0x80044331/);
    expect(accounts()).toHaveLength(2499);
    const first = outcomes[0]![0]!;
    const row = accounts().find((r) => r.lb_quickbooksid === 'C-0');
    expect(first.ok && first.id).toBe(row!.accountid);
    expect(accounts().some((r) => r.lb_quickbooksid === `C-${bad}`)).toBe(false);
  });

  it('rolls a change set back as a whole, reports it on each of its rows, and keeps the other groups', async () => {
    const outcomes = await dyn.batch([
      [upsert(1, 'One'), upsert(2, 'x'.repeat(161)), upsert(3, 'Three')],
      [upsert(4, 'Four')],
    ]);
    expect(outcomes[0]!.map((o) => (o.ok ? 'ok' : `${o.error.code}/${o.rolledBack}`))).toEqual([
      'dyn_validation/true',
      'dyn_validation/true',
      'dyn_validation/true',
    ]);
    expect(outcomes[1]![0]!.ok).toBe(true);
    expect(accounts().map((r) => r.lb_quickbooksid)).toEqual(['C-4']);
  });

  it('binds a row to one written earlier in its change set by Content-ID', async () => {
    const outcomes = await dyn.batch([
      [
        { kind: 'insert', entitySet: 'accounts', body: { name: 'Parent' } },
        {
          kind: 'upsert',
          entitySet: 'contacts',
          key: key(9),
          body: { lastname: 'Child' },
          refs: { 'parentcustomerid_account@odata.bind': 0 },
        },
      ],
    ]);
    expect(outcomes[0]!.every((o) => o.ok)).toBe(true);
    const parent = accounts()[0]!;
    const contact = h.sim.env.table('contact').rows()[0]!;
    expect(outcomes[0]![0]!.ok && outcomes[0]![0]!.id).toBe(parent.accountid);
    expect(contact.parentcustomerid).toMatchObject({ id: parent.accountid, table: 'account' });
  });

  it('refuses an unaddressable key before sending, and a throttled call is waited out, not lost', async () => {
    h.sim.faults.inject('throttle', { path: '$batch', times: 2, retryAfter: 3 });
    const outcomes = await dyn.batch([
      [upsert(1, 'One')],
      [{ ...upsert(2, 'Two'), key: { ...key(2), lb_quickbooksid: 'A&B' } }],
    ]);
    expect(outcomes[0]![0]!.ok).toBe(true);
    expect(!outcomes[1]![0]!.ok && outcomes[1]![0]!.error.code).toBe('dyn_bad_key');
    expect(h.sleeps).toEqual([3000, 3000]);
    expect(h.sim.requests.filter((r) => r.path === '$batch').map((r) => [r.status, r.operations])).toEqual([
      [429, 1],
      [429, 1],
      [200, 1],
    ]);
  });

  it('a call that fails as a whole fails each of its operations and sends nothing more', async () => {
    h.sim.faults.inject('throttle', { path: '$batch', times: 1 });
    const outcomes = await h
      .client({ throttleRetries: 0 })
      .batch(Array.from({ length: 1500 }, (_, n) => [upsert(n, `C ${n}`)]));
    expect(outcomes.every((g) => !g[0]!.ok && g[0]!.error.code === 'dyn_throttled' && g[0]!.error.retryable)).toBe(
      true,
    );
    expect(h.sim.requests.filter((r) => r.path === '$batch')).toHaveLength(1);
    expect(accounts()).toHaveLength(0);
  });

  it('reads the answer Microsoft documents (continue-on-error) into one outcome per operation', async () => {
    const recorded = fs.readFileSync(path.join(SPEC, 'batch-continue-on-error.response.http'), 'utf8');
    const [head, ...rest] = recorded.split('\r\n\r\n');
    const boundary = /--(batchresponse_[0-9a-f-]+)/.exec(recorded)![1]!;
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    const send = async () =>
      ok({
        status: 200,
        headers: new Headers({ 'content-type': `multipart/mixed; boundary=${boundary}` }),
        text: rest.join('\r\n\r\n'),
      });
    const task = (n: number): BatchOperation => ({ kind: 'insert', entitySet: 'tasks', body: { subject: `t${n}` } });
    const outcomes = await runBatch(send, 'https://org.example/api/data/v9.2/', [[task(1)], [task(2)], [task(3)]]);
    expect(outcomes.map((g) => (g[0]!.ok ? g[0]!.id : g[0]!.error.code))).toEqual([
      'dyn_validation',
      'aed2ae8b-3c94-ed11-aad1-000d3a9933c9',
      'b181a991-3c94-ed11-aad1-000d3a9933c9',
    ]);
  });

  it('splits calls at group boundaries, never inside a change set', () => {
    expect(splitCalls([400, 400, 400, 1000, 1], 1000)).toEqual([[0, 1], [2], [3], [4]]);
    expect(splitCalls(Array.from({ length: 2500 }, () => 1)).map((c) => c.length)).toEqual([1000, 1000, 500]);
  });
});
