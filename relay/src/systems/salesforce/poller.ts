/**
 * @module
 * What the relay reads from Salesforce on a schedule (`SF_POLL_SECONDS`): sync logs an admin ticked
 * for replay, review logs a person decided (Needs Review: keep one side's value, link, create new,
 * skip — see `sync/review-decision.ts`), and "Sync with QuickBooks" / "Check connection" / "Connect QuickBooks Online"
 * requests. Replays go back into the outbox; a health check is answered at once from the
 * connection's state; a sync request waits for the connection's next QuickBooks session, and the
 * user sees where it is in words. A connect request needs no connection (a fresh org makes one):
 * it is answered at once, written straight to the org, Completed with a one-time link another
 * system issued (`ConnectLinks`, the link alone in `Result__c` for the Setup and health page to
 * open) or Failed with the reason in words. A push request ("Push to QuickBooks" on a won deal) reads
 * the deal now, the way the change reader reads won deals (`pushDeal`), for the engine to send to the
 * QuickBooks connection of its Account, and says when that happens: at the next Web Connector run
 * (a pull target), or within moments (a push target); it is Completed once that write settled, or
 * Failed with the reason QuickBooks gave (`answerPushed`, every round).
 */
import type { Logger } from '../../lib/logger.ts';
import { err, relayError } from '../../lib/result.ts';
import type { Store } from '../../store/index.ts';
import type { Flow } from '../../store/topology.ts';
import { identitiesRepo } from '../../store/identities.ts';
import { outboxRepo } from '../../store/outbox.ts';
import { topologyRepo } from '../../store/topology.ts';
import { requestsRepo, type SyncRequest } from '../../store/requests.ts';
import type { SyncRun } from '../../store/runs.ts';
import type { DeliveryKind, Reporter, TargetAdapter, TargetWrite } from '../../sync/adapters.ts';
import type { SyncEngine } from '../../sync/engine.ts';
import { toOutbox } from '../../sync/ingest.ts';
import { REPORT_RANK } from '../../sync/ranks.ts';
import { replayRequested } from '../../sync/replay-request.ts';
import { reviewDecided } from '../../sync/review-decision.ts';
import type { ReviewDecision } from '../../sync/adapters.ts';
import type { ConnectLinks } from '../registry.ts';
import { pushDeal } from './changes.ts';
import type { MappingContext } from './deal-mapped-values.ts';
import type { FieldMappingReader } from './field-mappings.ts';
import type { SalesforceClient } from './client.ts';
import { FIELD_LIMITS } from './field-limits.ts';
import { DECISION_VALUE } from './reporter.ts';
import type { RequestStatus } from './schema.ts';

export interface PollerDeps {
  readonly sf: SalesforceClient;
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly target: TargetAdapter;
  readonly reporter: Reporter;
  readonly log: Logger;
  readonly now?: () => number;
  /** How often the Web Connector runs, for the waiting message. */
  readonly webConnectorMinutes?: number;
  /** The links `Connect <name>` requests are answered with, by name ("QuickBooks Online"). */
  readonly connectLinks?: ConnectLinks;
  /** How writes reach a QuickBooks connection, for when a pushed deal lands. */
  readonly deliveryInto?: (connectionId: string) => DeliveryKind | undefined;
  /** The org's field mappings, for the values a pushed deal sends (none: no values). */
  readonly mapping?: MappingContext;
  /** The org's field mappings, for the shipped defaults a pushed deal is read by (none: as shipped). */
  readonly mappings?: Pick<FieldMappingReader, 'read'>;
}

/** A log's decision picklist value, as the engine names the decision. */
const DECISION = new Map(Object.entries(DECISION_VALUE).map(([k, v]) => [v, k as ReviewDecision]));

/** The kind of record a won deal becomes (`source-rows.ts`), whose write a push request waits for. */
const DEAL_RECORD = 'invoice';

