/**
 * @module
 * `ledgerbridge reconcile`: asks a reconciliation of each link (or of one connection's), waits for
 * the running relay to compare it — for QuickBooks Desktop, once the next Web Connector session has
 * read the figures — and prints the result as a table. Exit 0: in agreement; 1: differences; 3:
 * the figures did not arrive within `--wait` minutes (the relay compares them when they do, and
 * `--last` prints it); 2: usage. `--repair` re-reads and re-sends what differs, through the outbox.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openStore, storeLocation, type Store } from '../store/index.ts';
import { reconciliationsRepo, type Reconciliation } from '../store/reconciliations.ts';
import { topologyRepo } from '../store/topology.ts';
import { systemOf } from '../systems/registry.ts';
import { formatResult } from './report.ts';
import type { ReconcileResult } from './runner.ts';

export const RECONCILE_USAGE = `ledgerbridge reconcile [--connection KEY] [--repair] [--wait MINUTES]
ledgerbridge reconcile --last [--connection KEY]

Compares each QuickBooks company with its mirror in the CRM, to the cent: counts per object, each
customer's open and overdue balance, invoice and payment totals per month, and every customer,
invoice and payment. Each difference comes with its likely reason (a write on its way, a failed
write, a change made since the relay read it, a record deleted or edited in the CRM, one never read).
QuickBooks Desktop can only be read when the Web Connector calls: its next session reads the
figures (a light read), and the running relay (ledgerbridge start) compares them.

  --connection KEY  only this QuickBooks connection (as ledgerbridge ping lists them)
  --repair          read what differs again and send it again, through the normal outbox
  --wait MINUTES    how long to wait for the figures (default 30; 0: ask and return)
  --last            print the last finished reconciliation of each link, asking nothing

Exit status: 0 in agreement, 1 differences found, 3 still waiting for QuickBooks, 2 usage.
The relay also reconciles each link every RECONCILE_HOURS (default 24) by itself.`;

export interface ReconcileCommandDeps {
  /** Use this store (tests); default: the configured one. */
  readonly store?: Store;
  /** How often the store is looked at while waiting (default 2 s). */
  readonly pollMs?: number;
  readonly now?: () => number;
}

interface Link {
  readonly booksConnectionId: string;
  readonly crmConnectionId: string;
  readonly label: string;
  readonly books: string;
  /** Its figures come with its next session (else the relay reads them through its API). */
  readonly bySession: boolean;
}

async function linksOf(store: Store, only: string | undefined): Promise<Link[]> {
  const topology = topologyRepo(store.db);
  const out: Link[] = [];
  for (const flow of await topology.flows()) {
    const books = await topology.connection(flow.sourceConnectionId);
    const system = books && systemOf(books.system);
    if (!books || !system?.reconcile || (only && books.id !== only)) continue;
    out.push({
      booksConnectionId: books.id,
      crmConnectionId: flow.targetConnectionId,
      label: books.label,
      books: system.title,
      bySession: system.reconcile.figures === 'next-session',
    });
  }
  return out;
}

function print(rec: Reconciliation, link: Link, out: (s: string) => void): number {
  const result = JSON.parse(rec.result ?? '{}') as ReconcileResult & { error?: string };
  if (rec.status === 'failed' || result.error) {
    out(`${link.label}: the reconciliation could not be made: ${result.error ?? 'no reason kept'}\n`);
    return 1;
  }
  out(formatResult(result, link.label));
  return result.differences.length === 0 ? 0 : 1;
}

/** @returns the process exit code */
export async function runReconcile(
  args: string[],
  config: Config,
  out: (s: string) => void,
  deps: ReconcileCommandDeps = {},
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      connection: { type: 'string' },
      repair: { type: 'boolean', default: false },
      wait: { type: 'string', default: '30' },
      last: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const waitMinutes = Number(values.wait);
  if (values.help || !Number.isFinite(waitMinutes) || waitMinutes < 0) {
    out(RECONCILE_USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const now = deps.now ?? Date.now;
  const store = deps.store ?? (await openStore(storeLocation(config)));
  try {
    const links = await linksOf(store, values.connection);
    if (links.length === 0) {
      out(
        values.connection
          ? `No QuickBooks connection ${values.connection} that can be reconciled: see ledgerbridge ping.\n`
          : 'Nothing to reconcile yet: no QuickBooks company has synced with a CRM.\n',
      );
      return 2;
    }
    const repo = reconciliationsRepo(store.db, now);
    if (values.last) {
      let status = 0;
      for (const l of links) {
        const last = await repo.latest(l.booksConnectionId, l.crmConnectionId);
        if (!last || (last.status !== 'compared' && last.status !== 'failed'))
          out(`${l.label}: no finished reconciliation yet.\n`);
        else status = Math.max(status, print(last, l, out));
      }
      return status;
    }
    const asked = [];
    for (const l of links) {
      asked.push({ link: l, id: await repo.ask({ ...l, repair: values.repair, requestedBy: 'command' }) });
      out(
        l.bySession
          ? `${l.label}: asked the next ${l.books} session for its figures (the Web Connector runs every ${config.qbwc.runEveryMinutes} minutes).\n`
          : `${l.label}: asked the relay to read ${l.books}'s figures now.\n`,
      );
    }
    const deadline = now() + waitMinutes * 60_000;
    let status = 0;
    let lastNote = now();
    for (const { link, id } of asked) {
      for (;;) {
        const rec = await repo.get(id);
        if (rec && (rec.status === 'compared' || rec.status === 'failed')) {
          status = Math.max(status, print(rec, link, out));
          break;
        }
        if (now() >= deadline) {
          out(
            `${link.label}: still waiting for QuickBooks (${rec?.status === 'read' ? 'figures read, being compared' : 'no session yet'}); ` +
              'the relay compares them when they arrive: run ledgerbridge reconcile --last then.\n',
          );
          status = 3;
          break;
        }
        if (now() - lastNote >= 60_000) {
          out(`${link.label}: waiting for the Web Connector (${Math.round((deadline - now()) / 60_000)} min left)…\n`);
          lastNote = now();
        }
        await new Promise((r) => setTimeout(r, deps.pollMs ?? 2000));
      }
    }
    return status;
  } finally {
    if (!deps.store) await store.close();
  }
}
