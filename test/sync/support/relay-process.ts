/**
 * @module
 * The relay as a real child process (`ledgerbridge start`) for crash tests and benchmarks: started
 * on a data directory with a Salesforce simulator and a Web Connector user, waited for until it
 * logs its URL, observed through `/health` and `/proc` (CPU time, peak RSS), and ended with a
 * signal — SIGKILL for a crash, SIGTERM for a clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readQwc } from '../../simulators/qbd/webconnector/qwc.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'relay', 'bin', 'ledgerbridge.js');

export interface RelayProcessOptions {
  readonly dataDir: string;
  /** The org and its connected app; absent: no Salesforce (a relay into Dynamics, say). */
  readonly salesforceUrl?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly username: string;
  readonly password: string;
  /** More environment (QBWC_PAGE_SIZE, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra Node options before the script (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

/** What `/health` reports about the sync. */
export interface SyncHealth {
  readonly pendingPayloads: number;
  readonly pendingWrites: number;
  readonly failedWrites: number;
  readonly runningRuns: number;
}

export interface RelayProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the relay wrote to stderr (its JSON log lines). */
  readonly log: () => string;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGKILL: the crash. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts the relay and resolves once it listens.
 * @example const relay = await startRelayProcess({ dataDir, salesforceUrl: sim.url, clientId, clientSecret, username: 'acme', password });
 */
export async function startRelayProcess(o: RelayProcessOptions): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    [...(o.nodeArgs ?? []), '--disable-warning=ExperimentalWarning', BIN, 'start'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        LEDGERBRIDGE_DATA_DIR: o.dataDir,
        ...(o.salesforceUrl
          ? { SF_LOGIN_URL: o.salesforceUrl, SF_CLIENT_ID: o.clientId ?? '', SF_CLIENT_SECRET: o.clientSecret ?? '' }
          : {}),
        QBWC_USERNAME: o.username,
        QBWC_PASSWORD: o.password,
        // No Pub/Sub API here unless a test starts one: the relay reads the org's changes by polling.
        SF_PUBSUB: 'off',
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start within 30 s:\n${log}`)), 30_000);
    const onLine = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /"msg":"relay listening"[^\n]*?"url":"([^"]+)"/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stderr!.on('data', onLine);
    child.stdout!.on('data', onLine);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`relay exited (${how}) before listening:\n${log}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    pid: child.pid!,
    child,
    log: () => log,
    exited,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/**
 * The sync figures from `/health` (undefined while the relay is unreachable or starting).
 * @example const h = await syncHealth(relay.url);
 */
export async function syncHealth(url: string): Promise<SyncHealth | undefined> {
  try {
    const res = await fetch(`${url}/health`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { sync?: SyncHealth };
    return body.sync;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the relay owes nothing: no payload to read, no write to send, no run open.
 * @example const h = await waitUntilSynced(relay.url, { timeoutMs: 60_000 });
 */
export async function waitUntilSynced(
  url: string,
  { timeoutMs = 60_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<SyncHealth> {
  const deadline = Date.now() + timeoutMs;
  let last: SyncHealth | undefined;
  for (;;) {
    last = (await syncHealth(url)) ?? last;
    if (last && last.pendingPayloads === 0 && last.pendingWrites === 0 && last.runningRuns === 0) return last;
    if (Date.now() > deadline)
      throw new Error(`the relay did not finish within ${timeoutMs} ms; last /health sync: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * OwnerID and FileID of the relay's `.qwc` file, as the bookkeeper's Web Connector would read them.
 * @example const { ownerId, fileId } = await fetchQwc(relay.url, 'acme', password);
 */
export async function fetchQwc(url: string, username: string, password: string) {
  const res = await fetch(`${url}/qbwc/qwc`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  if (!res.ok) throw new Error(`could not download the .qwc file (HTTP ${res.status})`);
  return readQwc(await res.text());
}

/**
 * CPU time (user + system, ms) a live process has used, from `/proc/<pid>/stat`.
 * @example const ms = processCpuMs(relay.pid);
 */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
}

/**
 * Peak resident set size (VmHWM, in MiB) of a live process, from `/proc/<pid>/status`.
 * @example const mib = processPeakRssMiB(relay.pid);
 */
export function processPeakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Kills the relay as soon as `when` holds (checked every millisecond); resolves once it is dead. */
export function killWhen(relay: Pick<RelayProcess, 'kill'>, when: () => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (when()) {
        clearInterval(timer);
        relay.kill().then(resolve, reject);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error('the kill condition never held'));
      }
    }, 1);
  });
}
