/**
 * @module
 * The write phase as steps of a Web Connector session: after the reads, the next request of the
 * writes waiting for the company (with the plan it leaves), and QuickBooks' answer to one of them
 * applied together with the session's next state in one transaction — the session goes on while
 * writes wait, and ends (progress 100) when none is left. An answer the relay cannot read fails the
 * session with the reason; its writes are looked up again by the next one.
 */
import type { Store } from '../../../store/index.ts';
import type { Connection } from '../../../store/connections.ts';
import type { QbwcSession } from '../../../store/sessions.ts';
import type { BookkeeperMessage } from '../messages.ts';
import type { PlanState } from '../planner.ts';
import type { SoapResult } from '../soap/respond.ts';
import { unreadableWriteAnswer, type WritePhase } from './write-phase.ts';

type Session = QbwcSession<PlanState>;

/** A session's state moved under us (it was closed or taken over): the call ends without effect. */
export class SessionMoved extends Error {}

export interface WriteStepsDeps {
  readonly store: Store;
  readonly writes: WritePhase;
  readonly idleMs: number;
  /** Moves a session to `error` with a message for the bookkeeper. */
  fail(s: Session, m: BookkeeperMessage): Promise<void>;
}

const withoutWriting = ({ writing: _done, ...rest }: PlanState): PlanState => rest;

/** @example const steps = createWriteSteps({ store, writes, idleMs, fail }); const next = await steps.request(s, c, plan); */
export function createWriteSteps(d: WriteStepsDeps) {
  const ref = (s: Session, c: Connection) => ({
    id: s.id,
    connectionId: c.id,
    homeCurrency: c.company?.homeCurrency ?? 'USD',
  });
  return {
    /** After the reads: the next request of the writes waiting for the company, if any. */
    async request(s: Session, c: Connection, plan: PlanState) {
      const step = await d.writes.next(ref(s, c), plan.writing);
      if (!step.request) return undefined;
      const rest = withoutWriting(plan);
      return { plan: step.writing ? { ...rest, writing: step.writing } : rest, request: step.request };
    },

    /** Applies QuickBooks' answer to one of the phase's requests; -1 when it cannot be read. */
    async receive(s: Session, c: Connection, response: string): Promise<SoapResult> {
      const writing = s.plan.writing;
      if (!writing) throw new Error(`session ${s.id} has no writes under way`);
      const outcome = await d.store.transaction(async (tx) => {
        const r = await d.writes.receive(tx, ref(s, c), writing, response);
        if (!r.ok) return r;
        const rest = withoutWriting(s.plan);
        const more = r.value !== undefined || (await d.writes.waiting(c.id, tx.db));
        const moved = await tx.sessions.transition(
          s.id,
          'receive',
          {
            state: more ? 'send' : 'done',
            plan: r.value ? { ...rest, writing: r.value } : rest,
            request: null,
            progress: more ? 99 : 100,
          },
          d.idleMs,
        );
        if (!moved) throw new SessionMoved();
        return { ok: true as const, value: more ? 99 : 100 };
      });
      if (!outcome.ok) {
        const e = unreadableWriteAnswer(outcome.error.message);
        await d.fail(s, { health: 'error', code: e.code, message: e.message });
        return -1;
      }
      return outcome.value;
    },
  };
}
