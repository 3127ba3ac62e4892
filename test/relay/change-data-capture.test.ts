/**
 * Change Data Capture in the running relay, over real loopback sockets: the org simulator, the
 * Pub/Sub simulator beside it (its sessions), the relay's change feed subscribed to it. The relay's
 * clock is stepped by hand, so "once a minute" and "once an hour" are the relay's, while the feed's
 * stream runs in real time. With the feed working, a round reads the org only when an event named
 * what changed (or once an hour); with Pub/Sub refused, the relay polls and says why.
 */
import type { SimRecord } from '../simulators/salesforce/store.ts';
import { startInProcessRelay, type InProcessOptions, type InProcessRelay } from './in-process.ts';

const COMPANY = { seed: 7, customers: 2, vendors: 0, items: 1, invoices: 0, bills: 0, payments: 0 };

interface Health {
  salesforce?: { changes: 'pubsub' | 'polling'; reason?: string };
}

let r: InProcessRelay;
let t = Date.parse('2026-12-01T15:00:00Z');
const now = () => t;

async function start(options: InProcessOptions['pubsub'] = {}): Promise<void> {
  r = await startInProcessRelay(COMPANY, { now, pubsub: options });
}
afterEach(async () => {
  await r.close();
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  for (const begun = Date.now(); !(await cond()); await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() - begun > ms) throw new Error(`timed out waiting for ${what}`);
  }
}

const health = async () => ((await (await fetch(`${r.relay.url}/health`)).json()) as Health).salesforce;
const inMode = (mode: 'pubsub' | 'polling') => until(mode, async () => (await health())?.changes === mode);

/** The SOQL reads of the companion so far: changed Accounts, and sync requests plus replay ticks. */
function reads(): { changes: number; requests: number } {
  const soql = r.sim.org.calls.flatMap((c) => (c.soql ? [c.soql] : []));
  return {
    changes: soql.filter((q) => /FROM Account WHERE QuickBooks_Sync_Enabled__c/.test(q)).length,
    requests: soql.filter((q) => /FROM QuickBooks_Sync_(Request|Log)__c/.test(q)).length,
  };
}

/** One round `ms` of the relay's time after the last. */
async function round(ms = 1_000): Promise<void> {
  t += ms;
  await r.relay.runtime.tick();
}

/** Rounds one second apart until `cond`, or fails after a few seconds of real time. */
async function roundsUntil(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  await until(what, async () => {
    await round();
    return cond();
  });
}

const accountPages = async () =>
  (
    await r.relay.runtime.store.db.query<{ payload: string }>(
      `SELECT payload FROM inbox WHERE request_kind = 'Account' ORDER BY received_at`,
    )
  ).map((row) => row.payload);

const newAccount = (name: string): SimRecord =>
  r.sim.org.store.insert(r.sim.org.objectOrThrow('Account'), { Name: name, QuickBooks_Sync_Enabled__c: true });

/** Subscribed, and the round that followed (it reads what changed while nothing listened) done. */
async function subscribed(): Promise<void> {
  await inMode('pubsub');
  await round();
}

describe('Change Data Capture in the relay', () => {
  it("reads the org's field mappings as it starts, before any round or session", async () => {
    await start();
    const mappingReads = () =>
      r.sim.org.calls.filter((c) => c.soql && /FROM QuickBooks_Field_Mapping__mdt/.test(c.soql)).length;
    await until('the mappings read', () => mappingReads() === 1);
    await subscribed();
    await round();
    expect(mappingReads()).toBe(1); // kept for the hour, not read again each round
  });

  it('reads a changed Account on the next round once its change event came, not a minute later', async () => {
    await start();
    await subscribed();
    const zoe = newAccount('Zoë’s Bakery');
    const before = reads();
    await round();
    expect(reads()).toEqual(before); // nothing said it changed: nothing read
    expect((await accountPages()).some((p) => p.includes(String(zoe.Id)))).toBe(false);

    r.pubsub!.publish('Account', {
      changeType: 'CREATE',
      recordIds: [String(zoe.Id)],
      fields: { Name: 'Zoë’s Bakery' },
    });
    const begun = t;
    await roundsUntil('the Account page', async () => (await accountPages()).some((p) => p.includes(String(zoe.Id))));
    expect(t - begun).toBeLessThan(60_000);
    expect(reads()).toEqual({ changes: before.changes + 1, requests: before.requests });
  });

  it('makes no SOQL read for changes or requests while nothing changes, but one of each an hour', async () => {
    await start();
    await subscribed();
    const before = reads();
    for (let minute = 1; minute < 59; minute++) await round(60_000);
    expect(reads()).toEqual(before);
    await round(2 * 60_000);
    expect(reads()).toEqual({ changes: before.changes + 1, requests: before.requests + 2 }); // replays, then requests
    expect((await health())?.changes).toBe('pubsub');
  });

  it('polls once a minute while Pub/Sub is refused, saying why, and goes back to Pub/Sub after the retry', async () => {
    await start({ before: (pubsub) => pubsub.refuse('not_licensed') });
    await until('the refusal', async () => /not licensed for Change Data Capture/.test((await health())?.reason ?? ''));
    expect(await health()).toEqual({ changes: 'polling', reason: expect.stringMatching(/tried again in 1 second/) });
    expect(r.logs.some((l) => l.includes('change feed falls back to polling') && l.includes('not licensed'))).toBe(
      true,
    );

    await round(); // the first round reads both
    const first = reads();
    await round(30_000);
    expect(reads().changes).toBe(first.changes); // Accounts: not yet a minute
    expect(reads().requests).toBe(first.requests + 2); // requests: every SF_POLL_SECONDS
    await round(30_000);
    expect(reads().changes).toBe(first.changes + 1);

    r.pubsub!.refuse(null);
    await inMode('pubsub');
    await round(); // the round the feed works again reads both (what changed meanwhile)
    const back = reads();
    expect(back.changes).toBe(first.changes + 2);
    for (let i = 0; i < 3; i++) await round(60_000);
    expect(reads()).toEqual(back);
  });

  it('picks up a sync request as soon as its change event came', async () => {
    await start();
    await subscribed();
    const o = r.sim.org.objectOrThrow('QuickBooks_Sync_Request__c');
    const id = String(r.sim.org.store.insert(o, { Scope__c: 'Health Check', Status__c: 'Requested' }).Id);
    const request = () => r.sim.org.records('QuickBooks_Sync_Request__c').find((x) => x.Id === id)!;
    await round();
    expect(request().Status__c).toBe('Requested');

    r.pubsub!.publish('QuickBooks_Sync_Request__c', {
      changeType: 'CREATE',
      recordIds: [id],
      fields: { Status__c: 'Requested' },
    });
    const begun = t;
    await roundsUntil('the answer', () => request().Status__c === 'Completed');
    expect(t - begun).toBeLessThan(15_000);
    expect(String(request().Result__c)).toMatch(/record\(s\) waiting/);
  });
});
