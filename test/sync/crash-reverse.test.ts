/**
 * Crash safety of the Salesforce → QuickBooks Desktop path, end to end: the relay runs as its own
 * process (`ledgerbridge start`, embedded SQLite store in a data directory); the org (filled with
 * Accounts marked "Send to QuickBooks", priced products and Closed Won Opportunities before the
 * relay starts, so its first round reads them) and the QuickBooks company behind its Web Connector
 * are simulated in this process. One uninterrupted run gives the reference. Each scenario SIGKILLs
 * the relay somewhere on the way — right after QuickBooks applied a write (its answer never
 * stored), while the relay reads the org's changes, twice at seeded random requests — restarts it
 * on the same data directory, lets the Web Connector run again as its scheduler would, and
 * compares both sides with the reference: every customer, item and invoice in QuickBooks once
 * (by name, by ExternalGUID), every Salesforce record linked to it.
 *
 * "Nothing owed" (see {@link settle}): `/health` counts writes waiting for the next Web Connector
 * session as pending, so the Web Connector runs again until a session asks QuickBooks to change
 * nothing and `/health` then shows nothing pending and no run open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { prng } from '../simulators/qbd/company/generator.ts';
import { createCompany, type Company } from '../simulators/qbd/company/index.ts';
import { createWebConnector, type RunReport } from '../simulators/qbd/webconnector/client.ts';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/index.ts';
import { createOrg } from '../simulators/salesforce/org.ts';
import { snapshotOrg } from './support/org-snapshot.ts';
import {
  fetchQwc,
  startRelayProcess,
  killWhen,
  syncHealth,
  type RelayProcess,
  type SyncHealth,
} from './support/relay-process.ts';
import { fillReverseOrg, reverseState, type ReverseNames, type ReverseState } from './support/reverse-sync.ts';

/** A small company: the forward reads stay short, the writes are what the scenarios are about. */
const COMPANY = {
  seed: 4243,
  customers: 5,
  vendors: 1,
  items: 3,
  invoices: 5,
  bills: 0,
  payments: 0,
  journalEntries: 0,
  deletions: 0,
};
const ORG = { accounts: 30, products: 5, deals: 20 };
const ORG_SEED = 11;
const USER = 'crashrev';
const PASSWORD = 'crash-reverse web connector password';
const CLIENT_ID = 'crash-reverse-client';
const CLIENT_SECRET = 'crash-reverse-secret-not-logged';
/** Polling only (no Pub/Sub): the org's changes are read on the first round after each start. */
const RELAY_ENV = { SF_PUBSUB: 'off', SF_POLL_SECONDS: '3600' };
/** Every Salesforce API call answers this much later, so reads are still in flight when the relay dies. */
const SF_LATENCY_MS = 15;
/** Seed of the random kill points (set CRASH_SEED to explore others; the test names show it). */
const RANDOM_SEED = Number(process.env.CRASH_SEED ?? 7);

type Moment = 'before' | 'after';
/** Called around QuickBooks processing each request of a session (`after`: QuickBooks answered it). */
type AroundRequest = (xml: string, moment: Moment) => void | Promise<void>;

interface Rig {
  readonly sim: SalesforceSimulator;
  readonly company: Company;
  readonly dataDir: string;
  readonly names: ReverseNames;
  relay: RelayProcess;
  /** When the relay last said it listens (ms since epoch). */
  startedAt: number;
  restart(): Promise<RelayProcess>;
  /** One Web Connector update against the current relay. */
  session(around?: AroundRequest): Promise<RunReport>;
  state(): ReverseState;
  close(): Promise<void>;
}

