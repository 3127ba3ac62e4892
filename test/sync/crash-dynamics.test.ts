/**
 * Crash safety, QuickBooks Desktop → Dynamics 365 Sales, end to end: the relay runs as its own
 * process (`ledgerbridge start`, embedded store in a data directory, only Dynamics configured, the
 * environment provisioned once per data directory with `ledgerbridge dynamics provision`); the
 * Dataverse simulator and the QuickBooks company with its Web Connector are in this process. One
 * uninterrupted run into a fresh environment gives the reference. Each scenario then SIGKILLs the
 * relay at some point of the same sync — between Web Connector pages, while a write call is in
 * flight, right after the session ended with writes still owed, twice in a row, after a seeded
 * random delay — restarts it on the same data directory, lets the Web Connector run again as its
 * scheduler would, waits for /health to show nothing owed and Dataverse's webhooks to be delivered,
 * and compares the environment with the reference: every row the relay writes present exactly
 * once, with the same column values, and no sync log the reference has not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDataverseSimulator, type DataverseSimulator } from '../simulators/dynamics/index.ts';
import { prng } from '../simulators/qbd/company/generator.ts';
import { createCompany, type Company } from '../simulators/qbd/company/index.ts';
import type { RunReport } from '../simulators/qbd/webconnector/client.ts';
import { bookkeeperOf, type BeforeCall, type Bookkeeper } from './support/bookkeeper.ts';
import { diffSnapshots, snapshotDataverse, type SnapshotResult } from './support/dataverse-snapshot.ts';
import {
  startRelayProcess,
  syncHealth,
  waitUntilSynced,
  type RelayProcess,
  type SyncHealth,
} from './support/relay-process.ts';
import { isWriteCall, provisionedEnvironment } from './support/dynamics-process.ts';

/** The company every run syncs: regenerated from the same seed (and default clock) each time. */
const COMPANY = {
  seed: 4343,
  customers: 36,
  vendors: 6,
  items: 20,
  invoices: 100,
  bills: 0,
  payments: 40,
  journalEntries: 0,
  deletions: 4,
};
const USER = 'crash';
const PASSWORD = 'crash-test web connector password';
const APP = { clientId: 'crash-dynamics-app', clientSecret: 'crash-dynamics-secret-not-logged' };
/** Small pages, so a session has many receiveResponseXML calls to die between. */
const PAGE_SIZE = '10';
/** Every Web API call answers this much later, so writes are still in flight when the relay dies. */
const DATAVERSE_LATENCY_MS = 15;
/** Seed of the random kill point (set CRASH_SEED to explore others; the test name shows it). */
const RANDOM_SEED = Number(process.env.CRASH_SEED ?? 10);

interface Reference {
  readonly result: SnapshotResult;
  /** Write calls (`$batch`, bulk messages) the uninterrupted run made. */
  readonly batches: number;
  readonly receives: number;
  readonly ms: number;
  /** The reference environment tampered with as a relay bug would (see `tamper`), snapshot again. */
  readonly tampered: { readonly result: SnapshotResult; readonly expected: Tamper };
}

/** One relay data directory, its Dataverse environment and its company, across restarts of the relay. */
interface Rig {
  readonly sim: DataverseSimulator;
  readonly company: Company;
  readonly dataDir: string;
  relay: RelayProcess;
  /** Its Web Connector, the .qwc added once. */
  readonly bookkeeper: Bookkeeper;
  /** What Dataverse held when the relay was last killed. */
  atKill: SnapshotResult | undefined;
  /** SIGKILLs the relay, noting what Dataverse held at that moment; resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts the relay again on the same data directory (after a kill). */
  restart(): Promise<RelayProcess>;
  /** One Web Connector update against the current relay. */
  session(beforeCall?: BeforeCall): Promise<RunReport>;
  /** Waits until the relay owes nothing and Dataverse has delivered every webhook. */
  settle(): Promise<SyncHealth>;
  close(): Promise<void>;
}

const batchesOf = (sim: DataverseSimulator) => sim.requests.filter((r) => isWriteCall(r.method, r.path)).length;

