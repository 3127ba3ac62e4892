/**
 * @module
 * One Change Data Capture subscription over the Pub/Sub API's `Subscribe` stream, with the
 * caller's durable replay id: it resumes after a stored replay id (CUSTOM) or starts at the tip
 * (LATEST), decodes each event, and hands every batch to `onEvents`, which stores the events and
 * the replay id in one transaction. More events are requested only once `onEvents` has resolved
 * and the server has used up what was asked for (`pending_num_requested` 0): back-pressure.
 * Keepalives (empty responses) carry the latest replay id and reach `onEvents` too, so the stored
 * id stays inside the 72 h retention even on a quiet topic.
 *
 * It resolves with how the subscription ended ({@link PubSubOutcome}); what to do next is the
 * caller's ({@link nextStep}). It rejects only with what is not the API's doing: `onEvents` or
 * `auth()` rejecting (re-thrown as is), an event that does not decode, an invalid `batch`.
 *
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/flow-control.html
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/event-message-durability.html
 */
import type { FetchRequest, FetchResponse, PubSubChannel } from './channel.ts';
import { decodeChangeEvent, SchemaCache, type ChangeEvent } from './decode.ts';
import { isGrpcError, pubSubOutcome, pubSubOutcomeFromGrpc, type PubSubOutcome } from './outcome.ts';

/** The most events one FetchRequest may ask for. */
export const MAX_BATCH = 100;

/** A decoded event and the replay id to store with it. */
export interface ReceivedEvent {
  readonly event: ChangeEvent;
  readonly replayId: Buffer;
}

export interface SubscribeOptions {
  readonly channel: PubSubChannel;
  /** `/data/ChangeEvents`, `/data/AccountChangeEvent`, `/data/<Name>__chn`, ... */
  readonly topic: string;
  /** The stored replay id to resume after, or null to start at the tip. */
  readonly replayId: Buffer | null;
  /** Events asked for at a time, 1 to {@link MAX_BATCH}. */
  readonly batch: number;
  /** Store the events and `latestReplayId` durably; resolve once stored. `events` is empty on a keepalive. */
  readonly onEvents: (events: readonly ReceivedEvent[], latestReplayId: Buffer) => Promise<void>;
  /** Aborting ends the subscription with `pubsub_aborted`. */
  readonly signal: AbortSignal;
  /** Schemas already fetched; pass the same cache across resubscriptions. */
  readonly schemas?: SchemaCache;
}

/** Marks a rejection of the caller's handler, so it is re-thrown rather than classified. */
class HandlerFailed {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/**
 * Subscribes until the stream ends, the API refuses, or `signal` aborts.
 *
 * @example
 * const outcome = await subscribe({ channel, topic: '/data/ChangeEvents', replayId: await store.replayId(topic),
 *   batch: 100, signal, onEvents: (events, latest) => store.saveChanges(topic, events, latest) });
 */
export async function subscribe(options: SubscribeOptions): Promise<PubSubOutcome> {
  const { channel, topic, replayId, batch, onEvents, signal, schemas = new SchemaCache() } = options;
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH) {
    throw new RangeError(`batch must be an integer from 1 to ${MAX_BATCH}, not ${batch}`);
  }
  if (signal.aborted) return pubSubOutcome('pubsub_aborted');
  const stream = await channel.openSubscribe();
  const cancel = () => stream.cancel();
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  // The iterator below reports the error that ends the call; this keeps a late one (after a
  // cancel) from being an unhandled 'error' event.
  stream.on('error', () => {});
  try {
    const first: FetchRequest =
      replayId && replayId.length > 0
        ? { topic_name: topic, replay_preset: 'CUSTOM', replay_id: replayId, num_requested: batch }
        : { topic_name: topic, replay_preset: 'LATEST', num_requested: batch };
    stream.write(first);
    for await (const response of stream as AsyncIterable<FetchResponse>) {
      const events: ReceivedEvent[] = [];
      for (const { event, replay_id } of response.events) {
        const schema = await schemas.get(event.schema_id, (id) => channel.getSchemaJson(id));
        events.push({ event: decodeChangeEvent(schema, event.payload), replayId: replay_id });
      }
      const latest = response.latest_replay_id.length > 0 ? response.latest_replay_id : events.at(-1)?.replayId;
      if (latest) await onEvents(events, latest).catch((error: unknown) => Promise.reject(new HandlerFailed(error)));
      if (signal.aborted) return pubSubOutcome('pubsub_aborted');
      if (response.pending_num_requested === 0) stream.write({ topic_name: topic, num_requested: batch });
    }
    return pubSubOutcome(signal.aborted ? 'pubsub_aborted' : 'pubsub_stream_closed');
  } catch (error) {
    if (error instanceof HandlerFailed) throw error.error;
    if (signal.aborted) return pubSubOutcome('pubsub_aborted');
    if (isGrpcError(error)) return pubSubOutcomeFromGrpc(error);
    throw error;
  } finally {
    signal.removeEventListener('abort', cancel);
    stream.cancel();
  }
}
