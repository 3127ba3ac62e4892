/**
 * The subscriber against the Pub/Sub simulator over a real loopback gRPC socket: decoding, resume,
 * flow control, keepalives, and every typed outcome.
 */
import { startPubSubSimulator, topicFor, type PubSubSimulator } from '../../../../../test/simulators/pubsub/index.ts';
import { openPubSubChannel } from './channel.ts';
import { isOwnChange } from './decode.ts';
import type { PubSubOutcome } from './outcome.ts';
import { subscribe, type ReceivedEvent } from './subscriber.ts';

const TENANT = '00D000000000001EAA';
const INSTANCE = 'https://acme.my.salesforce.com';
const TOKEN = 'token-ok';
const TOPIC = topicFor('Account');

const sims: PubSubSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function simulator(extra: { keepaliveMs?: number; idleCloseMs?: number } = {}): Promise<PubSubSimulator> {
  const sim = await startPubSubSimulator({
    tenantId: TENANT,
    instanceUrl: INSTANCE,
    isValidToken: (token) => token === TOKEN,
    entities: {
      Account: [
        { name: 'Name', type: 'string' },
        { name: 'Phone', type: 'string' },
        { name: 'NumberOfEmployees', type: 'int' },
        { name: 'BillingAddress', type: 'address' },
      ],
    },
    ...extra,
  });
  sims.push(sim);
  return sim;
}

interface Batch {
  events: readonly ReceivedEvent[];
  latest: Buffer;
  /** FetchRequests the simulator had received when the handler finished. */
  fetchRequestsAfterHandler: number;
}

/**
 * Subscribes in the background. `until` sees every batch and stops the subscription when true; a
 * subscription still running after 10 s is aborted, so a hang fails the assertions instead.
 */
function run(
  sim: PubSubSimulator,
  {
    replayId = null,
    batch = 100,
    token = TOKEN,
    until = () => false,
    slowHandlerMs = 0,
  }: {
    replayId?: Buffer | null;
    batch?: number;
    token?: string;
    until?: (batches: Batch[]) => boolean;
    slowHandlerMs?: number;
  } = {},
): { outcome: Promise<PubSubOutcome>; batches: Batch[] } {
  const controller = new AbortController();
  const guard = setTimeout(() => controller.abort(), 10_000);
  const batches: Batch[] = [];
  const channel = openPubSubChannel({
    endpoint: sim.address,
    insecure: true,
    auth: async () => ({ accessToken: token, instanceUrl: INSTANCE, tenantId: TENANT }),
  });
  const outcome = subscribe({
    channel,
    topic: TOPIC,
    replayId,
    batch,
    signal: controller.signal,
    onEvents: async (events, latest) => {
      if (slowHandlerMs > 0) await new Promise((resolve) => setTimeout(resolve, slowHandlerMs));
      batches.push({ events, latest, fetchRequestsAfterHandler: sim.stats.fetchRequests });
      if (until(batches)) controller.abort();
    },
  }).finally(() => {
    clearTimeout(guard);
    channel.close();
  });
  return { outcome, batches };
}

const events = (batches: Batch[]) => batches.flatMap((b) => b.events);