async function startRig(): Promise<Rig> {
  // Service protection lifted, as the bench does: a 429 and its Retry-After wait are not what this tests.
  const sim = await startDataverseSimulator({ ...APP, ticking: true, limits: { requestsPerWindow: 100_000_000 } });
  sim.faults.inject('slow', { delayMs: DATAVERSE_LATENCY_MS, times: Number.MAX_SAFE_INTEGER });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-crash-dyn-'));
  const env = await provisionedEnvironment(sim, APP, dataDir);
  const start = () =>
    startRelayProcess({
      dataDir,
      username: USER,
      password: PASSWORD,
      env: { ...env, QBWC_PAGE_SIZE: PAGE_SIZE },
    });
  const company = createCompany(COMPANY);
  const relay = await start();
  // The .qwc file the bookkeeper added to the Web Connector once; it stays valid across restarts.
  const bookkeeper = await bookkeeperOf(company, relay.url, USER, PASSWORD);
  const rig: Rig = {
    sim,
    company,
    dataDir,
    relay,
    bookkeeper,
    atKill: undefined,
    kill() {
      rig.atKill = snapshotDataverse(sim);
      return rig.relay.kill();
    },
    async restart() {
      rig.relay = await start();
      return rig.relay;
    },
    session: (beforeCall) => bookkeeper.session(rig.relay.url, beforeCall),
    async settle() {
      // The relay's writes make webhooks, whose handling may make more work: until both are still.
      for (let round = 0; ; round++) {
        if (round === 20) throw new Error(`Dataverse kept delivering webhooks:\n${tail(rig.relay)}`);
        await sim.webhooks.idle();
        const delivered = sim.webhooks.deliveries.length;
        const health = await waitUntilSynced(rig.relay.url, { timeoutMs: 45_000 }).catch((error: unknown) => {
          throw new Error(`${(error as Error).message}\nthe relay's last log lines:\n${tail(rig.relay)}`);
        });
        await sim.webhooks.idle();
        if (sim.webhooks.deliveries.length === delivered) return health;
      }
    },
    async close() {
      await rig.relay.stop();
      await sim.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

const tail = (relay: RelayProcess, n = 30) => relay.log().trim().split('\n').slice(-n).join('\n');

/** beforeCall hook: SIGKILL the relay just before the `n`th receiveResponseXML (of `query` pages when given). */
const killBeforeReceive = (rig: Rig, n: number, query?: string) =>
  rig.bookkeeper.killBeforeReceive(() => rig.kill(), n, query);

/**
 * Kills the relay while a write call (a `$batch` or a bulk message) is in flight: the first one to reach Dataverse from now on for
 * which `when` holds (given how many arrived so far, that one included) is held for `inFlightMs`
 * before Dataverse reads and applies it; the relay, done sending it, is killed meanwhile. So the
 * batch lands with no one left to hear the answer. Resolves once it has (`landed`: Dataverse applied it).
 */
function killAtBatch(rig: Rig, when: (n: number) => boolean, inFlightMs = 500): Promise<{ landed: boolean }> {
  const faults = rig.sim.faults;
  const take = faults.take.bind(faults);
  let seen = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      faults.take = take;
      reject(new Error(`no write call matched the kill condition (${seen} arrived)`));
    }, 40_000);
    faults.take = (method, where) => {
      if (!isWriteCall(method, where) || !when(++seen)) return take(method, where);
      faults.take = take;
      clearTimeout(timer);
      const before = batchesOf(rig.sim);
      // The body is on its way: give the relay a moment to finish sending it, then kill it.
      setTimeout(() => {
        rig.kill().then(() => setTimeout(() => resolve({ landed: batchesOf(rig.sim) > before }), inFlightMs), reject);
      }, 100);
      return { kind: 'slow', delayMs: inFlightMs, retryAfter: 0 };
    };
  });
}

/**
 * The kill came mid-work: Dataverse then held less than the reference (fewer rows, unless only
 * states were left to write — `rowsMissing` false — and in any case not yet the same).
 */
function killedMidWork(rig: Rig, reference: Reference, rowsMissing = true) {
  const atKill = rig.atKill!;
  if (rowsMissing) expect(atKill.total).toBeLessThan(reference.result.total);
  else expect(atKill.total).toBeLessThanOrEqual(reference.result.total);
  expect(diffSnapshots(reference.result.snapshot, atKill.snapshot)).not.toEqual([]);
}