/** `Connect QuickBooks Online`: a scope naming what to connect. */
const CONNECT_SCOPE = /^Connect (.+)$/;
const resultLimit = FIELD_LIMITS.QuickBooks_Sync_Request__c?.Result__c;
/** What `Result__c` holds (a long text area of 32,768 characters): a link must fit whole. */
const RESULT_LENGTH = resultLimit?.kind === 'text' ? resultLimit.length : Infinity;

/** A moment as people read it, in the company's own time zone ("Mar 15, 2026, 10:55 AM PDT"). */
function inCompanyTime(ms: number, timeZone: string | undefined): string {
  const style = { dateStyle: 'medium', timeStyle: 'short' } as const;
  try {
    const text = new Intl.DateTimeFormat('en-US', { ...style, timeZone: timeZone ?? 'UTC' }).format(ms);
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: timeZone ?? 'UTC', timeZoneName: 'short' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    return zone ? `${text} ${zone}` : text;
  } catch {
    return new Date(ms).toISOString(); // a zone this Node does not know
  }
}
/** An update of one sync request record, by its Salesforce id. */
export function requestWrite(
  id: string,
  status: RequestStatus,
  result: string,
  extra: { pickedUpAt?: number; completedAt?: number } = {},
): TargetWrite {
  return {
    object: 'QuickBooks_Sync_Request__c',
    externalIdField: 'Id',
    externalId: id,
    fields: {
      Status__c: status,
      Result__c: result,
      ...(extra.pickedUpAt ? { Picked_Up_At__c: new Date(extra.pickedUpAt).toISOString() } : {}),
      ...(extra.completedAt ? { Completed_At__c: new Date(extra.completedAt).toISOString() } : {}),
    },
    rank: REPORT_RANK.run,
    source: { type: 'syncRequest', id },
  };
}

/**
 * @example const poller = createSalesforcePoller(deps); setInterval(() => poller.pollOnce(), 15_000);
 */
