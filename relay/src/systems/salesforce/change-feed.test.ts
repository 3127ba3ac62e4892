/**
 * The change feed over real loopback sockets: the Pub/Sub simulator for the events, the org
 * simulator for the session (its token check is the Pub/Sub simulator's), the relay's real
 * SalesforceClient for the token, and an embedded store for the replay id.
 */
import { startHarness, type Harness } from '../../../../test/simulators/salesforce/harness.ts';
import {
  ALL_CHANGES_TOPIC,
  startPubSubSimulator,
  type PubSubSimulator,
} from '../../../../test/simulators/pubsub/index.ts';
import { createLogger } from '../../lib/logger.ts';
import { openStore, type Store } from '../../store/index.ts';
import {
  createChangeFeed,
  FEED_SETTLE_MS,
  type ChangeFeed,
  type ChangeFeedOptions,
  type ChangeReason,
} from './change-feed.ts';
import { CALL_OPTIONS_CLIENT } from './client.ts';
import { createNamer } from './names.ts';

const CONNECTION = 'acme-sf';
const ENTITIES = ['Account', 'QuickBooks_Sync_Request__c', 'QuickBooks_Sync_Log__c'];
const OWN_ORIGIN = `com/salesforce/api/rest/66.0;client=${CALL_OPTIONS_CLIENT}`;
const CURSOR = `pubsub:${ALL_CHANGES_TOPIC}`;

interface Call {
  readonly entities: string[];
  readonly why: ChangeReason;
}

interface Rig {
  readonly org: Harness;
  pubsub: PubSubSimulator;
  readonly store: Store;
  /** Every line the feed logged. */
  readonly logs: string[];
  /** While false, the Pub/Sub simulator refuses every token. */
  acceptTokens: boolean;
}

let rig: Rig;
const feeds: ChangeFeed[] = [];

beforeEach(async () => {
  const org = await startHarness();
  const state = { acceptTokens: true };
  const pubsub = await startPubSubSimulator({
    tenantId: org.sim.org.orgId,
    instanceUrl: org.sim.url,
    isValidToken: (token) => state.acceptTokens && org.sim.org.sessions.check(`Bearer ${token}`),
    entities: {
      Account: [{ name: 'Name', type: 'string' }],
      QuickBooks_Sync_Request__c: [{ name: 'Status__c', type: 'string' }],
      QuickBooks_Sync_Log__c: [{ name: 'Message__c', type: 'string' }],
      Contact: [{ name: 'LastName', type: 'string' }],
      lbr__QuickBooks_Sync_Log__c: [{ name: 'lbr__Message__c', type: 'string' }],
    },
    keepaliveMs: 60_000,
  });
  const store = await openStore({ kind: 'embedded', file: ':memory:' });
  // The cursors table's foreign key points at `qbd_companies` (since migration 14), so the replay
  // id can only be stored under a connection that has a Desktop company row.
  await store.connections.upsert({
    id: CONNECTION,
    qbwcUsername: 'acme',
    passwordHash: 'h',
    ownerId: '{O}',
    fileId: '{F}',
  });
  rig = Object.assign(state, { org, pubsub, store, logs: [] as string[] });
});

afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
  await rig.pubsub.close();
  await rig.org.close();
  await rig.store.close();
});