/** After the crash(es): restart, let the Web Connector run again, wait, compare with the reference. */
async function recoverAndCompare(rig: Rig, reference: Reference, rowsMissing = true): Promise<SyncHealth> {
  expect(await rig.relay.exited).toBe('SIGKILL');
  killedMidWork(rig, reference, rowsMissing);
  await rig.restart();
  const report = await rig.session();
  expect([report.status, report.lastError]).toEqual(['completed', undefined]);
  const health = await rig.settle();
  const actual = snapshotDataverse(rig.sim);
  const diff = diffSnapshots(reference.result.snapshot, actual.snapshot);
  if (actual.duplicates.length || diff.length)
    console.log(
      `after the crash, Dataverse differs from the reference:\n  duplicates: ${actual.duplicates.join(', ')}\n  ` +
        `${diff.join('\n  ')}\nthe relay's last log lines:\n${tail(rig.relay)}`,
    );
  expect(actual.duplicates).toEqual([]);
  expect(actual.counts).toEqual(reference.result.counts);
  expect(diff).toEqual([]);
  expect(health.failedWrites).toBe(0);
  return health;
}

/** What `tamper` did, in the words the comparison should use. */
interface Tamper {
  readonly duplicates: readonly string[];
  readonly diff: readonly string[];
}

/**
 * Does to an environment what a crash-unsafe relay would: makes an invoice line twice, an account
 * twice (a second row without the key, as a create instead of an upsert would), loses a contact,
 * and changes a product's name — so the snapshot comparison is seen to notice each.
 */
function tamper(sim: DataverseSimulator): Tamper {
  const env = sim.env;
  const [line] = env.table('invoicedetail').rows();
  const { invoicedetailid: _id, baseamount: _b, extendedamount: _e, ...copy } = line!;
  env.table('invoicedetail').insert(copy);
  const [account] = env.table('account').rows();
  const twin = env.table('account').insert({ name: String(account!.name) });
  const [contact] = env.table('contact').rows();
  env.table('contact').delete(String(contact!.contactid));
  const [product] = env.table('product').rows();
  env.table('product').update(String(product!.productid), { name: 'Renamed by a bug' });
  const invoice = env.table('invoice').get((line!.invoiceid as { id: string }).id)!;
  const lineKey = `invoice:<connection>|${String(invoice.lb_quickbooksid)} line ${String(line!.lineitemnumber)}`;
  return {
    duplicates: [`account <no key ${String(twin.accountid)}>`, `invoicedetail ${lineKey}`],
    diff: [
      `account <no key ${String(twin.accountid)}>: not expected`,
      `contact <connection>|${String(contact!.lb_quickbooksid)}: missing`,
      `product <connection>|${String(product!.lb_quickbooksid)}.name: expected ${JSON.stringify(product!.name)}, got "Renamed by a bug"`,
    ],
  };
}

