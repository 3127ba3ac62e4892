/**
 * @module
 * Driving Salesforce → QuickBooks Desktop scenarios on the in-process relay: records created in the
 * simulated org, the org read now (not waiting for its minute), Web Connector sessions on the
 * relay's clock, and what a session asked QuickBooks to change.
 */
import type { RunReport } from '../../simulators/qbd/webconnector/client.ts';
import type { InProcessRelay } from '../in-process.ts';

type Row = Readonly<Record<string, unknown>>;

export function reverseDriver(r: InProcessRelay, clock: { advance(ms: number): void }) {
  return {
    insert: (object: string, fields: Row) => r.sim.org.store.insert(r.sim.org.objectOrThrow(object), fields),
    update: (object: string, id: string, fields: Row) =>
      r.sim.org.store.update(r.sim.org.objectOrThrow(object), id, fields),
    record: (object: string, id: unknown) => r.sim.org.records(object).find((x) => x.Id === id)!,
    /** The org's changes are read now, and what they queue is handled. */
    async readOrg() {
      clock.advance(60_000);
      await r.relay.runtime.tick({ pollNow: true });
    },
    /** A Web Connector run a quarter of an hour later (`extra`: another company in front of it, say). */
    async session(extra: Parameters<InProcessRelay['webConnector']>[0] = {}) {
      clock.advance(15 * 60_000);
      const report = await r.webConnector(extra);
      await r.settle();
      return report;
    },
    /** The Adds and Mods a session asked QuickBooks for, by request type, in order. */
    changesIn: (report: RunReport) =>
      report.requests.flatMap((xml) => [...xml.matchAll(/<(\w+(?:Add|Mod))Rq /g)].map((m) => m[1]!)),
    /** The org's failure logs about records going into QuickBooks. */
    outboundLogs: () =>
      r.sim.org.records('QuickBooks_Sync_Log__c').filter((l) => l.Direction__c === 'Salesforce to QuickBooks'),
  };
}
