/**
 * A short soak (3 simulated days, a fixed seed; `soak.ts`): QuickBooks Desktop (Web Connector) ⇄
 * Salesforce edited on both sides under random faults, then `ledgerbridge reconcile` and the soak's
 * own checks. On the embedded store with one relay, and with TEST_DATABASE_URL on PostgreSQL with
 * two relays sharing it. `npm run soak -- --seed N --days N` replays any seed by hand.
 */
import { postgresEnabled } from '../qbwc/support/stores.ts';
import { formatSoak, runSoak, type SoakResult } from './soak.ts';

const SEED = 1;
const legs: [string, string | undefined][] = [['embedded, one relay', undefined]];
if (postgresEnabled) legs.push(['PostgreSQL, two relays', process.env.TEST_DATABASE_URL]);

describe.each(legs)('a 3-day soak, seed 1 (%s)', (_name, postgresUrl) => {
  let r: SoakResult;
  beforeAll(async () => {
    r = await runSoak({ seed: SEED, days: 3, ...(postgresUrl ? { postgresUrl } : {}) });
    console.log(formatSoak(r));
  }, 240_000);

  it('survives the faults it injected, and reconcile finds the two sides in agreement', () => {
    expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(r.reconcile.reasons).toEqual([]);
    expect(r.reconcile.differences).toBe(0);
  });

  it('loses and duplicates nothing, by its own checks', () => {
    expect(r.verdict.lost).toEqual([]);
    expect(r.verdict.duplicated).toEqual([]);
  });

  it('agrees field by field, by its own checks', () => {
    expect(r.verdict.differing).toEqual([]);
  });

  it('echoes nothing', () => {
    expect(r.echoes).toEqual([]);
  });
});