async function startRig(): Promise<Rig> {
  const sim = await startSalesforceSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  sim.faults.inject({ kind: 'slow', delayMs: SF_LATENCY_MS, times: Number.MAX_SAFE_INTEGER });
  const names = fillReverseOrg(sim.org, ORG, ORG_SEED);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-crashrev-'));
  const start = async () => {
    const relay = await startRelayProcess({
      dataDir,
      salesforceUrl: sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      username: USER,
      password: PASSWORD,
      env: RELAY_ENV,
    });
    rig.startedAt = Date.now();
    return relay;
  };
  const company = createCompany(COMPANY);
  let around: AroundRequest | undefined;
  // QuickBooks as the Web Connector sees it, with the scenario's hook around each request.
  const quickbooks = {
    ...company,
    processAsync: async (xml: string) => {
      await around?.(xml, 'before');
      const answer = await company.processAsync(xml);
      await around?.(xml, 'after');
      return answer;
    },
  };
  const rig: Rig = {
    sim,
    company,
    dataDir,
    names,
    relay: undefined as unknown as RelayProcess,
    startedAt: 0,
    async restart() {
      rig.relay = await start();
      return rig.relay;
    },
    async session(hook) {
      around = hook;
      try {
        return await createWebConnector({
          url: `${rig.relay.url}/qbwc`,
          username: USER,
          password: PASSWORD,
          ownerId: qwc.ownerId,
          fileId: qwc.fileId,
          company: quickbooks,
        }).run();
      } finally {
        around = undefined;
      }
    },
    state: () => reverseState(company, sim.org, connectionKey(sim), names),
    async close() {
      await rig.relay.stop();
      await sim.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  rig.relay = await start();
  const qwc = await fetchQwc(rig.relay.url, USER, PASSWORD);
  return rig;
}

function connectionKey(sim: SalesforceSimulator): string {
  const connections = sim.org.records('QuickBooks_Connection__c');
  if (connections.length !== 1) throw new Error(`expected one connection record, found ${connections.length}`);
  return String(connections[0]!.Connection_Key__c);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `/health` once nothing moves: no payload pending and the same figures for `stableMs`. */
async function quiet(url: string, { stableMs = 400, timeoutMs = 20_000 } = {}): Promise<SyncHealth> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  for (;;) {
    const h = await syncHealth(url);
    const now = JSON.stringify(h);
    if (now !== last) [last, since] = [now, Date.now()];
    if (h && h.pendingPayloads === 0 && (owesNothing(h) || Date.now() - since >= stableMs)) return h;
    if (Date.now() > deadline) throw new Error(`the relay did not settle within ${timeoutMs} ms; last /health: ${now}`);
    await sleep(50);
  }
}

const owesNothing = (h: SyncHealth) => h.pendingPayloads === 0 && h.pendingWrites === 0 && h.runningRuns === 0;
/** The Adds and Mods a session asked QuickBooks for, by request type. */
const changesIn = (report: RunReport) =>
  report.requests.flatMap((xml) => [...xml.matchAll(/<(\w+(?:Add|Mod))Rq /g)].map((m) => m[1]!));

/**
 * Runs the Web Connector as its scheduler would until nothing is owed: a session that asks
 * QuickBooks to change nothing, after which `/health` shows no payload, no write and no run
 * pending. Returns the sessions it took.
 */
async function settle(rig: Rig, maxSessions = 5): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  while (reports.length < maxSessions) {
    const report = await rig.session();
    reports.push(report);
    expect([report.status, report.lastError]).toEqual(['completed', undefined]);
    const health = await quiet(rig.relay.url);
    if (changesIn(report).length === 0 && owesNothing(health)) return reports;
  }
  throw new Error(`still owing after ${maxSessions} sessions: ${JSON.stringify(await syncHealth(rig.relay.url))}`);
}

/** The outbox rows that failed for good, as `object code`, read from the (stopped) relay's store. */
function failedWrites(dataDir: string): string[] {
  const db = new DatabaseSync(path.join(dataDir, 'ledgerbridge.sqlite'), { readOnly: true });
  try {
    const rows = db.prepare(`SELECT object, error_code FROM outbox WHERE status = 'failed' ORDER BY object`).all();
    return rows.map((r) => `${String(r.object)} ${String(r.error_code)}`);
  } finally {
    db.close();
  }
}

/** Waits until the relay's first round read and queued the org's changes; how long that took since it listened. */
async function queued(rig: Rig): Promise<number> {
  for (;;) {
    const h = await syncHealth(rig.relay.url);
    if (h && h.pendingPayloads === 0 && h.pendingWrites >= ORG.accounts + ORG.products + ORG.deals)
      return Date.now() - rig.startedAt;
    if (Date.now() - rig.startedAt > 20_000) throw new Error(`the org's changes were not queued: ${JSON.stringify(h)}`);
    await sleep(10);
  }
}

/** A hook that kills the relay at the `n`th request matching `which` (0-based), `moment` QuickBooks processes it. */
function killAt(
  rig: Rig,
  which: (xml: string) => boolean,
  n: number,
  moment: Moment,
): AroundRequest & { fired(): boolean } {
  let seen = 0;
  let fired = false;
  const hook = async (xml: string, m: Moment) => {
    if (m !== moment || fired || !which(xml)) return;
    if (seen++ === n) {
      fired = true;
      await rig.relay.kill();
    }
  };
  return Object.assign(hook, { fired: () => fired });
}

/** Records the rep entered, which no QuickBooks id keys (the org snapshot lists them as keyless). */
const REP_ENTERED = /^(PricebookEntry|OpportunityLineItem) <no key /;

interface Reference {
  readonly state: ReverseState;
  readonly counts: Readonly<Record<string, number>>;
  /** Requests of the session that wrote, and how long reading and queueing the org took. */
  readonly requests: number;
  readonly queuedMs: number;
}

/** After the crash(es): restart, run the Web Connector until nothing is owed, compare with the reference. */
async function recoverAndCompare(rig: Rig, reference: Reference): Promise<void> {
  expect(await rig.relay.exited).toBe('SIGKILL');
  await rig.restart();
  await settle(rig);
  expect(rig.state()).toEqual(reference.state);
  const org = snapshotOrg(rig.sim.org, connectionKey(rig.sim));
  expect(org.duplicates.filter((d) => !REP_ENTERED.test(d))).toEqual([]);
  expect(org.counts).toEqual(reference.counts);
  await rig.relay.stop();
  expect(failedWrites(rig.dataDir)).toEqual([]);
}

describe('reading what both sides hold of the org’s records', () => {
  it('tells an invoice added twice, an unlinked record and a doubled Account from a clean end state', () => {
    const org = createOrg({ clientId: 'c', clientSecret: 's' });
    org.store.insert(org.objectOrThrow('QuickBooks_Connection__c'), { Name: 'k', Connection_Key__c: 'k' });
    const names = fillReverseOrg(org, { accounts: 2, products: 1, deals: 1 }, ORG_SEED);
    const company = createCompany(COMPANY);
    const qbxml = (body: string) =>
      company.process(
        `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">${body}</QBXMLMsgsRq></QBXML>`,
      );
    const guid = '{3F2504E0-4F89-41D3-9A0C-0305E82C3301}';
    const invoice = (customer: string) =>
      qbxml(
        `<InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>${customer}</FullName></CustomerRef><TxnDate>2026-11-01</TxnDate>` +
          `<ExternalGUID>${guid}</ExternalGUID><InvoiceLineAdd><Desc>Work</Desc><Amount>10.00</Amount></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>`,
      );
    qbxml(
      `<CustomerAddRq><CustomerAdd><Name>${names.accounts[0]}</Name><Phone>555-0100</Phone></CustomerAdd></CustomerAddRq>`,
    );
    invoice(names.accounts[0]!);
    invoice(names.accounts[0]!);
    const customer = company.list('customer').find((c) => c.name === names.accounts[0])!;
    const [first] = org.records('Account');
    org.store.update(org.objectOrThrow('Account'), String(first!.Id), {
      QuickBooks_Customer_Id__c: `k:${customer.listId}`,
      QuickBooks_Sync_Status__c: 'Synced',
    });
    org.store.insert(org.objectOrThrow('Account'), { Name: names.accounts[1] });

    const state = reverseState(company, org, 'k', names);
    expect(state.customers).toEqual([`${names.accounts[0]} |  | 555-0100`]);
    expect(state.items).toEqual([]);
    expect(state.invoices).toEqual([
      `${names.accounts[0]} | 2026-11-01 | ?×@=10.00`,
      `${names.accounts[0]} | 2026-11-01 | ?×@=10.00`,
    ]);
    expect(state.sharedGuids).toEqual([guid]);
    expect(state.org).toEqual([
      `Account ${names.accounts[0]} ×1: ${names.accounts[0]} (Synced)`,
      `Account ${names.accounts[1]} ×2: not linked (no status), not linked (no status)`,
      `Product2 ${names.products[0]} ×1: not linked`,
      `Opportunity ${names.deals[0]} ×1: not linked`,
    ]);
  });
});

describe('the relay killed with SIGKILL on the way from Salesforce into QuickBooks Desktop, then restarted', () => {
  let reference: Reference;
  let failed: string[] = [];

  beforeAll(async () => {
    const rig = await startRig();
    try {
      const queuedMs = await queued(rig);
      const [first, ...rest] = await settle(rig);
      const counts = snapshotOrg(rig.sim.org, connectionKey(rig.sim)).counts;
      const state = rig.state();
      await rig.relay.stop();
      failed = failedWrites(rig.dataDir);
      reference = { state, counts, requests: first!.requests.length, queuedMs };
      // The session that wrote asked for changes, so another one confirmed nothing was left.
      if (rest.length === 0) throw new Error('the reference settled in one session that changed nothing');
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('the uninterrupted reference run adds every record once and links every Salesforce record back', () => {
    const { state } = reference;
    expect(state.customers).toHaveLength(ORG.accounts);
    expect(state.items).toHaveLength(ORG.products);
    expect(state.invoices).toHaveLength(ORG.deals);
    expect(state.sharedGuids).toEqual([]);
    expect(state.org.filter((l) => !/ ×1: /.test(l) || /not linked|unknown|\((?!Synced\))/.test(l))).toEqual([]);
    expect(state.org).toHaveLength(ORG.accounts + ORG.products + ORG.deals);
    // Each deal's invoice names its Account's customer and is dated the day it closed.
    expect(
      state.org.filter((l) => l.startsWith('Opportunity Reverse deal 03 ×1: Reverse Trading 03 | 2026-11-03 |')),
    ).toHaveLength(1);
    expect(failed).toEqual([]);
  });

  it.each([
    ['the customers', '<CustomerAddRq '],
    ['the invoices', '<InvoiceAddRq '],
    ['the invoices read back', '<InvoiceQueryRq requestID="read-back"'],
  ])(
    'right after QuickBooks applied %s, before the relay stored the answer',
    async (_what, marker) => {
      const rig = await startRig();
      try {
        await queued(rig);
        const kill = killAt(rig, (xml) => xml.includes(marker), 0, 'after');
        const report = await rig.session(kill);
        expect(kill.fired()).toBe(true);
        expect(report.status).toBe('transport_error');
        await recoverAndCompare(rig, reference);
      } finally {
        await rig.close();
      }
    },
    60_000,
  );

  it('while it reads the org’s changes (the Opportunities read, their lines not yet)', async () => {
    const rig = await startRig();
    try {
      const lines = () =>
        rig.sim.org.calls.some((c) => c.soql?.includes('FROM OpportunityLineItem WHERE OpportunityId IN'));
      await killWhen(rig.relay, lines, 20_000);
      expect(await rig.relay.exited).toBe('SIGKILL');
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it(`while it reads and queues the org’s changes, after a random delay (CRASH_SEED=${RANDOM_SEED})`, async () => {
    const rig = await startRig();
    try {
      const delay = Math.floor(prng(RANDOM_SEED)() * reference.queuedMs);
      await sleep(Math.max(0, delay - (Date.now() - rig.startedAt)));
      await rig.relay.kill();
      expect(await rig.relay.exited).toBe('SIGKILL');
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it(`twice, at random requests of the sessions that write (CRASH_SEED=${RANDOM_SEED})`, async () => {
    const rig = await startRig();
    try {
      const random = prng(RANDOM_SEED + 1);
      const moment = (): Moment => (random() < 0.5 ? 'before' : 'after');
      await queued(rig);
      // Anywhere in the session that writes everything; then in the first requests of the next one.
      const first = killAt(rig, () => true, Math.floor(random() * reference.requests), moment());
      expect((await rig.session(first)).status).toBe('transport_error');
      expect(await rig.relay.exited).toBe('SIGKILL');
      await rig.restart();
      const second = killAt(rig, () => true, Math.floor(random() * 8), moment());
      expect((await rig.session(second)).status).toBe('transport_error');
      expect([first.fired(), second.fired()]).toEqual([true, true]);
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);
});
