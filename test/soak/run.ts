/**
 * `npm run soak`: a simulated month of QuickBooks Desktop (Web Connector) or QuickBooks Online ⇄
 * Salesforce, or Desktop ⇄ Dynamics 365 Sales, under random faults, seeded (see soak.ts, online.ts
 * and dynamics.ts). Prints the seed first, then the figures; exits 1 when
 * reconcile or the soak's own checks found a difference, a lost or duplicated record or an echo.
 */
import { parseArgs } from 'node:util';
import { runDynamicsSoak } from './dynamics.ts';
import { formatSoak, held } from './figures.ts';
import { runOnlineSoak } from './online.ts';
import { runSoak } from './soak.ts';

const USAGE = `npm run soak -- [--books desktop|online] [--crm salesforce|dynamics] [--seed N] [--days N] [--postgres URL] [--quiet]

A simulated month of QuickBooks and Salesforce (or Dynamics 365 Sales) edited on both sides, with faults injected at
random. Salesforce: 401/503/REQUEST_LIMIT_EXCEEDED/row locks. QuickBooks Desktop: busy, a dialog
open, an unreadable page, sessions cut mid-page, the relay restarted mid-session. QuickBooks
Online: 429, 401 (a token dead early; tokens also expire and rotate as the days pass), 5xx, 5010
(a stale SyncToken), webhooks dropped, sent twice and out of order, the relay restarted. Ends with
ledgerbridge reconcile and the soak's own checks: zero differences, lost = 0, duplicated = 0,
echoes = 0. Prints records moved, faults survived per kind and the API calls spent.

  --books KIND    desktop (the Web Connector; default) or online (QuickBooks Online)
  --crm KIND      salesforce (default) or dynamics (Dynamics 365 Sales, with --books desktop only:
                  Dynamics 429 with Retry-After, 503, tokens refused or aged past their hour;
                  QuickBooks busy, sessions cut, the relay restarted; no reconcile, which does not
                  cover Dynamics; one relay, also with --postgres)
  --seed N        the seed (default: SOAK_SEED, else random); a failing seed replays the same run
  --days N        simulated days (default 30)
  --postgres URL  the store on this PostgreSQL server (a throw-away schema), two relays sharing it
                  (default: the embedded store, one relay)
  --quiet         no progress lines

Exit status: 0 held, 1 a difference, loss, duplicate or echo, 2 usage.`;

const { values } = parseArgs({
  options: {
    books: { type: 'string', default: 'desktop' },
    crm: { type: 'string', default: 'salesforce' },
    seed: { type: 'string' },
    days: { type: 'string', default: '30' },
    postgres: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
const seed = Number(values.seed ?? process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const days = Number(values.days);
const online = values.books === 'online';
const dynamics = values.crm === 'dynamics';
if (
  values.help ||
  !['desktop', 'online'].includes(values.books) ||
  !['salesforce', 'dynamics'].includes(values.crm) ||
  (dynamics && online) ||
  !Number.isInteger(seed) ||
  !Number.isInteger(days) ||
  days < 1
) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
console.log(
  `soak seed ${seed} (replay: npm run soak -- --books ${values.books}${dynamics ? ' --crm dynamics' : ''} --seed ${seed} --days ${days})`,
);
const result = await (dynamics ? runDynamicsSoak : online ? runOnlineSoak : runSoak)({
  seed,
  days,
  ...(values.postgres ? { postgresUrl: values.postgres } : {}),
  ...(values.quiet ? {} : { progress: (line: string) => console.log(line) }),
});
console.log(`\n${formatSoak(result)}`);
process.exitCode = held(result) ? 0 : 1;
