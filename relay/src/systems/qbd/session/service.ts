/**
 * @module
 * The eleven Web Connector operations over the persisted session state machine. Every answer is
 * derived from the store, never from process memory: a session expects `send` (sendRequestXML),
 * `receive` (receiveResponseXML), or, after a problem or the last page, only getLastError /
 * closeConnection. A call that does not fit the state ends the session without touching stored
 * data (the next session resumes from the durable cursors). receiveResponseXML writes the raw
 * response to the inbox (with the cursor its page fed), the moved cursor and the new session state
 * in one transaction, and answers without calling any other system. A response it cannot even
 * summarise is quarantined with the reason in words, and the session stops.
 */
import type { Logger } from '../../../lib/logger.ts';
import type { Store } from '../../../store/index.ts';
import { reconciliationsRepo } from '../../../store/reconciliations.ts';
import { requestsRepo } from '../../../store/requests.ts';
import type { QbwcSession } from '../../../store/sessions.ts';
import type { Connection } from '../../../store/connections.ts';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../auth.ts';
import { SESSION_MESSAGES, describeHresult, wrongCompanyFile, type BookkeeperMessage } from '../messages.ts';
import {
  HOST_COMPANY_KIND,
  SYNC_STEPS,
  afterResponse,
  initialPlan,
  nextRequest,
  progressOf,
  type PlanState,
  type PlannerOptions,
} from '../planner.ts';
import type { OperationName } from '../soap/operations.ts';
import type { SoapResult } from '../soap/respond.ts';
import { signIn } from '../sign-in.ts';
import { checkCompany, parseHostCompany, supportsTarget } from './hcp.ts';
import { unreadablePage } from '../unreadable.ts';
import { summarizeResponse } from './page.ts';
import { hashTicket, newId, newTicket } from './tickets.ts';
import { createFiguresSteps, FIGURES_KIND } from './figures-steps.ts';
import { createWritePhase, isWriteKind } from './write-phase.ts';
import { createWriteSteps, SessionMoved } from './write-steps.ts';

export interface QbwcServiceOptions {
  readonly sessionIdleSeconds: number;
  readonly minVersion: string;
  readonly pageSize: number;
  readonly overlapSeconds: number;
  /** Company file path answered by authenticate; `""` means the file open in QuickBooks. */
  readonly companyFile?: string | undefined;
  /** The income account (full name) items added from the CRM post their sales to. */
  readonly incomeAccount?: string;
}

export interface QbwcServiceDeps {
  readonly store: Store;
  readonly log: Logger;
  readonly version: string;
  readonly options: QbwcServiceOptions;
  readonly now?: () => number;
  readonly throttle?: ThrottlePolicy;
}

type Session = QbwcSession<PlanState>;
type Params = Readonly<Record<string, string>>;

/** Facts about one SOAP call besides its parameters. */
export interface CallContext {
  /** The caller's address (socket peer, or what a trusted proxy forwarded), for sign-in throttling. */
  readonly address: string;
}

/**
 * Compares dotted versions numerically.
 * @example compareVersions('2.1.0.30', '2.3.0.215') // -1
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * @example
 * const qbwc = createQbwcService({ store, log, version, options });
 * const result = await qbwc.handle('authenticate', { strUserName: 'acme', strPassword: '…' }, { address: '203.0.113.9' });
 */
