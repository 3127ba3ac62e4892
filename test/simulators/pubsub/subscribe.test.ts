import { status } from '@grpc/grpc-js';
import { startPubSubSimulator, type PubSubSimulator, type PubSubSimulatorOptions } from './index.ts';
import { TestClient, type TestStream, type WireFetchResponse } from './test-client.ts';

const ORG = '00D000000000001EAA';
const AUTH = { accesstoken: 'tok', instanceurl: 'https://acme.my.salesforce.com', tenantid: ORG };
const TOPIC = '/data/AccountChangeEvent';

describe('Pub/Sub simulator: Subscribe', () => {
  let sim: PubSubSimulator;
  let client: TestClient;
  const streams: TestStream[] = [];

  async function start(extra: Partial<PubSubSimulatorOptions> = {}) {
    sim = await startPubSubSimulator({
      tenantId: ORG,
      isValidToken: (t) => t === 'tok',
      entities: { Account: [{ name: 'Name', type: 'string' }], Contact: [{ name: 'LastName', type: 'string' }] },
      ...extra,
    });
    client = new TestClient(sim.address, AUTH);
  }
  const subscribe = (...args: Parameters<TestClient['subscribe']>) => {
    const s = client.subscribe(...args);
    streams.push(s);
    return s;
  };
  const account = (name: string) =>
    sim.publish('Account', { changeType: 'UPDATE', recordIds: ['001000000000001AAA'], fields: { Name: name } });
  /** Takes responses until `count` events have arrived. */
  async function events(stream: TestStream, count: number): Promise<WireFetchResponse['events']> {
    const out: WireFetchResponse['events'] = [];
    while (out.length < count) out.push(...(await stream.next()).events);
    return out;
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; !condition(); i++) {
      if (i > 200) throw new Error('condition not met within 2 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  afterEach(async () => {
    for (const s of streams.splice(0)) s.cancel();
    client.close();
    await sim.close();
  });

  it('LATEST delivers only events published after the subscription; EARLIEST everything retained', async () => {
    await start();
    const before = account('before');
    const latest = subscribe({ topicName: TOPIC, replayPreset: 'LATEST', numRequested: 10 });
    const earliest = subscribe({ topicName: TOPIC, replayPreset: 'EARLIEST', numRequested: 10 });
    await until(() => sim.stats.fetchRequests === 2); // both streams are set up before the next publish
    const after = account('after');
    expect((await events(latest, 1)).map((e) => e.replayId)).toEqual([after]);
    expect((await events(earliest, 2)).map((e) => e.replayId)).toEqual([before, after]);
    expect(Buffer.compare(after, before)).toBe(1);
  });

  it('CUSTOM resumes after the given replay id, on the entity channel and on /data/ChangeEvents', async () => {
    await start();
    const ids = [account('a'), account('b'), account('c')];
    const contact = sim.publish('Contact', { changeType: 'CREATE', recordIds: ['003000000000001AAA'] });
    const resumed = subscribe({ topicName: TOPIC, replayPreset: 'CUSTOM', replayId: ids[0], numRequested: 10 });
    expect((await events(resumed, 2)).map((e) => e.replayId)).toEqual([ids[1], ids[2]]);
    const all = subscribe({
      topicName: '/data/ChangeEvents',
      replayPreset: 'CUSTOM',
      replayId: ids[1],
      numRequested: 10,
    });
    expect((await events(all, 2)).map((e) => e.replayId)).toEqual([ids[2], contact]);
  });

  it('flow control: 2 requested of 5 gives 2, then another FetchRequest on the same stream gives the rest', async () => {
    await start();
    const ids = [1, 2, 3, 4, 5].map((n) => account(`n${n}`));
    const stream = subscribe({ topicName: TOPIC, replayPreset: 'EARLIEST', numRequested: 2 });
    const first = await stream.next();
    expect(first.events.map((e) => e.replayId)).toEqual(ids.slice(0, 2));
    expect(first.pendingNumRequested).toBe(0);
    expect(first.latestReplayId).toEqual(ids[1]);
    expect(first.rpcId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 150));
    expect(stream.queued).toBe(0); // nothing more until asked
    stream.request({ numRequested: 10 });
    const rest = await stream.next();
    expect(rest.events.map((e) => e.replayId)).toEqual(ids.slice(2));
    expect(rest.pendingNumRequested).toBe(7);
    expect(sim.stats).toMatchObject({ subscribes: 1, fetchRequests: 2, eventsSent: 5 });
  });

  it('refuses num_requested over 100, a first request with no topic, and an unknown topic', async () => {
    await start();
    const tooMany = await subscribe({ topicName: TOPIC, numRequested: 101 }).closed();
    expect(tooMany.code).toBe(status.INVALID_ARGUMENT);
    expect(tooMany.metadata.get('error-code')).toHaveLength(1);
    expect((await subscribe({ numRequested: 5 }).closed()).code).toBe(status.INVALID_ARGUMENT);
    expect((await subscribe({ topicName: '/data/LeadChangeEvent', numRequested: 5 }).closed()).code).toBe(
      status.NOT_FOUND,
    );
  });

  it('refuses a later FetchRequest that names another topic', async () => {
    await start();
    const stream = subscribe({ topicName: TOPIC, replayPreset: 'LATEST', numRequested: 1 });
    stream.request({ topicName: TOPIC, numRequested: 1 }); // the same topic again is allowed
    stream.request({ topicName: '/data/ContactChangeEvent', numRequested: 1 });
    const closed = await stream.closed();
    expect(closed.code).toBe(status.INVALID_ARGUMENT);
    expect(sim.stats.fetchRequests).toBe(3);
  });

  it('sends an empty FetchResponse carrying latest_replay_id every keepaliveMs while there is nothing to send', async () => {
    await start({ keepaliveMs: 150 });
    const last = account('x');
    const stream = subscribe({ topicName: TOPIC, replayPreset: 'LATEST', numRequested: 5 });
    const began = Date.now();
    const keepalive = await stream.next();
    expect(Date.now() - began).toBeGreaterThanOrEqual(100);
    expect(keepalive.events).toEqual([]);
    expect(keepalive.latestReplayId).toEqual(last);
    expect(keepalive.pendingNumRequested).toBe(5);
    expect((await stream.next()).events).toEqual([]); // and again
  });

  it('closes the stream when nothing is requested and no FetchRequest comes within idleCloseMs', async () => {
    await start({ idleCloseMs: 200 });
    account('x');
    const idle = subscribe({ topicName: TOPIC, replayPreset: 'EARLIEST', numRequested: 1 });
    await idle.next();
    expect((await idle.closed()).code).toBe(status.OK);

    const kept = subscribe({ topicName: TOPIC, replayPreset: 'EARLIEST', numRequested: 1 });
    await kept.next();
    await new Promise((r) => setTimeout(r, 100));
    kept.request({ numRequested: 1 }); // in time: the stream stays open
    await new Promise((r) => setTimeout(r, 200));
    const next = account('y');
    expect((await kept.next()).events.map((e) => e.replayId)).toEqual([next]);
  });

  it('refuses a replay id that fell out of retention or was never issued, as Salesforce does', async () => {
    await start();
    const old = account('old');
    const kept = account('kept');
    sim.expire(old);
    const expired = await subscribe({
      topicName: TOPIC,
      replayPreset: 'CUSTOM',
      replayId: old,
      numRequested: 5,
    }).closed();
    expect(expired.code).toBe(status.INVALID_ARGUMENT);
    expect(expired.details).toMatch(/^The Replay ID validation failed/);
    expect(expired.metadata.get('error-code')).toEqual([
      'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
    ]);
    const never = Buffer.from([0, 0, 0, 0, 0, 0, 0x7f, 0]);
    expect(
      (await subscribe({ topicName: TOPIC, replayPreset: 'CUSTOM', replayId: never, numRequested: 5 }).closed()).code,
    ).toBe(status.INVALID_ARGUMENT);
    const earliest = subscribe({ topicName: TOPIC, replayPreset: 'EARLIEST', numRequested: 5 });
    expect((await events(earliest, 1)).map((e) => e.replayId)).toEqual([kept]);
    sim.expire('all');
    expect(
      (await subscribe({ topicName: TOPIC, replayPreset: 'CUSTOM', replayId: kept, numRequested: 5 }).closed()).code,
    ).toBe(status.INVALID_ARGUMENT);
  });

  it('dropStreams() ends live streams with UNAVAILABLE; a new Subscribe resumes', async () => {
    await start();
    const first = account('a');
    const stream = subscribe({ topicName: TOPIC, replayPreset: 'EARLIEST', numRequested: 5 });
    await events(stream, 1);
    sim.dropStreams();
    expect((await stream.closed()).code).toBe(status.UNAVAILABLE);
    const second = account('b');
    const again = subscribe({ topicName: TOPIC, replayPreset: 'CUSTOM', replayId: first, numRequested: 5 });
    expect((await events(again, 1)).map((e) => e.replayId)).toEqual([second]);
  });
});