export function createSalesforcePoller(d: PollerDeps) {
  const now = d.now ?? Date.now;
  const n = d.sf.namer;
  const get = (r: Record<string, unknown>, path: string): unknown =>
    n(path)
      .split('.')
      .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r);

  /**
   * The logs an admin ticked for replay, and the review logs a person decided (Needs Review), in
   * one query: a replay puts the record's write back in line; each decision is applied once
   * through the engine (`reviewDecided`) — one older than the log's last attempt was made before the
   * record needed review again, and waits for a new one.
   */
  async function logs(): Promise<{ replayed: number; decided: number }> {
    const soql =
      `SELECT Id, ${n('Log_Key__c')}, ${n('Replay_Requested__c')}, ${n('Review_Decision__c')}, ${n('Decided_At__c')}, ` +
      `${n('Decided_By__c')}, ${n('Last_Attempt_At__c')} FROM ${n('QuickBooks_Sync_Log__c')} ` +
      `WHERE ${n('Replay_Requested__c')} = true OR (${n('Status__c')} = 'Failed' AND ${n('Review_Decision__c')} != null) LIMIT 200`;
    const found = await d.sf.query<Record<string, unknown>>(soql);
    if (!found.ok) {
      d.log.warn('could not read replay requests and review decisions', { code: found.error.code });
      return { replayed: 0, decided: 0 };
    }
    const deps = { store: d.store, engine: d.engine, reporter: d.reporter, now };
    let replayed = 0;
    let decided = 0;
    for (const log of found.value.filter((l) => get(l, 'Replay_Requested__c') === true))
      replayed += await replayRequested(deps, String(get(log, 'Log_Key__c') ?? ''));
    for (const log of found.value.filter((l) => get(l, 'Replay_Requested__c') !== true)) {
      const decision = DECISION.get(String(get(log, 'Review_Decision__c') ?? ''));
      const at = String(get(log, 'Decided_At__c') ?? '');
      const attempted = Date.parse(String(get(log, 'Last_Attempt_At__c') ?? ''));
      if (!decision || (attempted && Date.parse(at) < attempted)) continue;
      const by = get(log, 'Decided_By__c');
      const outcome = await reviewDecided(
        { ...deps, booksName: 'QuickBooks', crmName: 'Salesforce' },
        String(get(log, 'Log_Key__c') ?? ''),
        decision,
        typeof by === 'string' ? by : null,
        at,
      );
      if (outcome === 'applied') decided += 1;
    }
    return { replayed, decided };
  }

  /** The QuickBooks customer an Account mirrors: the source record of the Account's entity. */
  async function customerOf(accountKey: string): Promise<{ connectionId: string; id: string } | undefined> {
    if (!accountKey) return undefined;
    const ids = identitiesRepo(d.store.db, now);
    const account = await ids.get({ connectionId: d.target.connectionId, object: 'Account', key: accountKey });
    if (!account) return undefined;
    const customer = (await ids.entity(account.entityId)).find((i) => i.object === 'customer');
    return customer ? { connectionId: customer.connectionId, id: customer.key } : undefined;
  }

  /** Answers a connect request at once, straight to the org: there may be no connection to queue it under. */
  async function answerConnect(id: string, what: string): Promise<void> {
    const issue = d.connectLinks?.[what];
    const link = issue
      ? await issue()
      : err(relayError('connect_unknown', `This relay does not connect ${what}: nothing was issued.`));
    const answer: [RequestStatus, string] = !link.ok
      ? ['Failed', link.error.message]
      : link.value.length > RESULT_LENGTH
        ? ['Failed', 'The connect link is longer than the request can hold: use a shorter PUBLIC_URL.']
        : ['Completed', link.value];
    const t = now();
    const write = requestWrite(id, ...answer, { pickedUpAt: t, completedAt: t });
    const [written] = await d.target.write(write.object, write.externalIdField, [write]);
    // Not written: the request stays Requested and is answered, with a new link, at the next poll.
    if (!written?.ok)
      d.log.warn('could not answer a connect request', {
        request: id,
        ...(written ? { code: written.error.code } : {}),
      });
  }

  /**
   * Answers a push request: the deal is read now and queued the normal way (a won deal QuickBooks
   * does not hold yet), to the QuickBooks connection of its Account (else the company the org was
   * linked to first, as routing sends it); the answer says when it lands, or why it does not.
   */
  async function answerPush(id: string, opportunityId: string): Promise<void> {
    const org = d.target.connectionId;
    const partners = (await topologyRepo(d.store.db, now).flowsFrom(org)).map((f) => f.targetConnectionId);
    const read = await pushDeal(
      {
        sf: d.sf,
        store: d.store,
        connectionId: org,
        log: d.log,
        ...(d.mapping ? { mapping: d.mapping } : {}),
        ...(d.mappings ? { mappings: d.mappings } : {}),
      },
      opportunityId,
    );
    if (read.kind === 'unreadable') {
      // Left Requested: it is read again at the next poll.
      d.log.warn('could not read the deal a push request names', { request: id, code: read.code });
      return;
    }
    const named = read.kind === 'queued' ? read.connectionKey : null;
    const connectionId = named && partners.includes(named) ? named : named ? undefined : partners[0];
    const t = now();
    const answer = (status: RequestStatus, text: string) =>
      d.engine.enqueue(connectionId ?? named ?? '', [
        requestWrite(id, status, text, {
          pickedUpAt: t,
          ...(status === 'Completed' || status === 'Failed' ? { completedAt: t } : {}),
        }),
      ]);
    if (read.kind === 'missing')
      return answer('Failed', 'This request names no Opportunity this relay can read, so nothing was sent.');
    if (read.kind === 'not_won')
      return answer(
        'Failed',
        `“${read.name}” is at ${read.stage || 'no stage'}: only won deals (Closed Won) go to QuickBooks. Mark it Closed Won, then push it again.`,
      );
    if (read.kind === 'in_quickbooks')
      return answer(
        'Completed',
        read.invoice
          ? `“${read.name}” is already in QuickBooks as invoice ${read.invoice}: nothing is sent twice.`
          : `“${read.name}” is already in QuickBooks as sales order ${read.salesOrder ?? ''}: nothing is sent twice.`,
      );
    if (!connectionId)
      return answer(
        'Failed',
        named
          ? `The Account of “${read.name}” names the QuickBooks connection "${named}", which is not linked to this org, so it goes nowhere. Choose a connected company on the Account, then push it again.`
          : 'This relay does not serve a QuickBooks connection for this request.',
      );
    await requestsRepo(d.store.db, now).add({
      id,
      connectionId,
      scope: 'record',
      customerId: null,
      recordId: opportunityId,
    });
    const every = d.webConnectorMinutes ? ` (it runs every ${d.webConnectorMinutes} minutes)` : '';
    await (d.deliveryInto?.(connectionId) === 'pull'
      ? answer(
          'Waiting for QuickBooks',
          `Waiting for the next QuickBooks Web Connector run${every}: it sends “${read.name}” to QuickBooks then.`,
        )
      : answer('In Progress', `Sending “${read.name}” to QuickBooks now: it is there within moments.`));
  }

  async function requests(): Promise<number> {
    const soql =
      `SELECT Id, ${n('Scope__c')}, ${n('Opportunity__c')}, ${n('Account__r.QuickBooks_Customer_Id__c')}, ${n('Connection__r.Connection_Key__c')} ` +
      `FROM ${n('QuickBooks_Sync_Request__c')} WHERE ${n('Status__c')} = 'Requested' ORDER BY CreatedDate LIMIT 200`;
    const found = await d.sf.query<Record<string, unknown>>(soql);
    if (!found.ok) {
      d.log.warn('could not read sync requests', { code: found.error.code });
      return 0;
    }
    const repo = requestsRepo(d.store.db, now);
    const connections = await d.store.connections.list();
    for (const r of found.value) {
      const id = String(r.Id);
      const scope = String(get(r, 'Scope__c') ?? '');
      const connect = CONNECT_SCOPE.exec(scope);
      if (connect) {
        await answerConnect(id, connect[1]!);
        continue;
      }
      if (scope === 'Opportunity') {
        await answerPush(id, String(get(r, 'Opportunity__c') ?? ''));
        continue;
      }
      const customer = await customerOf(String(get(r, 'Account__r.QuickBooks_Customer_Id__c') ?? ''));
      const connectionId =
        customer?.connectionId ??
        (get(r, 'Connection__r.Connection_Key__c') as string | undefined) ??
        (connections.length === 1 ? connections[0]!.id : undefined);
      const t = now();
      if (!connectionId || !connections.some((c) => c.id === connectionId)) {
        await d.engine.enqueue(connectionId ?? '', [
          requestWrite(id, 'Failed', 'This relay does not serve a QuickBooks connection for this request.', {
            pickedUpAt: t,
            completedAt: t,
          }),
        ]);
        continue;
      }
      if (scope === 'Health Check') {
        const h = await d.engine.connectionReport(connectionId);
        const text =
          `${h.companyName ?? connectionId}: ${h.status}. ` +
          (h.lastContactAt
            ? `Last contact with QuickBooks ${inCompanyTime(h.lastContactAt, h.timeZone)}. `
            : 'QuickBooks has not connected yet. ') +
          `${h.pending} record(s) waiting, ${h.failed} failed.` +
          (h.lastError ? ` ${h.lastError}` : '');
        const health = d.reporter.connectionWrite(h);
        await d.engine.enqueue(connectionId, [
          ...(health ? [health] : []),
          requestWrite(id, 'Completed', text, { pickedUpAt: t, completedAt: t }),
        ]);
        continue;
      }
      if (scope === 'Account' && !customer) {
        await d.engine.enqueue(connectionId, [
          requestWrite(
            id,
            'Failed',
            'This Account is not linked to a QuickBooks customer yet, so there is nothing to sync. It is linked when the customer comes from QuickBooks.',
            { pickedUpAt: t, completedAt: t },
          ),
        ]);
        continue;
      }
      await repo.add({
        id,
        connectionId,
        scope: scope === 'Account' ? 'account' : 'connection',
        customerId: customer?.id ?? null,
      });
      const every = d.webConnectorMinutes ? ` (it runs every ${d.webConnectorMinutes} minutes)` : '';
      await d.engine.enqueue(connectionId, [
        requestWrite(
          id,
          'Waiting for QuickBooks',
          `Waiting for the next QuickBooks Web Connector run${every}; it re-reads ${scope === 'Account' ? 'this customer and its transactions' : 'everything that changed'}.`,
          { pickedUpAt: t },
        ),
      ]);
    }
    return found.value.length;
  }

  return {
    /** One poll: replays and review decisions (one query), then requests. */
    async pollOnce(): Promise<{ replayed: number; decided: number; requests: number }> {
      return { ...(await logs()), requests: await requests() };
    },

    /**
     * Completes the push requests whose deal's writes into their connection have settled (every
     * row done), or fails them with the reason one failed with (asks nothing of Salesforce, so it
     * runs every round). A deal whose writes are still on their way keeps its request waiting.
     */
    async answerPushed(): Promise<number> {
      const repo = requestsRepo(d.store.db, now);
      const outbox = outboxRepo(d.store.db, now);
      let answered = 0;
      for (const r of await repo.waitingForRecords()) {
        const writes = await outbox.forSource(d.target.connectionId, r.connectionId, DEAL_RECORD, r.recordId ?? '');
        const failed = writes.find((w) => w.status === 'failed');
        const settled = writes.length > 0 && writes.every((w) => w.status === 'done');
        if (!failed && !settled) continue;
        const [status, text] = failed
          ? (['Failed', `QuickBooks did not take this deal: ${failed.errorMessage ?? 'no reason was given'}`] as const)
          : ([
              'Completed',
              'In QuickBooks: the deal was written there, and its QuickBooks id comes back onto the Opportunity.',
            ] as const);
        await repo.finish(r.id, failed ? 'failed' : 'completed', text);
        await d.engine.enqueue(r.connectionId, [requestWrite(r.id, status, text, { completedAt: now() })]);
        answered += 1;
      }
      return answered;
    },

    /**
     * Reports "In Progress" on the requests a QuickBooks session took up since the last report (it
     * asks nothing of Salesforce, so it runs every round). Noted and queued in one transaction: a
     * run that finishes meanwhile completes them after, never before.
     */
    async reportStarted(): Promise<number> {
      const text = 'QuickBooks is sending the records now.';
      // Flows are resolved before the transaction (resolving one may create it).
      const flows = new Map<string, Flow>();
      for (const c of await d.store.connections.list()) flows.set(c.id, await d.engine.flowFor(c.id));
      return d.store.transaction(async (repos) => {
        const started = await requestsRepo(repos.db, now).noteStarted(text);
        await outboxRepo(repos.db, now).enqueue(
          started.flatMap((r) => {
            const flow = flows.get(r.connectionId);
            return flow ? [toOutbox(requestWrite(r.id, 'In Progress', text), flow, null)] : [];
          }),
        );
        return started.length;
      });
    },
  };
}

/** Completes the requests a finished run served, with its outcome in words. */
export async function completeRequests(
  store: Store,
  engine: SyncEngine,
  run: SyncRun,
  now = Date.now,
): Promise<SyncRequest[]> {
  if (!run.deliveryId) return [];
  const repo = requestsRepo(store.db, now);
  const served = await repo.forSession(run.deliveryId);
  const failed = run.failed > 0;
  const text = failed
    ? `Finished with ${run.failed} failure(s): see the QuickBooks Sync Log for the reasons. ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged.`
    : `Up to date with QuickBooks: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged.`;
  for (const r of served) await repo.finish(r.id, failed ? 'failed' : 'completed', text);
  await engine.enqueue(
    run.connectionId,
    served.map((r) => requestWrite(r.id, failed ? 'Failed' : 'Completed', text, { completedAt: now() })),
  );
  return served;
}