/** Resolves once the simulator has received `n` FetchRequests (the stream is open and asking). */
async function fetchRequests(sim: PubSubSimulator, n: number): Promise<void> {
  for (let waited = 0; sim.stats.fetchRequests < n; waited += 10) {
    if (waited > 5000) throw new Error(`the simulator saw ${sim.stats.fetchRequests} FetchRequests, not ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Pub/Sub subscriber against the simulator', () => {
  it('delivers events from LATEST decoded, each with its replay id, and fetches the schema once', async () => {
    const sim = await simulator();
    sim.publish('Account', { changeType: 'CREATE', recordIds: ['001OLD'], fields: { Name: 'Before we subscribed' } });
    const { outcome, batches } = run(sim, { until: (b) => events(b).length >= 2 });
    await fetchRequests(sim, 1);
    const update = sim.publish('Account', {
      changeType: 'UPDATE',
      recordIds: ['001A'],
      fields: { Name: 'Acme Ltd', BillingAddress: { City: 'Leeds' } },
      nulledFields: ['Phone'],
      changeOrigin: 'com/salesforce/api/rest/66.0;client=qb-relay',
      commitTimestamp: 1767225600000,
    });
    const create = sim.publish('Account', {
      changeType: 'CREATE',
      recordIds: ['001B'],
      fields: { Name: 'Brill plc', NumberOfEmployees: 12 },
    });

    expect((await outcome).code).toBe('pubsub_aborted');
    const [first, second] = events(batches);
    expect(first!.replayId).toEqual(update);
    expect(first!.event).toMatchObject({
      entity: 'Account',
      changeType: 'UPDATE',
      recordIds: ['001A'],
      nulledFields: ['Phone'],
      commitTimestamp: 1767225600000,
      fields: { Name: 'Acme Ltd', BillingAddress: { City: 'Leeds' }, LastModifiedDate: 1767225600000 },
    });
    expect([...first!.event.changedFields].sort()).toEqual(
      ['BillingAddress.City', 'LastModifiedDate', 'Name', 'Phone'].sort(),
    );
    expect(isOwnChange(first!.event, 'qb-relay')).toBe(true);
    expect(second!.replayId).toEqual(create);
    expect(second!.event).toMatchObject({ changeType: 'CREATE', recordIds: ['001B'] });
    expect(second!.event.fields).toMatchObject({ Name: 'Brill plc', NumberOfEmployees: 12 });
    expect(isOwnChange(second!.event, 'qb-relay')).toBe(false);
    expect(batches.at(-1)!.latest).toEqual(create);
    expect(events(batches).some((e) => e.event.recordIds.includes('001OLD'))).toBe(false);
    expect(sim.stats.getSchema).toBe(1);
  });

  it('resumes after a stored replay id with only the later events', async () => {
    const sim = await simulator();
    sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    const stored = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001B'], fields: { Name: 'B' } });
    const third = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001C'], fields: { Name: 'C' } });
    const fourth = sim.publish('Account', { changeType: 'UPDATE', recordIds: ['001A'], fields: { Name: 'A2' } });

    const { outcome, batches } = run(sim, { replayId: stored, until: (b) => events(b).length >= 2 });
    expect((await outcome).code).toBe('pubsub_aborted');
    expect(events(batches).map((e) => e.event.recordIds[0])).toEqual(['001C', '001A']);
    expect(events(batches).map((e) => e.replayId)).toEqual([third, fourth]);
  });

  it('asks for `batch` more only after the handler has resolved', async () => {
    const sim = await simulator();
    const stored = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001OLD'], fields: { Name: 'old' } });
    const ids = ['001A', '001B', '001C', '001D', '001E'];
    for (const id of ids) sim.publish('Account', { changeType: 'CREATE', recordIds: [id], fields: { Name: id } });
    const { outcome, batches } = run(sim, {
      replayId: stored,
      batch: 2,
      slowHandlerMs: 150,
      until: (b) => events(b).length >= 5,
    });

    expect((await outcome).code).toBe('pubsub_aborted');
    // All five were waiting, yet the server sent two at a time, as asked.
    expect(batches.map((b) => b.events.length)).toEqual([2, 2, 1]);
    expect(events(batches).map((e) => e.event.recordIds[0])).toEqual(ids);
    // When the k-th (slow) handler finished, only k FetchRequests had gone out: the next one
    // waits for the handler, not merely for the batch to arrive.
    expect(batches.map((b) => b.fetchRequestsAfterHandler)).toEqual([1, 2, 3]);
  });

  it('hands keepalives to the handler with the latest replay id and no events', async () => {
    const sim = await simulator({ keepaliveMs: 100 });
    const last = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    const { outcome, batches } = run(sim, { until: (b) => b.length >= 2 });
    expect((await outcome).code).toBe('pubsub_aborted');
    expect(batches.map((b) => b.events.length)).toEqual([0, 0]);
    expect(batches.map((b) => b.latest)).toEqual([last, last]);
  });

  it('decodes gap and overflow events: header only, ids to re-read', async () => {
    const sim = await simulator();
    const before = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    sim.publishGap('Account', 'GAP_UPDATE', ['001A', '001B']);
    sim.publishOverflow('Account');
    const { outcome, batches } = run(sim, { replayId: before, until: (b) => events(b).length >= 2 });
    expect((await outcome).code).toBe('pubsub_aborted');
    const [gap, overflow] = events(batches).map((e) => e.event);
    expect(gap).toMatchObject({ entity: 'Account', changeType: 'GAP_UPDATE', recordIds: ['001A', '001B'] });
    expect(gap!.fields).toStrictEqual({});
    expect(gap!.changedFields).toEqual([]);
    expect(overflow).toMatchObject({ changeType: 'GAP_OVERFLOW', recordIds: [] });
  });

  it('reports an expired replay id as pubsub_replay_expired', async () => {
    const sim = await simulator();
    const old = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    sim.publish('Account', { changeType: 'CREATE', recordIds: ['001B'], fields: { Name: 'B' } });
    sim.expire('all');
    const { outcome, batches } = run(sim, { replayId: old });
    expect(await outcome).toMatchObject({
      code: 'pubsub_replay_expired',
      retryable: false,
      sfErrorCode: 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
    });
    expect(batches).toEqual([]);
  });

  it('reports a rejected token as pubsub_unauthenticated', async () => {
    const sim = await simulator();
    const outcome = await run(sim, { token: 'expired' }).outcome;
    expect(outcome.code).toBe('pubsub_unauthenticated');
    expect(outcome.message).toMatch(/access token/);
  });

  it('reports a refusing service as pubsub_unavailable, and an unreachable one too', async () => {
    const sim = await simulator();
    sim.refuse('unavailable');
    expect((await run(sim).outcome).code).toBe('pubsub_unavailable');

    const gone = await simulator();
    await gone.close();
    sims.splice(sims.indexOf(gone), 1);
    const unreachable = await run(gone).outcome;
    expect(unreachable).toMatchObject({ code: 'pubsub_unavailable', retryable: true });
  });

  it('reports an org without the licence as pubsub_not_permitted, in words', async () => {
    const sim = await simulator();
    sim.refuse('not_licensed');
    const outcome = await run(sim).outcome;
    expect(outcome.code).toBe('pubsub_not_permitted');
    expect(outcome.message).toMatch(/not licensed/);
  });

  it('ends with pubsub_stream_closed when the server closes a stream left idle by a slow handler', async () => {
    const sim = await simulator({ idleCloseMs: 100 });
    const stored = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    sim.publish('Account', { changeType: 'CREATE', recordIds: ['001B'], fields: { Name: 'B' } });
    sim.publish('Account', { changeType: 'CREATE', recordIds: ['001C'], fields: { Name: 'C' } });
    // One event asked for, and the handler outlasts the server's idle limit before asking again.
    const { outcome, batches } = run(sim, { replayId: stored, batch: 1, slowHandlerMs: 300 });
    expect(await outcome).toMatchObject({ code: 'pubsub_stream_closed', retryable: true });
    expect(events(batches).map((e) => e.event.recordIds[0])).toEqual(['001B']);
  });

  it('reports a dropped stream as pubsub_unavailable after delivering what came before', async () => {
    const sim = await simulator();
    const { outcome, batches } = run(sim);
    await fetchRequests(sim, 1);
    const id = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    for (let waited = 0; batches.length === 0 && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    sim.dropStreams();
    expect((await outcome).code).toBe('pubsub_unavailable');
    expect(events(batches).map((e) => e.replayId)).toEqual([id]);
  });

  it('re-throws what the handler throws, and asks for nothing more', async () => {
    const sim = await simulator();
    const before = sim.publish('Account', { changeType: 'CREATE', recordIds: ['001A'], fields: { Name: 'A' } });
    sim.publish('Account', { changeType: 'CREATE', recordIds: ['001B'], fields: { Name: 'B' } });
    const channel = openPubSubChannel({
      endpoint: sim.address,
      insecure: true,
      auth: async () => ({ accessToken: TOKEN, instanceUrl: INSTANCE, tenantId: TENANT }),
    });
    const failing = subscribe({
      channel,
      topic: TOPIC,
      replayId: before,
      batch: 10,
      signal: new AbortController().signal,
      onEvents: async () => {
        throw new Error('store is down');
      },
    });
    await expect(failing).rejects.toThrow('store is down');
    channel.close();
    expect(sim.stats.fetchRequests).toBe(1);
  });
});