/** A feed of the rig's org; `calls` gets every `onChanged`; `handler` may replace what it does. */
function feed(
  calls: Call[],
  { handler, ...extra }: Partial<ChangeFeedOptions> & { handler?: (call: Call) => Promise<void> } = {},
): ChangeFeed {
  const f = createChangeFeed({
    endpoint: rig.pubsub.address,
    insecure: true,
    auth: (rejected) => rig.org.sf.pubSubAuth(rejected),
    store: rig.store,
    connectionId: CONNECTION,
    topic: ALL_CHANGES_TOPIC,
    entities: ENTITIES,
    clientName: CALL_OPTIONS_CLIENT,
    log: createLogger({ level: 'debug', write: (line) => rig.logs.push(line) }),
    retryMs: 200,
    onChanged: async (entities, why) => {
      const call = { entities: [...entities].sort(), why };
      calls.push(call);
      await handler?.(call);
    },
    ...extra,
  });
  feeds.push(f);
  f.start();
  return f;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  for (const start = Date.now(); !(await cond()); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Resolves once the feed's stream is open and asking (n FetchRequests in all). */
const asking = (n = 1) => until(`${n} FetchRequests`, () => rig.pubsub.stats.fetchRequests >= n);

const stored = async () => (await rig.store.cursors.get(CONNECTION, CURSOR))?.fromModified ?? null;

const uiChange = (recordId: string) => ({ changeType: 'UPDATE' as const, recordIds: [recordId], fields: {} });

describe('change feed', () => {
  it('reads everything once when nothing is stored, then asks for a read per change made in Salesforce', async () => {
    const calls: Call[] = [];
    const f = feed(calls);
    await asking();
    expect(calls).toEqual([{ entities: [...ENTITIES].sort(), why: 'resubscribed' }]);
    const id = rig.pubsub.publish('Account', { ...uiChange('001A'), fields: { Name: 'Acme Ltd' } });

    await until('the Account read', () => calls.length === 2);
    expect(calls[1]).toEqual({ entities: ['Account'], why: 'events' });
    await until('the stored replay id', async () => (await stored()) === id.toString('base64'));
    await until('pubsub mode', () => f.status().mode === 'pubsub');
  });

  it('drops the relay own changes and ignores entities it does not follow, yet moves the replay id', async () => {
    const calls: Call[] = [];
    const f = feed(calls);
    await asking();
    rig.pubsub.publish('Account', { ...uiChange('001A'), changeOrigin: OWN_ORIGIN });
    rig.pubsub.publish('Contact', { ...uiChange('003A'), fields: { LastName: 'Smith' } });
    const last = rig.pubsub.publish('QuickBooks_Sync_Request__c', {
      ...uiChange('a01A'),
      fields: { Status__c: 'New' },
    });

    await until('three events', () => f.stats.events === 3);
    await until('the stored replay id', async () => (await stored()) === last.toString('base64'));
    expect(calls.slice(1)).toEqual([{ entities: ['QuickBooks_Sync_Request__c'], why: 'events' }]);
    expect(f.stats).toMatchObject({ ownChanges: 1, ignored: 1 });
  });

  it('follows the package objects under their namespaced names, reporting them by the names it was given', async () => {
    const calls: Call[] = [];
    const f = feed(calls, { apiName: createNamer('lbr') });
    await asking();
    rig.pubsub.publish('QuickBooks_Sync_Log__c', uiChange('a02A'));
    rig.pubsub.publish('lbr__QuickBooks_Sync_Log__c', uiChange('a02B'));
    await until('both events', () => f.stats.events === 2);
    expect(calls.slice(1)).toEqual([{ entities: ['QuickBooks_Sync_Log__c'], why: 'events' }]);
    expect(f.stats.ignored).toBe(1);
  });

  it('resumes after the stored replay id on restart: no handled event again, the ones published while stopped arrive', async () => {
    const first: Call[] = [];
    const f1 = feed(first);
    await asking();
    const handled = rig.pubsub.publish('Account', uiChange('001A'));
    await until('the stored replay id', async () => (await stored()) === handled.toString('base64'));
    await f1.stop();
    expect(f1.status()).toMatchObject({ mode: 'polling', reason: 'The change feed is stopped.' });

    rig.pubsub.publish('QuickBooks_Sync_Log__c', { ...uiChange('a02A'), fields: { Message__c: 'while stopped' } });
    const second: Call[] = [];
    const f2 = feed(second);
    await until('the read of what came while stopped', () => second.length >= 1);
    await new Promise((r) => setTimeout(r, FEED_SETTLE_MS));
    expect(second).toEqual([{ entities: ['QuickBooks_Sync_Log__c'], why: 'events' }]);
    expect(f2.stats.events).toBe(1);
  });

  it('asks for a gap read and an overflow read, by entity', async () => {
    const calls: Call[] = [];
    const f = feed(calls);
    await asking();
    rig.pubsub.publishGap('Account', 'GAP_UPDATE', ['001A', '001B']);
    rig.pubsub.publishOverflow('QuickBooks_Sync_Request__c');
    await until('both events', () => f.stats.events === 2);
    expect(calls.slice(1)).toEqual(
      expect.arrayContaining([
        { entities: ['Account'], why: 'gap' },
        { entities: ['QuickBooks_Sync_Request__c'], why: 'overflow' },
      ]),
    );
    expect(calls).toHaveLength(3);
  });

  it('catches up when the stored replay id expired, then starts at the tip and gets live events again', async () => {
    const f1 = feed([]);
    await asking();
    const old = rig.pubsub.publish('Account', uiChange('001A'));
    await until('the stored replay id', async () => (await stored()) === old.toString('base64'));
    await f1.stop();
    rig.pubsub.publish('Account', uiChange('001B'));
    rig.pubsub.expire('all');

    const calls: Call[] = [];
    feed(calls);
    await until('the catch-up read', () => calls.length === 1);
    expect(calls[0]).toEqual({ entities: [...ENTITIES].sort(), why: 'catch_up' });
    expect(await stored()).toBeNull();
    await asking(3);
    const live = rig.pubsub.publish('QuickBooks_Sync_Request__c', uiChange('a01A'));
    await until('the live read', () => calls.length === 2);
    expect(calls[1]).toEqual({ entities: ['QuickBooks_Sync_Request__c'], why: 'events' });
    await until('the new replay id stored', async () => (await stored()) === live.toString('base64'));
  });

  it('polls, saying why, while the org refuses Change Data Capture, and subscribes again after retryMs', async () => {
    rig.pubsub.refuse('not_licensed');
    const calls: Call[] = [];
    const f = feed(calls, { retryMs: 300 });
    await until('polling', () => f.status().mode === 'polling' && f.stats.fallbacks >= 1);
    const mode = f.status();
    if (mode.mode !== 'polling') throw new Error('expected polling');
    expect(mode.reason).toMatch(
      /^Change Data Capture is not available: the org is not licensed for Change Data Capture/,
    );
    expect(mode.reason).toMatch(/PERMISSION_DENIED/);
    expect(mode.reason).toMatch(/Reading changes by polling; Pub\/Sub is tried again in 300 ms\.$/);
    await until('a second refused attempt', () => f.stats.fallbacks >= 2);
    expect(f.status().mode).toBe('polling');
    expect((f.status() as { reason: string }).reason).toMatch(/tried again in 600 ms/);

    rig.pubsub.refuse(null);
    await until('pubsub mode again', () => f.status().mode === 'pubsub');
    rig.pubsub.publish('Account', uiChange('001A'));
    await until('the Account read', () => calls.some((c) => c.why === 'events'));
    expect(calls).toEqual([
      { entities: [...ENTITIES].sort(), why: 'resubscribed' },
      { entities: ['Account'], why: 'events' },
    ]);
  });

  it('resumes after a dropped stream without losing what was published meanwhile', async () => {
    const calls: Call[] = [];
    const f = feed(calls, { retryMs: 500 });
    await asking();
    rig.pubsub.publish('Account', uiChange('001A'));
    await until('the first read', () => calls.length === 2);
    rig.pubsub.dropStreams();
    await until('polling', () => f.status().mode === 'polling');
    const during = rig.pubsub.publish('QuickBooks_Sync_Log__c', uiChange('a02A'));
    await until('the read of what came during the drop', () => calls.length === 3);
    expect(calls[2]).toEqual({ entities: ['QuickBooks_Sync_Log__c'], why: 'events' });
    expect(f.stats.events).toBe(2);
    await until('the stored replay id', async () => (await stored()) === during.toString('base64'));
  });

  it('does not store the replay id when onChanged throws, so the events come again after a restart', async () => {
    const f1 = feed([], {
      retryMs: 60_000,
      handler: async ({ entities, why }) => {
        if (why === 'events' && entities.includes('QuickBooks_Sync_Request__c')) throw new Error('boom');
      },
    });
    await asking();
    const handled = rig.pubsub.publish('Account', uiChange('001A'));
    await until('the stored replay id', async () => (await stored()) === handled.toString('base64'));
    rig.pubsub.publish('QuickBooks_Sync_Request__c', uiChange('a01A'));
    await until('polling', () => f1.status().mode === 'polling' && f1.stats.fallbacks === 1);
    expect((f1.status() as { reason: string }).reason).toMatch(/reading the changes failed \(boom\)/);
    expect(await stored()).toBe(handled.toString('base64'));
    await f1.stop();

    const again: Call[] = [];
    feed(again);
    await until('the redelivered read', () => again.length === 1);
    expect(again).toEqual([{ entities: ['QuickBooks_Sync_Request__c'], why: 'events' }]);
  });

  it('asks for a fresh session once when the token is rejected, and polls when the fresh one is rejected too', async () => {
    expect((await rig.org.sf.signIn()).ok).toBe(true);
    rig.org.sim.org.sessions.expireAll();
    const calls: Call[] = [];
    const f = feed(calls);
    await asking();
    expect(f.stats.tokenRefreshes).toBe(1);
    expect(rig.org.sim.org.sessions.issued).toBe(2);
    rig.pubsub.publish('Account', uiChange('001A'));
    await until('the Account read', () => calls.length === 2);
    await f.stop();

    rig.acceptTokens = false;
    const refused = feed([], { retryMs: 60_000 });
    await until('polling', () => refused.stats.fallbacks === 1);
    expect(refused.stats.tokenRefreshes).toBe(1);
    expect((refused.status() as { reason: string }).reason).toMatch(
      /rejected the access token .*Still rejected after a token refresh\./,
    );
    const creds = await rig.org.sf.pubSubAuth();
    if (!creds.ok) throw new Error(creds.error.message);
    const { accessToken } = creds.value;
    expect(rig.logs.some((line) => line.includes(accessToken))).toBe(false);
  });

  it('polls, saying why, when no session can be had for the Pub/Sub API', async () => {
    rig.org.sim.org.sessions.block();
    const f = feed([], { retryMs: 60_000 });
    await until('polling', () => f.stats.fallbacks === 1);
    expect((f.status() as { reason: string }).reason).toMatch(
      /^Change Data Capture is not available: no Salesforce session for the Pub\/Sub API: .*tried again in 1 minute\.$/,
    );
    expect(rig.pubsub.stats.subscribes).toBe(0);
  });

  it('makes no REST call and asks for no new token while idle', async () => {
    await rig.pubsub.close();
    rig.pubsub = await startWithKeepalive(100);
    const calls: Call[] = [];
    const f = feed(calls);
    await until('pubsub mode', () => f.status().mode === 'pubsub');
    const issued = rig.org.sim.org.sessions.issued;
    await until('a stored keepalive', async () => (await stored()) !== null);
    await new Promise((r) => setTimeout(r, 1500));
    rig.pubsub.publish('Account', uiChange('001A'));
    await until('the Account read', () => calls.length === 2);
    expect(rig.org.sim.org.apiUsage).toBe(0);
    expect(rig.org.sim.org.sessions.issued).toBe(issued);
  });
});

/** A Pub/Sub simulator for the rig's org that sends keepalives every `ms`. */
async function startWithKeepalive(ms: number): Promise<PubSubSimulator> {
  return startPubSubSimulator({
    tenantId: rig.org.sim.org.orgId,
    instanceUrl: rig.org.sim.url,
    isValidToken: (token) => rig.org.sim.org.sessions.check(`Bearer ${token}`),
    entities: { Account: [{ name: 'Name', type: 'string' }] },
    keepaliveMs: ms,
  });
}
