/**
 * @module
 * Helpers of the Salesforce → QuickBooks Desktop bench (sf-to-qbd.bench.ts): money as integer
 * cents from and to decimal text (never through a float), CPU time in milliseconds, and the tally
 * of a Web Connector run's round trips by kind.
 */

/** Round trips of Web Connector runs, by what their qbXML request was, and the Adds/Mods they held. */
export interface Tally {
  /** sendRequestXML + receiveResponseXML pairs. */
  pairs: number;
  read: number;
  lookup: number;
  write: number;
  readBack: number;
  /** Requests that change the company, by type (`CustomerAdd`: 1000). */
  readonly changes: Map<string, number>;
}

/** Milliseconds of user + system CPU in a `process.cpuUsage()` reading. */
export const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Cents of a decimal amount as text (`"436.50"`, `"95.5"`, `"-3"`); throws on anything else or on fractions of a cent. */
export function toCents(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount in cents: ${JSON.stringify(amount)}`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Decimal text of an amount in cents (`43650n` → `"436.50"`). */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
