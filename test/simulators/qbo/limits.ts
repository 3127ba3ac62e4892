/**
 * @module
 * Per-realm throttles (reference §2.8: 500 requests a minute per realm, 10 a second per realm and
 * app, 40 batch requests a minute per realm and app; the older documented cap of 10 concurrent
 * requests) and the counters tests and benches read:
 * calls by endpoint, requests refused with 429, peak requests in any minute, peak concurrency.
 * Windows slide on the simulator's clock, so a test can move past a minute instead of waiting.
 */
import type { SimClock } from './clock.ts';

export interface Limits {
  readonly perMinute: number;
  readonly perSecond: number;
  readonly concurrent: number;
  /** `POST /batch` requests a minute (they count towards `perMinute` too). */
  readonly batchPerMinute: number;
}

export const INTUIT_LIMITS: Limits = { perMinute: 500, perSecond: 10, concurrent: 10, batchPerMinute: 40 };

export interface RealmCounters {
  /** `GET customer`, `POST invoice`, `GET query`, `POST batch`, `GET cdc`, … (counted even when throttled). */
  readonly calls: Readonly<Record<string, number>>;
  readonly throttled: number;
  readonly peakPerMinute: number;
  readonly peakConcurrent: number;
  readonly inFlight: number;
}

export interface Throttle {
  /** Admits a request (true) or refuses it (false, a 429); an admitted one must be `done()`. */
  admit(realmId: string, endpoint: string): boolean;
  done(realmId: string): void;
  counters(realmId: string): RealmCounters;
  /** Every realm's counters summed; peaks are the highest of any realm. */
  total(): RealmCounters;
}

interface RealmState {
  calls: Record<string, number>;
  stamps: number[];
  batchStamps: number[];
  throttled: number;
  peakPerMinute: number;
  peakConcurrent: number;
  inFlight: number;
}

export function createThrottle(limits: Limits, clock: SimClock): Throttle {
  const realms = new Map<string, RealmState>();
  const state = (r: string) => {
    let s = realms.get(r);
    if (!s) {
      s = { calls: {}, stamps: [], batchStamps: [], throttled: 0, peakPerMinute: 0, peakConcurrent: 0, inFlight: 0 };
      realms.set(r, s);
    }
    return s;
  };
  const snapshot = (s: RealmState): RealmCounters => ({
    calls: { ...s.calls },
    throttled: s.throttled,
    peakPerMinute: s.peakPerMinute,
    peakConcurrent: s.peakConcurrent,
    inFlight: s.inFlight,
  });
  return {
    admit(realmId, endpoint) {
      const s = state(realmId);
      s.calls[endpoint] = (s.calls[endpoint] ?? 0) + 1;
      const now = clock.now();
      s.stamps = s.stamps.filter((t) => t > now - 60_000 && t <= now);
      s.batchStamps = s.batchStamps.filter((t) => t > now - 60_000 && t <= now);
      const lastSecond = s.stamps.filter((t) => t > now - 1000).length;
      const batch = endpoint === 'POST batch';
      if (
        s.stamps.length >= limits.perMinute ||
        lastSecond >= limits.perSecond ||
        s.inFlight >= limits.concurrent ||
        (batch && s.batchStamps.length >= limits.batchPerMinute)
      ) {
        s.throttled++;
        return false;
      }
      s.stamps.push(now);
      if (batch) s.batchStamps.push(now);
      s.inFlight++;
      s.peakPerMinute = Math.max(s.peakPerMinute, s.stamps.length);
      s.peakConcurrent = Math.max(s.peakConcurrent, s.inFlight);
      return true;
    },
    done(realmId) {
      state(realmId).inFlight--;
    },
    counters: (r) => snapshot(state(r)),
    total() {
      const all = [...realms.values()];
      const calls: Record<string, number> = {};
      for (const s of all) for (const [k, v] of Object.entries(s.calls)) calls[k] = (calls[k] ?? 0) + v;
      return {
        calls,
        throttled: all.reduce((a, s) => a + s.throttled, 0),
        peakPerMinute: Math.max(0, ...all.map((s) => s.peakPerMinute)),
        peakConcurrent: Math.max(0, ...all.map((s) => s.peakConcurrent)),
        inFlight: all.reduce((a, s) => a + s.inFlight, 0),
      };
    },
  };
}
