import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { nextStep, pubSubOutcome, pubSubOutcomeFromGrpc, type PubSubOutcomeCode } from './outcome.ts';

/** A ServiceError as grpc-js builds one from a status and its trailers. */
function grpcError(code: status, details: string, errorCode?: string): ServiceError {
  const metadata = new Metadata();
  if (errorCode) metadata.set('error-code', errorCode);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

const EB = 'sfdc.platform.eventbus.grpc';

describe('Pub/Sub outcomes from gRPC errors', () => {
  it.each<[status, string | undefined, PubSubOutcomeCode]>([
    [status.INVALID_ARGUMENT, `${EB}.subscription.fetch.replayid.corrupted`, 'pubsub_replay_expired'],
    [status.INVALID_ARGUMENT, `${EB}.fetch.request.invalid`, 'pubsub_rejected'],
    [status.UNAUTHENTICATED, `${EB}.service.auth.error`, 'pubsub_unauthenticated'],
    [status.UNAUTHENTICATED, undefined, 'pubsub_unauthenticated'],
    // Token and tenant id of different orgs: the trailer says auth, whatever the status.
    [status.PERMISSION_DENIED, `${EB}.service.auth.error`, 'pubsub_unauthenticated'],
    [status.PERMISSION_DENIED, `${EB}.subscription.permission.denied`, 'pubsub_not_permitted'],
    [status.PERMISSION_DENIED, undefined, 'pubsub_not_permitted'],
    [status.UNAVAILABLE, `${EB}.service.unavailable`, 'pubsub_unavailable'],
    [status.UNAVAILABLE, undefined, 'pubsub_unavailable'],
    [status.RESOURCE_EXHAUSTED, `${EB}.concurrent.client.limit.exceeded`, 'pubsub_unavailable'],
    [status.NOT_FOUND, `${EB}.topic.notfound`, 'pubsub_rejected'],
    [status.UNIMPLEMENTED, undefined, 'pubsub_rejected'],
  ])('status %s with trailer %s → %s', (code, errorCode, expected) => {
    const outcome = pubSubOutcomeFromGrpc(grpcError(code, 'Said by the server. rpcId: 42', errorCode));
    expect(outcome.code).toBe(expected);
    expect(outcome.grpcStatus).toBe(code);
    expect(outcome.sfErrorCode).toBe(errorCode);
    expect(outcome.retryable).toBe(expected === 'pubsub_unavailable');
    expect(outcome.message).toContain('Said by the server. rpcId: 42');
    expect(outcome.message).toContain(status[code]);
  });

  it('says in words what ended a stream that had no gRPC error', () => {
    expect(pubSubOutcome('pubsub_stream_closed')).toEqual({
      code: 'pubsub_stream_closed',
      message: 'Salesforce ended the Pub/Sub stream.',
      retryable: true,
    });
  });
});

describe('next step after an outcome', () => {
  const from = (code: PubSubOutcomeCode, tokenJustRefreshed = false) =>
    nextStep(pubSubOutcome(code), { tokenJustRefreshed });

  it('resumes, catches up, refreshes once, polls or stops', () => {
    expect(from('pubsub_stream_closed')).toEqual({ kind: 'resubscribe' });
    expect(from('pubsub_replay_expired')).toEqual({ kind: 'catch_up' });
    expect(from('pubsub_unauthenticated')).toEqual({ kind: 'refresh_token' });
    expect(from('pubsub_aborted')).toEqual({ kind: 'stop' });
  });

  it('falls back to polling with the reason, also when a refreshed token is rejected again', () => {
    expect(from('pubsub_not_permitted')).toEqual({
      kind: 'poll',
      reason: expect.stringContaining('not licensed for Change Data Capture'),
    });
    expect(from('pubsub_unavailable')).toMatchObject({ kind: 'poll', reason: expect.stringContaining('reached') });
    expect(from('pubsub_rejected')).toMatchObject({ kind: 'poll' });
    expect(from('pubsub_unauthenticated', true)).toEqual({
      kind: 'poll',
      reason: expect.stringContaining('Still rejected after a token refresh'),
    });
  });
});
