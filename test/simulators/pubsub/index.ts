/**
 * @module
 * Starts a simulated Salesforce Pub/Sub API (gRPC, insecure, on 127.0.0.1) serving Change Data
 * Capture events for the entities given, for tests of the relay's CDC subscriber.
 *
 * @example
 * const pubsub = await startPubSubSimulator({
 *   tenantId: '00D000000000001EAA',
 *   isValidToken: (t) => sessions.has(t),
 *   entities: { Account: [{ name: 'Name', type: 'string' }, { name: 'BillingAddress', type: 'address' }] },
 * });
 * const replayId = pubsub.publish('Account', { changeType: 'UPDATE', recordIds: [id], fields: { Name: 'Acme' } });
 * pubsub.refuse('unavailable'); // every new RPC fails until refuse(null)
 * await pubsub.close();
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { EventBus } from './bus.ts';
import { errors } from './errors.ts';
import { encodeChange, encodeGap, type ChangeSpec } from './events.ts';
import { loadPubSubService } from './proto.ts';
import { buildEntitySchema, type EntityField, type EntitySchema } from './schema.ts';
import { createHandlers, type PubSubStats, type ServiceState } from './service.ts';

export type { ChangeSpec } from './events.ts';
export type { EntityField } from './schema.ts';
export { ALL_CHANGES_TOPIC, topicFor } from './schema.ts';
export { PROTO_PATH } from './proto.ts';

export interface PubSubSimulatorOptions {
  /** The org id the simulator belongs to. */
  tenantId: string;
  /** When given, the instanceurl metadata must equal it. */
  instanceUrl?: string;
  isValidToken(token: string): boolean;
  entities: Record<string, readonly EntityField[]>;
  /** Empty FetchResponse with latest_replay_id after this long without a response (default 270 s). */
  keepaliveMs?: number;
  /** Close a stream once nothing is requested and no FetchRequest came for this long (default 60 s). */
  idleCloseMs?: number;
}

export type GapType = 'GAP_CREATE' | 'GAP_UPDATE' | 'GAP_DELETE' | 'GAP_UNDELETE';

export interface PubSubSimulator {
  /** '127.0.0.1:PORT' */
  readonly address: string;
  /** Publishes a change event; returns its replay id. */
  publish(entity: string, change: ChangeSpec): Buffer;
  publishGap(entity: string, changeType: GapType, recordIds: string[]): Buffer;
  /** GAP_OVERFLOW: more changes in one transaction than CDC sends; no record ids. */
  publishOverflow(entity: string): Buffer;
  /** Events up to that replay id (or all so far) fall out of retention. */
  expire(before: Buffer | 'all'): void;
  /** Every new RPC fails ('unavailable': UNAVAILABLE; 'not_licensed': PERMISSION_DENIED) until null. */
  refuse(kind: 'unavailable' | 'not_licensed' | null): void;
  /** Ends every live Subscribe stream with UNAVAILABLE, as a network blip does. */
  dropStreams(): void;
  readonly stats: PubSubStats;
  close(): Promise<void>;
}

export async function startPubSubSimulator(opts: PubSubSimulatorOptions): Promise<PubSubSimulator> {
  const schemas = new Map<string, EntitySchema>();
  for (const [entity, fields] of Object.entries(opts.entities)) schemas.set(entity, buildEntitySchema(entity, fields));
  const bus = new EventBus();
  const state: ServiceState = {
    tenantId: opts.tenantId,
    instanceUrl: opts.instanceUrl,
    isValidToken: (token) => opts.isValidToken(token),
    keepaliveMs: opts.keepaliveMs ?? 270_000,
    idleCloseMs: opts.idleCloseMs ?? 60_000,
    bus,
    topics: new Map([...schemas.values()].map((s) => [s.topicName, s])),
    schemasById: new Map([...schemas.values()].map((s) => [s.schemaId, s])),
    live: new Set(),
    stats: { subscribes: 0, fetchRequests: 0, eventsSent: 0, getSchema: 0, refused: 0 },
    refusal: null,
  };
  const schemaOf = (entity: string): EntitySchema => {
    const schema = schemas.get(entity);
    if (!schema) throw new Error(`the simulator was not started with entity ${entity}`);
    return schema;
  };
  const append = (schema: EntitySchema, payload: Buffer) =>
    bus.append(schema.entity, schema.schemaId, payload).replayId;

  const server = new Server();
  server.addService(loadPubSubService().service, createHandlers(state));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  const dropStreams = () => {
    for (const subscription of [...state.live]) subscription.fail(errors.streamReset());
  };

  return {
    address: `127.0.0.1:${port}`,
    publish: (entity, change) => {
      const schema = schemaOf(entity);
      return append(schema, encodeChange(schema, change, { commitNumber: bus.nextCommitNumber() }));
    },
    publishGap: (entity, changeType, recordIds) => {
      const schema = schemaOf(entity);
      return append(schema, encodeGap(schema, changeType, recordIds, { commitNumber: bus.nextCommitNumber() }));
    },
    publishOverflow: (entity) => {
      const schema = schemaOf(entity);
      return append(schema, encodeGap(schema, 'GAP_OVERFLOW', [], { commitNumber: bus.nextCommitNumber() }));
    },
    expire: (before) => bus.expire(before),
    refuse: (kind) => {
      state.refusal = kind;
    },
    dropStreams,
    stats: state.stats,
    close: async () => {
      dropStreams();
      await new Promise<void>((resolve) => {
        // Streams end with a status first; a call still in flight after a second is cut.
        const force = setTimeout(() => server.forceShutdown(), 1000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