describe('the Dynamics relay killed with SIGKILL during a sync, then restarted', () => {
  let reference: Reference;

  beforeAll(async () => {
    const rig = await startRig();
    try {
      const t0 = Date.now();
      const report = await rig.session();
      if (report.status !== 'completed') throw new Error(`reference session ended ${report.status}: ${report.message}`);
      await rig.settle();
      const ms = Date.now() - t0;
      const result = snapshotDataverse(rig.sim);
      const expected = tamper(rig.sim);
      reference = {
        result,
        tampered: { result: snapshotDataverse(rig.sim), expected },
        batches: batchesOf(rig.sim),
        receives: report.calls.filter((c) => c.operation === 'receiveResponseXML').length,
        ms,
      };
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('the uninterrupted reference run mirrors the whole company, each row once', () => {
    const { counts, duplicates } = reference.result;
    expect(duplicates).toEqual([]);
    const company = createCompany(COMPANY);
    expect(counts.account).toBe(company.count('customer') + company.count('vendor'));
    expect(counts.product).toBe(company.count('item'));
    // Every priced item once in Ledgerbridge's price list (a percentage discount has no price).
    expect(counts.productpricelevel).toBe(company.list('item').filter((i) => i.itemType !== 'Discount').length);
    expect(counts.invoice).toBe(company.count('invoice'));
    expect(counts.invoicedetail).toBe(company.list('invoice').reduce((n, i) => n + i.lines.length, 0));
    expect(counts.contact).toBeGreaterThan(0);
    // Payments made some invoices Paid: their state is the last write of each.
    const paid = [...reference.result.snapshot.get('invoice')!.values()].filter((i) => i.statecode === 2);
    expect(paid.length).toBeGreaterThan(0);
    expect(counts.lb_synclog).toBe(0);
    expect(reference.receives).toBeGreaterThan(20);
    expect(reference.batches).toBeGreaterThan(3);
  });

  it('comparing with the reference notices duplicated, missing, extra and changed rows', () => {
    const { result, expected } = reference.tampered;
    expect([...result.duplicates].sort()).toEqual([...expected.duplicates].sort());
    const diff = diffSnapshots(reference.result.snapshot, result.snapshot, 1000);
    for (const d of expected.diff) expect(diff).toContain(d);
    // The twin line is seen as a second row of its key, and its invoice's totals moved.
    expect(diff.some((d) => /^invoicedetail .* <again [0-9a-f-]+>: not expected$/.test(d))).toBe(true);
    expect(diff.some((d) => /^invoice .*\.totalamount: expected/.test(d))).toBe(true);
    expect(result.counts.invoicedetail).toBe(reference.result.counts.invoicedetail! + 1);
  });

  it('between Web Connector pages (before the 3rd receiveResponseXML)', async () => {
    const rig = await startRig();
    try {
      const report = await rig.session(killBeforeReceive(rig, 3));
      expect(report.status).toBe('transport_error');
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('mid-way through the invoice iterator (before the 5th invoice page is stored)', async () => {
    const rig = await startRig();
    try {
      const report = await rig.session(killBeforeReceive(rig, 5, 'InvoiceQuery'));
      expect(report.status).toBe('transport_error');
      expect(report.requests.filter((r) => r.includes('<InvoiceQueryRq'))).toHaveLength(5);
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('while a write is in flight (half the reference run’s write calls made)', async () => {
    const rig = await startRig();
    try {
      const half = Math.ceil(reference.batches / 2);
      const killed = killAtBatch(rig, (n) => n === half);
      await rig.session();
      // Dataverse applied the batch after the relay died: the relay never heard its answer.
      expect(await killed).toEqual({ landed: true });
      expect(batchesOf(rig.sim)).toBe(half);
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('while the invoice lines’ write is in flight (every invoice in Dataverse, no line yet)', async () => {
    const rig = await startRig();
    const lines = () => rig.sim.env.table('invoicedetail').rows().length;
    try {
      const killed = killAtBatch(
        rig,
        () => rig.sim.env.table('invoice').rows().length === reference.result.counts.invoice && lines() === 0,
      );
      await rig.session();
      expect(await killed).toEqual({ landed: true });
      // The lines landed, unacknowledged: sent again, they must not be made twice.
      expect(lines()).toBeGreaterThan(0);
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('right after the Web Connector session ended, with writes still owed', async () => {
    const rig = await startRig();
    try {
      const report = await rig.session();
      expect(report.status).toBe('completed');
      const owed = await syncHealth(rig.relay.url);
      await rig.kill();
      // The relay still owed Dataverse writes (or payloads) when it died.
      expect(owed!.pendingPayloads + owed!.pendingWrites).toBeGreaterThan(0);
      await recoverAndCompare(rig, reference);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it('twice: between pages, then again while the next run’s invoice states are in flight', async () => {
    const rig = await startRig();
    try {
      expect((await rig.session(killBeforeReceive(rig, 8))).status).toBe('transport_error');
      expect(await rig.relay.exited).toBe('SIGKILL');
      killedMidWork(rig, reference);
      await rig.restart();
      // Every line in Dataverse: what is left is the invoices' states (Paid, Canceled).
      const lines = reference.result.counts.invoicedetail;
      const killed = killAtBatch(rig, () => rig.sim.env.table('invoicedetail').rows().length === lines);
      await rig.session();
      expect(await killed).toEqual({ landed: true });
      await recoverAndCompare(rig, reference, false);
    } finally {
      await rig.close();
    }
  }, 60_000);

  it(`at a random moment (CRASH_SEED=${RANDOM_SEED})`, async () => {
    const rig = await startRig();
    try {
      // Somewhere in the first four fifths of the reference run, so there is work left to lose.
      const delay = Math.floor(prng(RANDOM_SEED)() * 0.8 * reference.ms);
      const timer = setTimeout(() => void rig.kill(), delay);
      await rig.session();
      expect(await rig.relay.exited).toBe('SIGKILL');
      clearTimeout(timer);
      await recoverAndCompare(rig, reference, false);
    } finally {
      await rig.close();
    }
  }, 60_000);
});