export function createQbwcService(deps: QbwcServiceDeps) {
  const { store, log, options } = deps;
  const now = deps.now ?? Date.now;
  const throttle = deps.throttle ?? DEFAULT_THROTTLE;
  const idleMs = options.sessionIdleSeconds * 1000;
  const writes = createWritePhase({ store, log, now, incomeAccount: options.incomeAccount });

  const plannerOptions = (c: Connection): PlannerOptions => ({
    pageSize: options.pageSize,
    overlapSeconds: options.overlapSeconds,
    ownerId: c.ownerId,
  });

  /** The session of a ticket, live or closed; an idle one is closed as expired first. */
  async function resolve(ticket: string | undefined): Promise<Session | undefined> {
    if (!ticket) return undefined;
    const s = await store.sessions.byTicketHash<PlanState>(hashTicket(ticket));
    if (s) await store.connections.touchContact({ id: s.connectionId }, now());
    if (s && s.closedAt === null && s.expiresAt <= now()) {
      await store.sessions.close(s.id, 'expired', SESSION_MESSAGES.unknownTicket);
      return store.sessions.byId<PlanState>(s.id);
    }
    return s;
  }

  async function setHealth(connectionId: string, m: BookkeeperMessage): Promise<void> {
    await store.connections.setHealth(connectionId, m.health, m.code, m.message);
  }

  /** Moves a session to `error` (QBWC will ask getLastError, then closeConnection). */
  async function fail(s: Session, m: BookkeeperMessage): Promise<void> {
    const moved = await store.sessions.transition(s.id, s.state, { state: 'error', error: m }, idleMs);
    if (!moved) await store.sessions.close(s.id, 'error', m);
    await setHealth(s.connectionId, m);
    log.warn('qbwc session error', { session: s.id, connection: s.connectionId, code: m.code });
  }

  const writeSteps = createWriteSteps({ store, writes, idleMs, fail });
  const figures = createFiguresSteps({
    store,
    idleMs,
    pageSize: options.pageSize,
    now,
    waiting: (connectionId, db) => writes.waiting(connectionId, db),
  });

  async function outOfSequence(s: Session, op: string): Promise<void> {
    const m = SESSION_MESSAGES.outOfSequence;
    await store.sessions.close(s.id, 'out_of_sequence', m);
    await setHealth(s.connectionId, m);
    log.warn('qbwc call out of sequence', { session: s.id, op, expected: s.state });
  }

  const live = (s: Session | undefined): s is Session => s !== undefined && s.closedAt === null;

  async function authenticate(p: Params, call: CallContext): Promise<SoapResult> {
    const username = (p.strUserName ?? '').trim();
    const t = now();
    await store.connections.touchContact({ username }, t); // last contact counts refused sign-ins too
    const signedIn = await signIn(
      { store, log, policy: throttle, now, via: 'authenticate' },
      { username, password: p.strPassword ?? '', address: call.address },
    );
    if (!signedIn.ok) return ['', 'nvu'];
    const connection = signedIn.value;
    if (connection.pausedUntil !== null && connection.pausedUntil > t) {
      return [newTicket(), 'none', String(Math.ceil((connection.pausedUntil - t) / 1000))];
    }
    const ticket = newTicket();
    const session = await store.sessions.open({
      id: newId(),
      ticketHash: hashTicket(ticket),
      connectionId: connection.id,
      plan: initialPlan(),
      idleMs,
    });
    if (!session) {
      log.info('qbwc busy: a session is already running', { connection: connection.id });
      return [newTicket(), 'busy'];
    }
    log.info('qbwc session opened', { session: session.id, connection: connection.id });
    await writes.reclaim(connection.id);
    // The sync requests waiting for this connection are this session's: it re-reads the customers
    // they name after its incremental steps.
    const requested = await requestsRepo(store.db, now).start(connection.id, session.id);
    // Reconciliations asked for this connection are read after the incremental steps, and the
    // customers a repair asked for are read again with those users asked to sync.
    const reconciliations = reconciliationsRepo(store.db, now);
    const reconciling = await reconciliations.startReading(connection.id, session.id);
    const repairs = await reconciliations.takeRepairs(connection.id, session.id);
    const targets = [...new Set([...requested.flatMap((r) => (r.customerId ? [r.customerId] : [])), ...repairs])];
    if (targets.length > 0 || reconciling > 0) {
      const plan = {
        ...session.plan,
        ...(targets.length ? { targets } : {}),
        ...(reconciling ? { figures: { step: 0, iteratorId: null } } : {}),
      };
      await store.sessions.transition(session.id, session.state, { plan }, idleMs);
    }
    return [ticket, options.companyFile ?? ''];
  }

  async function sendRequestXML(p: Params): Promise<SoapResult> {
    const s = await resolve(p.ticket);
    if (!live(s)) return '';
    if (s.state !== 'send') {
      await outOfSequence(s, 'sendRequestXML');
      return '';
    }
    const connection = await store.connections.byId(s.connectionId);
    if (!connection) throw new Error(`session ${s.id} has no connection`);
    let plan = s.plan;
    const hcp = (p.strHCPResponse ?? '').trim();
    if (!plan.companyChecked && hcp) {
      const checked = await checkHostCompany(s, connection, hcp, p.strCompanyFileName ?? '', Number(p.qbXMLMajorVers));
      if (!checked) return '';
      plan = { ...plan, companyChecked: true };
    }
    const cursor = plan.companyChecked
      ? await store.cursors.get(connection.id, SYNC_STEPS[s.step]?.objectType ?? '')
      : undefined;
    const next =
      nextRequest(s.step, plan, cursor, plannerOptions(connection)) ??
      figures.request(plan) ??
      (await writeSteps.request(s, connection, plan));
    if (!next) {
      await store.sessions.transition(s.id, 'send', { state: 'done', plan, progress: 100 }, idleMs);
      return '';
    }
    const moved = await store.sessions.transition(
      s.id,
      'send',
      { state: 'receive', plan: next.plan, request: next.request },
      idleMs,
    );
    if (!moved) return '';
    return next.request.xml;
  }

  /** Records the company file on first sight, refuses another one. False when refused (session failed). */
  async function checkHostCompany(
    s: Session,
    connection: Connection,
    xml: string,
    filePath: string,
    major: number,
  ): Promise<boolean> {
    const info = parseHostCompany(xml, connection.ownerId);
    if (!info.ok) {
      await fail(
        s,
        info.error.code === 'qbwc_no_company_info' ? SESSION_MESSAGES.noHostInfo : SESSION_MESSAGES.malformedResponse,
      );
      return false;
    }
    if (!supportsTarget(info.value.qbxmlVersions, major)) {
      await fail(s, SESSION_MESSAGES.versionTooOld);
      return false;
    }
    const verdict = checkCompany(connection, info.value, filePath || null);
    if (!verdict.ok) {
      await fail(s, wrongCompanyFile(verdict.error.expected, verdict.error.actual));
      return false;
    }
    const { assumed } = info.value.homeCurrency;
    if (assumed) log.warn('home currency assumed', { connection: connection.id, reason: assumed });
    await store.connections.recordCompany(connection.id, verdict.value);
    return true;
  }

  async function receiveResponseXML(p: Params): Promise<SoapResult> {
    const s = await resolve(p.ticket);
    if (!live(s)) return -1;
    if (s.state !== 'receive' || !s.request) {
      await outOfSequence(s, 'receiveResponseXML');
      return -1;
    }
    const response = p.response ?? '';
    if ((p.hresult ?? '').trim() !== '' || response.trim() === '') {
      await fail(s, describeHresult(p.hresult, p.message));
      return -1;
    }
    const connection = await store.connections.byId(s.connectionId);
    if (!connection) throw new Error(`session ${s.id} has no connection`);
    const request = s.request;
    // The inbox row of this response; callers add its status, error or cursor.
    const received = {
      connectionId: s.connectionId,
      sessionId: s.id,
      requestKind: request.kind,
      requestId: request.id,
      payload: response,
    };
    const quarantine = async (code: string, detail: string, m: BookkeeperMessage) => {
      await store.inbox.add({
        ...received,
        id: newId(),
        status: 'quarantined',
        error: code,
        errorMessage: `${unreadablePage(request.kind, detail)} The update was stopped; the page is kept, and the next update reads its records again.`,
      });
      await fail(s, m);
      return -1;
    };

    if (request.kind === HOST_COMPANY_KIND) {
      const ok = await checkHostCompany(s, connection, response, '', 0);
      if (!ok) return -1;
      const plan = { ...s.plan, companyChecked: true };
      await store.transaction(async (tx) => {
        await tx.inbox.add({ ...received, id: newId(), status: 'processed' });
        await tx.sessions.transition(s.id, 'receive', { state: 'send', plan, request: null, progress: 0 }, idleMs);
      });
      return 0;
    }

    if (request.kind === FIGURES_KIND) return figures.receive(s, connection, response, request.id);

    if (isWriteKind(request.kind)) {
      return writeSteps.receive(s, connection, response).catch((e: unknown) => {
        if (e instanceof SessionMoved) return -1;
        throw e;
      });
    }

    const pages = summarizeResponse(response);
    if (!pages.ok) return quarantine(pages.error.code, pages.error.message, SESSION_MESSAGES.malformedResponse);
    const page =
      pages.value.find((x) => x.requestId === request.id) ?? (pages.value.length === 1 ? pages.value[0] : undefined);
    if (!page || (page.requestId !== undefined && page.requestId !== request.id)) {
      return quarantine(
        'qbwc_response_mismatch',
        `it answers another request than the one Ledgerbridge sent (${request.id}).`,
        SESSION_MESSAGES.outOfSequence,
      );
    }
    const step = SYNC_STEPS[s.step];
    const cursor = step ? await store.cursors.get(connection.id, step.objectType) : undefined;
    const out = afterResponse(s.step, s.plan, page, cursor, plannerOptions(connection));
    // The reads are done: a light read for a reconciliation, or writes waiting for the company, keep the session going.
    const writesFollow = out.done && (out.plan.figures !== undefined || (await writes.waiting(connection.id)));
    const finished = out.done && !writesFollow;
    const progress = writesFollow ? 99 : progressOf(out.step, out.plan, out.done);
    const saved = await store
      .transaction(async (tx) => {
        // Refused when a page of this step was quarantined meanwhile: its rewind must stand.
        let movedTo: number | undefined;
        if (out.cursor) {
          const { ifVersion, ...next } = out.cursor;
          movedTo = await tx.cursors.put(s.connectionId, next, { ifVersion });
          if (movedTo === undefined)
            log.info('cursor left where it was rewound', { session: s.id, step: next.objectType });
        }
        await tx.inbox.add({
          ...received,
          id: newId(),
          ...(step
            ? {
                cursor: {
                  type: step.objectType,
                  from: cursor?.fromModified ?? null,
                  version: movedTo ?? (await tx.cursors.get(s.connectionId, step.objectType))?.version ?? 0,
                },
              }
            : {}),
        });
        const moved = await tx.sessions.transition(
          s.id,
          'receive',
          {
            state: finished ? 'done' : 'send',
            step: out.step,
            plan: out.plan,
            request: null,
            progress,
            records: s.records + out.newRecords,
          },
          idleMs,
        );
        if (!moved) throw new SessionMoved();
        return moved;
      })
      .catch((e: unknown) => {
        if (e instanceof SessionMoved) return undefined;
        throw e;
      });
    if (!saved) return -1;
    return progress;
  }

  async function connectionError(p: Params): Promise<SoapResult> {
    const s = await resolve(p.ticket);
    const m = describeHresult(p.hresult, p.message);
    if (live(s)) {
      await store.sessions.close(s.id, 'connection_error', m);
      await setHealth(s.connectionId, m);
      log.warn('qbwc could not reach QuickBooks', { session: s.id, code: m.code, hresult: p.hresult });
    }
    return 'done';
  }

  async function getLastError(p: Params): Promise<SoapResult> {
    const s = await resolve(p.ticket);
    if (!s) return SESSION_MESSAGES.unknownTicket.message;
    if (s.error) return s.error.message;
    if (s.closedAt !== null) return SESSION_MESSAGES.unknownTicket.message;
    return s.state === 'done' ? 'No errors: the update is complete.' : 'No errors.';
  }

  async function closeConnection(p: Params): Promise<SoapResult> {
    const s = await resolve(p.ticket);
    if (!s) return 'OK';
    if (s.closedAt === null) {
      const completed = s.state === 'done';
      await store.sessions.close(s.id, completed ? 'completed' : s.error ? 'error' : 'closed_early');
      if (completed) {
        const warnings = s.plan.warnings;
        await store.connections.setHealth(
          s.connectionId,
          warnings.length ? 'warning' : 'ok',
          warnings[0]?.code ?? null,
          warnings.length ? warnings.map((w) => w.message).join(' ') : null,
        );
        await store.connections.touchSession(s.connectionId);
        await reconciliationsRepo(store.db, now).repaired(s.id);
      }
      log.info('qbwc session closed', { session: s.id, state: s.state, records: s.records });
    }
    if (s.error) return `Ledgerbridge: ${s.error.message}`;
    if (s.state === 'done') {
      const warn = s.plan.warnings.length
        ? ` ${s.plan.warnings.length} object type(s) skipped; see the relay's status page.`
        : '';
      return `Ledgerbridge: update complete, ${s.records} new or changed records received.${warn}`;
    }
    return 'Ledgerbridge: session ended.';
  }

  const handlers: Record<OperationName, (p: Params, call: CallContext) => Promise<SoapResult>> = {
    serverVersion: async () => `Ledgerbridge ${deps.version}`,
    clientVersion: async (p) => {
      const v = (p.strVersion ?? '').trim();
      if (!v || compareVersions(v, options.minVersion) >= 0) return '';
      return `W:This QuickBooks Web Connector (${v}) is older than ${options.minVersion}, the oldest version Ledgerbridge supports. Please update it from Intuit's website; you may continue for now.`;
    },
    authenticate,
    sendRequestXML,
    receiveResponseXML,
    connectionError,
    getLastError,
    closeConnection,
    getInteractiveURL: async () => '',
    interactiveDone: async () => 'Done',
    interactiveRejected: async () => 'Ledgerbridge does not use interactive mode.',
  };

  return {
    /** Runs one operation. Throws only on bugs or store failures (the route answers a SOAP Fault). */
    handle: (op: OperationName, params: Params, call: CallContext): Promise<SoapResult> => handlers[op](params, call),
  };
}

export type QbwcService = ReturnType<typeof createQbwcService>;
