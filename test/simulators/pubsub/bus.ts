/**
 * @module
 * The org's change event bus: every published event in commit order, each with a replay id (an
 * 8-byte big-endian position, opaque to subscribers) that only grows. Events fall out of
 * retention when a test calls `expire`; a replay id at or before that point, or one never
 * issued, is no longer a place to resume from.
 */
import { randomUUID } from 'node:crypto';

export interface BusEvent {
  readonly position: bigint;
  readonly entity: string;
  readonly replayId: Buffer;
  readonly event: { id: string; schema_id: string; payload: Buffer; headers: [] };
}

export function replayIdAt(position: bigint): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(position);
  return buf;
}

export class EventBus {
  #events: BusEvent[] = [];
  #issued = 0n;
  /** Events at or before this position have been expired. */
  #floor = 0n;
  #listeners = new Set<() => void>();
  #commitNumber = 11_657_372_700_000;

  /** The next commit number, for the event about to be appended. */
  nextCommitNumber(): number {
    return ++this.#commitNumber;
  }

  append(entity: string, schemaId: string, payload: Buffer): BusEvent {
    this.#issued += 1n;
    const event: BusEvent = {
      position: this.#issued,
      entity,
      replayId: replayIdAt(this.#issued),
      event: { id: randomUUID(), schema_id: schemaId, payload, headers: [] },
    };
    this.#events.push(event);
    for (const listener of this.#listeners) listener();
    return event;
  }

  expire(before: Buffer | 'all'): void {
    const position = before === 'all' ? this.#issued : this.#decode(before);
    if (position === null) throw new Error('expire() takes a replay id this bus issued');
    if (position > this.#floor) this.#floor = position;
    this.#events = this.#events.filter((e) => e.position > this.#floor);
  }

  /** The position after which a CUSTOM subscription resumes, or null when the id is not valid. */
  resumePoint(replayId: Buffer): bigint | null {
    const position = this.#decode(replayId);
    if (position === null) return null;
    return position > this.#floor || this.#floor === 0n ? position : null;
  }

  /** Where EARLIEST starts: just before the oldest retained event. */
  get earliest(): bigint {
    return this.#floor;
  }

  /** Where LATEST starts: after everything published so far. */
  get latest(): bigint {
    return this.#issued;
  }

  /** Retained events after `position`, of one entity (or all when null), at most `max`. */
  after(position: bigint, entity: string | null, max: number): BusEvent[] {
    const out: BusEvent[] = [];
    for (const e of this.#events) {
      if (out.length >= max) break;
      if (e.position > position && (entity === null || e.entity === entity)) out.push(e);
    }
    return out;
  }

  /** The replay id a keepalive reports: the topic's latest event, or the bus's position before any. */
  latestReplayId(entity: string | null): Buffer {
    for (let i = this.#events.length - 1; i >= 0; i--) {
      const e = this.#events[i];
      if (e && (entity === null || e.entity === entity)) return e.replayId;
    }
    return replayIdAt(this.#issued);
  }

  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #decode(replayId: Buffer): bigint | null {
    if (replayId.length !== 8) return null;
    const position = replayId.readBigUInt64BE();
    return position <= this.#issued ? position : null;
  }
}
