/**
 * @module
 * The gRPC client for Salesforce's Pub/Sub API (`eventbus.v1.PubSub`, from the proto Salesforce
 * publishes, loaded at run time next to this module). TLS in production; plaintext only for the
 * loopback simulator. Every RPC carries the auth metadata `accesstoken`, `instanceurl` and
 * `tenantid`, asked for afresh from `auth()` per RPC so a refreshed token is picked up on reconnect.
 *
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/supported-auth.html
 */
import { fileURLToPath } from 'node:url';
import { credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import type { Client, ClientDuplexStream, GrpcObject, ServiceClientConstructor, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** Salesforce's endpoint (7443; 443 is accepted too). */
export const PUBSUB_ENDPOINT = 'api.pubsub.salesforce.com:7443';

/** What every RPC authenticates with. */
export interface PubSubAuth {
  readonly accessToken: string;
  /** `https://<my-domain>.my.salesforce.com` */
  readonly instanceUrl: string;
  /** The org id. */
  readonly tenantId: string;
}

export interface PubSubChannelOptions {
  /** `host:port`, e.g. {@link PUBSUB_ENDPOINT}. */
  readonly endpoint: string;
  /** Plaintext instead of TLS: loopback tests only. */
  readonly insecure: boolean;
  readonly auth: () => Promise<PubSubAuth>;
}

/** A FetchRequest as this client writes it (field names as in the proto). */
export interface FetchRequest {
  topic_name: string;
  replay_preset?: 'LATEST' | 'EARLIEST' | 'CUSTOM';
  replay_id?: Buffer;
  num_requested: number;
}

/** A FetchResponse as proto-loader reads it (defaults filled: bytes are Buffers, never absent). */
export interface FetchResponse {
  events: { event: { id: string; schema_id: string; payload: Buffer }; replay_id: Buffer }[];
  latest_replay_id: Buffer;
  rpc_id: string;
  pending_num_requested: number;
}

export type SubscribeStream = ClientDuplexStream<FetchRequest, FetchResponse>;

/** An open client. `close()` ends its connection (and any stream still open on it). */
export interface PubSubChannel {
  /** Opens a Subscribe stream; nothing is requested until the caller writes a FetchRequest. */
  openSubscribe(): Promise<SubscribeStream>;
  /** `GetSchema`: the Avro schema JSON of a schema id. Rejects with the gRPC `ServiceError`. */
  getSchemaJson(schemaId: string): Promise<string>;
  close(): void;
}

interface PubSubStub extends Client {
  Subscribe(metadata: Metadata): SubscribeStream;
  GetSchema(
    request: { schema_id: string },
    metadata: Metadata,
    callback: (error: ServiceError | null, info?: { schema_json: string }) => void,
  ): void;
}

let service: ServiceClientConstructor | undefined;

/** The service constructor, loaded from the proto once per process. */
function pubSubService(): ServiceClientConstructor {
  if (!service) {
    const file = fileURLToPath(new URL('./pubsub_api.proto', import.meta.url));
    const definition = loadSync(file, { keepCase: true, enums: String, longs: String, defaults: true });
    const eventbus = (loadPackageDefinition(definition)['eventbus'] as GrpcObject)['v1'] as GrpcObject;
    service = eventbus['PubSub'] as ServiceClientConstructor;
  }
  return service;
}

/**
 * Opens the client. No connection is made until the first RPC.
 *
 * @example const channel = openPubSubChannel({ endpoint: PUBSUB_ENDPOINT, insecure: false, auth: () => session.pubSubAuth() });
 */
export function openPubSubChannel({ endpoint, insecure, auth }: PubSubChannelOptions): PubSubChannel {
  const channelCredentials = insecure ? credentials.createInsecure() : credentials.createSsl();
  const PubSub = pubSubService();
  const client = new PubSub(endpoint, channelCredentials) as unknown as PubSubStub;
  const metadata = async () => {
    const { accessToken, instanceUrl, tenantId } = await auth();
    const md = new Metadata();
    md.set('accesstoken', accessToken);
    md.set('instanceurl', instanceUrl);
    md.set('tenantid', tenantId);
    return md;
  };
  return {
    openSubscribe: async () => client.Subscribe(await metadata()),
    getSchemaJson: async (schemaId) => {
      const md = await metadata();
      return new Promise((resolve, reject) =>
        client.GetSchema({ schema_id: schemaId }, md, (error, info) =>
          error || !info ? reject(error ?? new Error('GetSchema answered nothing')) : resolve(info.schema_json),
        ),
      );
    },
    close: () => client.close(),
  };
}
