/**
 * @module
 * `ledgerbridge resync --object Account`: sends every record of one object again, through the
 * field mappings and field policy in force. A new or changed mapping applies to records as they
 * next change, never to history on its own; this is how an admin has it applied to all of them.
 * For each flow that carries the object, what was last exchanged with its records is forgotten
 * (identities and sent writes: the links stay, so nothing is created twice) and the flow's source
 * reads those records whole on its next read (`Resync` of each system). The running relay sends
 * them as any change; the command only asks.
 */
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import { openStore, storeLocation, type Store } from './store/index.ts';
import { identitiesRepo } from './store/identities.ts';
import { outboxRepo } from './store/outbox.ts';
import { topologyRepo, type ConnectionRow } from './store/topology.ts';
import { systemOf } from './systems/registry.ts';

export const RESYNC_USAGE = `ledgerbridge resync --object OBJECT [--connection ID] [--direction to-crm|to-books|both]

Sends every record of one CRM object again through the field mappings in force: run it after
adding or changing a QuickBooks Field Mapping (a mapping otherwise applies to records as they
next change). Records are linked, not created again.

  --object OBJECT    Account, Contact, Product2, PricebookEntry, Opportunity, Order, or a
                     QuickBooks mirror object (QuickBooks_Invoice__c, QuickBooks_Payment__c, …)
  --connection ID    only the flows of this connection (a QuickBooks company or an org; see
                     ledgerbridge ping)
  --direction D      to-crm (QuickBooks into the CRM), to-books (the CRM into QuickBooks), or both
                     (the default)

The relay must be running (ledgerbridge start) to send them: each source reads the records again
on its next read (QuickBooks Desktop: its next Web Connector session).
Exit status: 0 asked, 1 no flow carries the object, 2 usage.`;

const DIRECTIONS = ['to-crm', 'to-books', 'both'] as const;

export interface ResyncCommandDeps {
  /** Use this store (tests); default: the configured one. */
  readonly store?: Store;
  readonly now?: () => number;
}

/** @returns the process exit code */
export async function runResync(
  args: string[],
  config: Config,
  out: (s: string) => void,
  deps: ResyncCommandDeps = {},
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      object: { type: 'string' },
      connection: { type: 'string' },
      direction: { type: 'string', default: 'both' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const direction = DIRECTIONS.find((d) => d === values.direction);
  if (values.help || !values.object || !direction) {
    out(RESYNC_USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const now = deps.now ?? Date.now;
  const store = deps.store ?? (await openStore(storeLocation(config)));
  try {
    const topology = topologyRepo(store.db);
    const ids = identitiesRepo(store.db, now);
    const outbox = outboxRepo(store.db, now);
    let asked = 0;
    const skipped = new Set<string>();
    for (const flow of await topology.flows()) {
      const source = await topology.connection(flow.sourceConnectionId);
      const target = await topology.connection(flow.targetConnectionId);
      if (!source || !target) continue;
      if (values.connection && ![source.id, target.id].includes(values.connection)) continue;
      const crm = [source, target].find((c) => systemOf(c.system)?.side === 'crm');
      const toCrm = crm === target;
      if (!crm || (direction === 'to-crm' && !toCrm) || (direction === 'to-books' && toCrm)) continue;
      const carried = systemOf(crm.system)?.resync?.typesOf?.(values.object) ?? [];
      const types = carried.filter((t) => flow.objects.length === 0 || flow.objects.includes(t));
      if (types.length === 0) continue;
      const resync = systemOf(source.system)?.resync;
      if (!resync) {
        skipped.add(`${name(source)}: ${systemOf(source.system)?.title ?? source.system} cannot resync yet`);
        continue;
      }
      const records = await ids.forgetExchangedOf(source.id, types);
      await outbox.forgetSentOf(flow.id, types);
      const when = await resync.readAgain({ store, now }, source.id, types);
      out(`${name(source)} → ${name(target)}: ${records} ${types.join(' and ')} record(s) sent again; ${when}.\n`);
      asked++;
    }
    for (const s of skipped) out(`${s}.\n`);
    if (asked === 0 && skipped.size === 0) {
      out(
        `No flow${values.connection ? ` of connection ${values.connection}` : ''} carries ${values.object}` +
          `${direction === 'both' ? '' : ` ${direction}`}: see ledgerbridge ping for the connections.\n`,
      );
    }
    return asked > 0 ? 0 : 1;
  } finally {
    if (!deps.store) await store.close();
  }
}

const name = (c: ConnectionRow) => `${c.label} (${c.id})`;
