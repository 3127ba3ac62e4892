/**
 * @module
 * Loads Salesforce's Pub/Sub API definition (pubsub_api.proto, copied verbatim from
 * forcedotcom/pub-sub-api) into a grpc-js service definition. Fields keep their snake_case
 * names, enums arrive as their names and bytes as Buffers, so handlers read the wire as written.
 */
import path from 'node:path';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** Where the proto lives; test clients load the same file. */
export const PROTO_PATH = path.join(import.meta.dirname, 'pubsub_api.proto');

/** The `eventbus.v1.PubSub` service constructor (its `.service` is the server-side definition). */
export function loadPubSubService(): ServiceClientConstructor {
  const definition = loadSync(PROTO_PATH, { keepCase: true, enums: String, longs: String, defaults: true });
  const eventbus = (loadPackageDefinition(definition).eventbus as GrpcObject).v1 as GrpcObject;
  return eventbus.PubSub as ServiceClientConstructor;
}
