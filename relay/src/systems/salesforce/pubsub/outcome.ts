/**
 * @module
 * How a subscription ends, as typed outcomes with stable codes instead of raw gRPC errors, and the
 * step the caller takes next. Salesforce ends an RPC with a gRPC status plus its own code in the
 * `error-code` trailer (`sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted`, ...);
 * the trailer decides where it is known, the status otherwise.
 *
 * | code | when | next step |
 * |---|---|---|
 * | `pubsub_replay_expired` | the stored replay id is invalid or past the 72 h retention | catch-up read, then subscribe from LATEST |
 * | `pubsub_unauthenticated` | token rejected (expired, revoked, wrong org) | refresh the token, reconnect once |
 * | `pubsub_unavailable` | unreachable, reset, service down, client limit | poll (try Pub/Sub again later) |
 * | `pubsub_not_permitted` | org not licensed for CDC, or no permission on the topic | poll, saying why |
 * | `pubsub_rejected` | anything else the API refused (unknown topic, invalid request) | poll, saying why |
 * | `pubsub_stream_closed` | the server ended the stream cleanly | resubscribe from the stored replay id |
 * | `pubsub_aborted` | the caller's signal aborted | stop |
 *
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/handling-errors.html
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/retry-rpc-calls.html
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import type { RelayError } from '../../../lib/result.ts';

export type PubSubOutcomeCode =
  | 'pubsub_replay_expired'
  | 'pubsub_unauthenticated'
  | 'pubsub_unavailable'
  | 'pubsub_not_permitted'
  | 'pubsub_rejected'
  | 'pubsub_stream_closed'
  | 'pubsub_aborted';

/** How a subscription ended: a {@link RelayError} plus what the API said. */
export interface PubSubOutcome extends RelayError {
  readonly code: PubSubOutcomeCode;
  /** The gRPC status code, when the API ended the RPC with one. */
  readonly grpcStatus?: number;
  /** Salesforce's `error-code` trailer. */
  readonly sfErrorCode?: string;
}

/** Trailer codes that decide on their own, by the part of the code that names the cause. */
const BY_TRAILER: readonly [RegExp, PubSubOutcomeCode][] = [
  [/\.replayid\./, 'pubsub_replay_expired'],
  [/\.auth\.error$/, 'pubsub_unauthenticated'],
  [/permission|licen[cs]e|not\.enabled|not\.authorized/, 'pubsub_not_permitted'],
  [/\.unavailable$|client\.limit/, 'pubsub_unavailable'],
];

const BY_STATUS = new Map<number, PubSubOutcomeCode>([
  [status.UNAUTHENTICATED, 'pubsub_unauthenticated'],
  [status.PERMISSION_DENIED, 'pubsub_not_permitted'],
  [status.UNAVAILABLE, 'pubsub_unavailable'],
  [status.DEADLINE_EXCEEDED, 'pubsub_unavailable'],
  [status.RESOURCE_EXHAUSTED, 'pubsub_unavailable'],
  [status.INTERNAL, 'pubsub_unavailable'],
  [status.UNKNOWN, 'pubsub_unavailable'],
  [status.ABORTED, 'pubsub_unavailable'],
]);

const SAYS: Record<PubSubOutcomeCode, string> = {
  pubsub_replay_expired: 'The stored replay id is no longer valid (events are kept 72 hours)',
  pubsub_unauthenticated: 'Salesforce rejected the access token for the Pub/Sub API',
  pubsub_unavailable: 'The Salesforce Pub/Sub API could not be reached',
  pubsub_not_permitted:
    'The org is not licensed for Change Data Capture, or the integration user may not subscribe to this topic',
  pubsub_rejected: 'The Salesforce Pub/Sub API refused the subscription',
  pubsub_stream_closed: 'Salesforce ended the Pub/Sub stream',
  pubsub_aborted: 'The subscription was stopped',
};

const RETRYABLE = new Set<PubSubOutcomeCode>(['pubsub_unavailable', 'pubsub_stream_closed']);

/** An outcome that did not come from a gRPC error (a clean end, an abort). */
export function pubSubOutcome(code: PubSubOutcomeCode, detail?: string): PubSubOutcome {
  return { code, message: detail ? `${SAYS[code]}: ${detail}.` : `${SAYS[code]}.`, retryable: RETRYABLE.has(code) };
}

/** True for what grpc-js rejects or emits with: an Error carrying a numeric gRPC `code`. */
export function isGrpcError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

/**
 * Classifies a gRPC error that ended an RPC.
 *
 * @example pubSubOutcomeFromGrpc(error).code // 'pubsub_replay_expired'
 */
export function pubSubOutcomeFromGrpc(error: ServiceError): PubSubOutcome {
  const trailer = error.metadata?.get('error-code')[0];
  const sfErrorCode = typeof trailer === 'string' ? trailer : undefined;
  const code =
    (sfErrorCode && BY_TRAILER.find(([pattern]) => pattern.test(sfErrorCode))?.[1]) ||
    BY_STATUS.get(error.code) ||
    'pubsub_rejected';
  const said = error.details || error.message;
  return {
    ...pubSubOutcome(
      code,
      `${said} (gRPC ${status[error.code] ?? error.code}${sfErrorCode ? `, ${sfErrorCode}` : ''})`,
    ),
    grpcStatus: error.code,
    ...(sfErrorCode ? { sfErrorCode } : {}),
    cause: error,
  };
}

/** What the caller does after an outcome. */
export type NextStep =
  | { readonly kind: 'resubscribe' }
  | { readonly kind: 'catch_up' }
  | { readonly kind: 'refresh_token' }
  | { readonly kind: 'poll'; readonly reason: string }
  | { readonly kind: 'stop' };

/**
 * Decides the next step from how the last subscription ended. `resubscribe`: from the stored replay
 * id. `catch_up`: read what changed since the last sync (the events are gone), then subscribe from
 * LATEST (replay id null). `refresh_token`: refresh, then resubscribe; a second rejection in a row
 * (`tokenJustRefreshed`) falls back to polling. `poll`: use the poller, `reason` says why.
 *
 * @example
 * const step = nextStep(outcome, { tokenJustRefreshed });
 * if (step.kind === 'poll') log.warn('pubsub_fallback', { reason: step.reason });
 */
export function nextStep(outcome: PubSubOutcome, { tokenJustRefreshed }: { tokenJustRefreshed: boolean }): NextStep {
  switch (outcome.code) {
    case 'pubsub_stream_closed':
      return { kind: 'resubscribe' };
    case 'pubsub_replay_expired':
      return { kind: 'catch_up' };
    case 'pubsub_unauthenticated':
      return tokenJustRefreshed
        ? { kind: 'poll', reason: `${outcome.message} Still rejected after a token refresh.` }
        : { kind: 'refresh_token' };
    case 'pubsub_unavailable':
    case 'pubsub_not_permitted':
    case 'pubsub_rejected':
      return { kind: 'poll', reason: outcome.message };
    case 'pubsub_aborted':
      return { kind: 'stop' };
  }
}
