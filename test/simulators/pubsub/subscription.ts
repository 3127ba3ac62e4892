/**
 * @module
 * One Subscribe stream's flow control, as the Pub/Sub API runs it: the first FetchRequest names the
 * topic and where to start (LATEST, EARLIEST, or CUSTOM after a replay id); each FetchRequest adds
 * at most 100 to the events the client will take; the server never sends more than that and
 * reports what is left in `pending_num_requested`. With nothing to send it sends an empty
 * response carrying `latest_replay_id` every `keepaliveMs`; once nothing is left requested and no
 * FetchRequest comes within `idleCloseMs`, it closes the stream.
 */
import { randomUUID } from 'node:crypto';
import type { BusEvent, EventBus } from './bus.ts';
import { errors, type RpcError } from './errors.ts';

/** A FetchRequest as the wire delivers it (snake_case, enums by name, bytes as Buffer). */
export interface FetchRequest {
  topic_name: string;
  replay_preset: 'LATEST' | 'EARLIEST' | 'CUSTOM';
  replay_id: Buffer;
  num_requested: number;
}

export interface FetchResponse {
  events: { event: BusEvent['event']; replay_id: Buffer }[];
  latest_replay_id: Buffer;
  rpc_id: string;
  pending_num_requested: number;
}

/** The stream seen from the subscription: responses out, and the two ways it ends. */
export interface StreamPort {
  write(response: FetchResponse): void;
  fail(error: RpcError): void;
  end(): void;
}

export interface SubscriptionOptions {
  bus: EventBus;
  /** The entity a topic carries (null: every entity), or undefined when there is no such topic. */
  resolveTopic(topicName: string): string | null | undefined;
  keepaliveMs: number;
  idleCloseMs: number;
  onSent(count: number): void;
  onClosed(): void;
}

/** The most events one FetchRequest may ask for. */
export const MAX_NUM_REQUESTED = 100;

export class Subscription {
  readonly #opts: SubscriptionOptions;
  readonly #port: StreamPort;
  readonly #rpcId = randomUUID();
  #topic: string | null = null;
  #entity: string | null = null;
  #cursor = 0n;
  #pending = 0;
  #closed = false;
  #pumpScheduled = false;
  #keepalive: NodeJS.Timeout | undefined;
  #idle: NodeJS.Timeout | undefined;
  #unlisten: (() => void) | undefined;

  constructor(port: StreamPort, opts: SubscriptionOptions) {
    this.#port = port;
    this.#opts = opts;
  }

  request(req: FetchRequest): void {
    if (this.#closed) return;
    clearTimeout(this.#idle);
    const n = req.num_requested;
    if (!Number.isInteger(n) || n < 1 || n > MAX_NUM_REQUESTED) {
      return this.fail(errors.invalidFetch(`num_requested must be between 1 and ${MAX_NUM_REQUESTED}, got ${n}.`));
    }
    if (this.#topic === null) {
      if (!this.#start(req)) return;
    } else if (req.topic_name !== '' && req.topic_name !== this.#topic) {
      return this.fail(errors.invalidFetch('The topic cannot change within a Subscribe stream.'));
    }
    this.#pending += n;
    this.#schedulePump();
    this.#armKeepalive();
  }

  /** Ends the stream with an error status (a fault, or a bad request). */
  fail(error: RpcError): void {
    if (this.#closed) return;
    this.#dispose();
    this.#port.fail(error);
  }

  /** Ends the stream with OK, as the server does after an idle period. */
  end(): void {
    if (this.#closed) return;
    this.#dispose();
    this.#port.end();
  }

  /** The client went away: stop without writing anything. */
  abandon(): void {
    if (!this.#closed) this.#dispose();
  }

  #start(req: FetchRequest): boolean {
    if (req.topic_name === '') {
      this.fail(errors.invalidFetch('The first FetchRequest must name a topic.'));
      return false;
    }
    const entity = this.#opts.resolveTopic(req.topic_name);
    if (entity === undefined) {
      this.fail(errors.topicNotFound(req.topic_name));
      return false;
    }
    const { bus } = this.#opts;
    if (req.replay_preset === 'CUSTOM') {
      const point = bus.resumePoint(req.replay_id);
      if (point === null) {
        this.fail(errors.replayIdCorrupted());
        return false;
      }
      this.#cursor = point;
    } else {
      this.#cursor = req.replay_preset === 'EARLIEST' ? bus.earliest : bus.latest;
    }
    this.#topic = req.topic_name;
    this.#entity = entity;
    this.#unlisten = bus.onAppend(() => this.#schedulePump());
    return true;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#closed || this.#pending === 0) return;
    // Retention may have passed the cursor while the stream was open: resume at the oldest kept.
    if (this.#cursor < this.#opts.bus.earliest) this.#cursor = this.#opts.bus.earliest;
    const batch = this.#opts.bus.after(this.#cursor, this.#entity, this.#pending);
    const last = batch.at(-1);
    if (!last) return;
    this.#cursor = last.position;
    this.#pending -= batch.length;
    this.#write(
      batch.map((e) => ({ event: e.event, replay_id: e.replayId })),
      last.replayId,
    );
    this.#opts.onSent(batch.length);
    if (this.#pending === 0) {
      this.#idle = setTimeout(() => this.end(), this.#opts.idleCloseMs).unref();
    }
  }

  #write(events: FetchResponse['events'], latest: Buffer): void {
    this.#port.write({
      events,
      latest_replay_id: latest,
      rpc_id: this.#rpcId,
      pending_num_requested: this.#pending,
    });
    this.#armKeepalive();
  }

  #armKeepalive(): void {
    clearTimeout(this.#keepalive);
    this.#keepalive = setTimeout(() => {
      if (!this.#closed) this.#write([], this.#opts.bus.latestReplayId(this.#entity));
    }, this.#opts.keepaliveMs).unref();
  }

  #dispose(): void {
    this.#closed = true;
    clearTimeout(this.#keepalive);
    clearTimeout(this.#idle);
    this.#unlisten?.();
    this.#opts.onClosed();
  }
}
