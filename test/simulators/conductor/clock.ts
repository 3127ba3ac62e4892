/**
 * @module
 * The simulator's clock and the company's local time. QuickBooks Desktop stamps records in the
 * time zone of the end-user's PC (`2025-02-01T12:34:56-05:00`), and Conductor reads an
 * `updatedAfter` without an offset in that zone too; the zone is a fixed offset here. The clock
 * stands still until a test moves it (the 10-second iterator window and the 90-day deletion window
 * read it), or with `ticking` also runs in real time.
 */

export interface SimClock {
  now(): number;
  /** Moves time forward by `ms` (negative moves it back). */
  advance(ms: number): void;
  set(ms: number): void;
}

export function createClock(start: number = Date.now(), { ticking = false } = {}): SimClock {
  let t = start;
  let since = Date.now();
  const elapsed = () => (ticking ? Date.now() - since : 0);
  return {
    now: () => t + elapsed(),
    advance: (ms) => void (t += ms),
    set: (ms) => {
      t = ms;
      since = Date.now();
    },
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2025-02-01T12:34:56-05:00`: seconds, the company's offset, as QuickBooks Desktop writes TimeModified. */
export function localTime(ms: number, offsetMinutes: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`
  );
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An `updatedAfter`/`updatedBefore`/`deletedAfter`/`deletedBefore` bound as epoch ms, or undefined
 * when it is not one of the three ISO 8601 forms Conductor accepts. Date-only is the start of that
 * local day, or with `endOfDay` its last second (23:59:59); a datetime without offset is local time.
 */
export function parseBound(text: string, offsetMinutes: number, endOfDay: boolean): number | undefined {
  const d = DATE.exec(text);
  if (d) {
    const start = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!) - offsetMinutes * 60_000;
    if (!validDate(start + offsetMinutes * 60_000, +d[1]!, +d[2]!, +d[3]!)) return undefined;
    return endOfDay ? start + 86_399_000 : start;
  }
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (!validDate(wall, +m[1]!, +m[2]!, +m[3]!) || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) return undefined;
  const zone = m[7];
  if (!zone) return wall - offsetMinutes * 60_000;
  if (zone === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  return wall - sign * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
}

function validDate(utcMs: number, y: number, mo: number, day: number): boolean {
  const d = new Date(utcMs);
  return d.getUTCFullYear() === y && d.getUTCMonth() === mo - 1 && d.getUTCDate() === day;
}

/** True for a real `YYYY-MM-DD` calendar date. */
export const isDate = (text: string): boolean => DATE.test(text) && parseBound(text, 0, false) !== undefined;
