/**
 * Salesforce API calls of an idle relay, per hour and per day: nothing changes in the org or in
 * QuickBooks, and the relay runs its rounds as the background loop does (one a second of the
 * relay's clock, stepped by hand for one hour), with the production `SF_POLL_SECONDS` (15). Once
 * with Change Data Capture working (Pub/Sub simulator beside the org), once with Pub/Sub refused
 * (not licensed), i.e. the polling fallback. Start-up reads are left out. Target with Change Data
 * Capture: at most 500 calls a day. Prints figures only.
 */
import { startInProcessRelay } from '../relay/in-process.ts';

const HOUR_MS = 60 * 60_000;
const ROUND_MS = 1_000;
const COMPANY = { seed: 5, customers: 3, vendors: 1, items: 2, invoices: 2, bills: 0, payments: 0 };

async function until(cond: () => boolean): Promise<void> {
  for (const begun = Date.now(); !cond(); await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() - begun > 10_000) throw new Error('the change feed did not reach its mode');
  }
}

/** One idle hour: prints the calls made, and what each read. */
async function idleHour(label: string, refused: boolean): Promise<void> {
  let t = Date.parse('2026-12-01T15:00:00Z');
  const r = await startInProcessRelay(COMPANY, {
    now: () => t,
    env: { SF_POLL_SECONDS: '15', SF_PUBSUB_RETRY_SECONDS: '1800' },
    pubsub: { before: (pubsub) => pubsub.refuse(refused ? 'not_licensed' : null) },
  });
  try {
    const mode = () => (r.relay.runtime.status().salesforce as { changes: string } | undefined)?.changes;
    await until(() => mode() === (refused ? 'polling' : 'pubsub') && (!refused || r.pubsub!.stats.refused > 0));
    await r.relay.runtime.tick(); // start-up: reads everything once
    const usage = r.sim.org.apiUsage;
    const calls = r.sim.org.calls.length;
    const started = performance.now();
    for (let elapsed = 0; elapsed < HOUR_MS; elapsed += ROUND_MS) {
      t += ROUND_MS;
      await r.relay.runtime.tick();
    }
    const perHour = r.sim.org.apiUsage - usage;
    const byObject = new Map<string, number>();
    for (const c of r.sim.org.calls.slice(calls)) {
      const what = c.soql ? `SOQL ${/FROM (\w+)/.exec(c.soql)?.[1] ?? '?'}` : `${c.method} ${c.path}`;
      byObject.set(what, (byObject.get(what) ?? 0) + 1);
    }
    const perDay = perHour * 24;
    console.log(
      `${label.padEnd(36)} ${String(perHour).padStart(5)} calls/hour  ${String(perDay).padStart(6)} calls/day` +
        `  (mode ${mode()}, ${HOUR_MS / ROUND_MS} rounds in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    for (const [what, n] of [...byObject].sort((a, b) => b[1] - a[1])) console.log(`    ${what.padEnd(40)} ${n}/hour`);
  } finally {
    await r.close();
  }
}

console.log('Idle relay, Salesforce API calls (target with Change Data Capture: at most 500 a day)');
await idleHour('Change Data Capture (Pub/Sub)', false);
await idleHour('polling fallback (Pub/Sub refused)', true);
