/**
 * @module
 * The errors the simulated Pub/Sub API ends an RPC with, shaped as Salesforce's are: a gRPC status,
 * a message ending in ` rpcId: <uuid>`, and trailers `error-code` (Salesforce's own code, e.g.
 * `sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted`) and `rpc-id`.
 * See developer.salesforce.com/docs/platform/pub-sub-api/guide/handling-errors.html.
 */
import { randomUUID } from 'node:crypto';
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';

export type RpcError = StatusObject & { message: string };

function rpcError(code: status, errorCode: string, message: string): RpcError {
  const rpcId = randomUUID();
  const metadata = new Metadata();
  metadata.set('error-code', errorCode);
  metadata.set('rpc-id', rpcId);
  const details = `${message} rpcId: ${rpcId}`;
  return { code, details, message: details, metadata };
}

export const errors = {
  unauthenticated: () =>
    rpcError(
      status.UNAUTHENTICATED,
      'sfdc.platform.eventbus.grpc.service.auth.error',
      'An error occurred while trying to authenticate with the server. Provide valid authentication via metadata headers.',
    ),
  wrongTenant: () =>
    rpcError(
      status.PERMISSION_DENIED,
      'sfdc.platform.eventbus.grpc.service.auth.error',
      'The tenant ID in the request metadata does not match the org of the access token.',
    ),
  notLicensed: () =>
    rpcError(
      status.PERMISSION_DENIED,
      'sfdc.platform.eventbus.grpc.subscription.permission.denied',
      'The org is not licensed for this feature, or the user lacks the permissions to subscribe to this topic.',
    ),
  unavailable: () =>
    rpcError(status.UNAVAILABLE, 'sfdc.platform.eventbus.grpc.service.unavailable', 'The service is unavailable.'),
  streamReset: () =>
    rpcError(status.UNAVAILABLE, 'sfdc.platform.eventbus.grpc.service.unavailable', 'RST_STREAM closed stream.'),
  topicNotFound: (topic: string) =>
    rpcError(status.NOT_FOUND, 'sfdc.platform.eventbus.grpc.topic.notfound', `Topic not found: ${topic}.`),
  schemaNotFound: (schemaId: string) =>
    rpcError(status.NOT_FOUND, 'sfdc.platform.eventbus.grpc.schema.notfound', `Schema not found: ${schemaId}.`),
  invalidFetch: (why: string) =>
    rpcError(status.INVALID_ARGUMENT, 'sfdc.platform.eventbus.grpc.fetch.request.invalid', why),
  replayIdCorrupted: () =>
    rpcError(
      status.INVALID_ARGUMENT,
      'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
      'The Replay ID validation failed. Ensure that the Replay ID is valid.',
    ),
  unimplemented: (method: string) =>
    rpcError(status.UNIMPLEMENTED, 'sfdc.platform.eventbus.grpc.service.unimplemented', `${method} is not supported.`),
};
