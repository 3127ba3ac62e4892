/**
 * @module
 * The gRPC handlers of the simulated `eventbus.v1.PubSub` service. Every RPC first passes the
 * gate: an injected refusal, then the auth metadata Salesforce requires (`accesstoken`,
 * `instanceurl`, `tenantid`). GetTopic, GetSchema and Subscribe are served; Publish,
 * PublishStream and ManagedSubscribe answer UNIMPLEMENTED.
 */
import { randomUUID } from 'node:crypto';
import type {
  Metadata,
  sendUnaryData,
  ServerDuplexStream,
  ServerUnaryCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { EventBus } from './bus.ts';
import { errors, type RpcError } from './errors.ts';
import { ALL_CHANGES_TOPIC, type EntitySchema } from './schema.ts';
import { Subscription, type FetchRequest, type FetchResponse } from './subscription.ts';

export type Refusal = 'unavailable' | 'not_licensed' | null;

export interface PubSubStats {
  subscribes: number;
  fetchRequests: number;
  eventsSent: number;
  getSchema: number;
  refused: number;
}

export interface ServiceState {
  readonly tenantId: string;
  readonly instanceUrl: string | undefined;
  readonly isValidToken: (token: string) => boolean;
  readonly keepaliveMs: number;
  readonly idleCloseMs: number;
  readonly bus: EventBus;
  /** By topic name: the single-entity channels. */
  readonly topics: ReadonlyMap<string, EntitySchema>;
  readonly schemasById: ReadonlyMap<string, EntitySchema>;
  readonly live: Set<Subscription>;
  readonly stats: PubSubStats;
  refusal: Refusal;
}

function header(metadata: Metadata, key: string): string {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : '';
}

function gate(state: ServiceState, metadata: Metadata): RpcError | null {
  if (state.refusal === 'unavailable') {
    state.stats.refused++;
    return errors.unavailable();
  }
  const token = header(metadata, 'accesstoken');
  const instanceUrl = header(metadata, 'instanceurl').replace(/\/+$/, '');
  const tenantId = header(metadata, 'tenantid');
  if (token === '' || instanceUrl === '' || tenantId === '' || !state.isValidToken(token)) {
    return errors.unauthenticated();
  }
  if (state.instanceUrl !== undefined && instanceUrl !== state.instanceUrl.replace(/\/+$/, '')) {
    return errors.unauthenticated();
  }
  if (tenantId !== state.tenantId) return errors.wrongTenant();
  if (state.refusal === 'not_licensed') {
    state.stats.refused++;
    return errors.notLicensed();
  }
  return null;
}

/** The entity a topic carries, null for the all-entities channel, undefined for no such topic. */
function entityOf(state: ServiceState, topicName: string): string | null | undefined {
  if (topicName === ALL_CHANGES_TOPIC) return null;
  return state.topics.get(topicName)?.entity;
}

type Unary<Req> = ServerUnaryCall<Req, unknown>;

function subscribe(state: ServiceState, call: ServerDuplexStream<FetchRequest, FetchResponse>): void {
  const denied = gate(state, call.metadata);
  if (denied) {
    call.emit('error', denied);
    return;
  }
  state.stats.subscribes++;
  const subscription = new Subscription(
    {
      write: (response) => call.write(response),
      fail: (error) => call.emit('error', error),
      end: () => call.end(),
    },
    {
      bus: state.bus,
      resolveTopic: (name) => entityOf(state, name),
      keepaliveMs: state.keepaliveMs,
      idleCloseMs: state.idleCloseMs,
      onSent: (count) => (state.stats.eventsSent += count),
      onClosed: () => state.live.delete(subscription),
    },
  );
  state.live.add(subscription);
  call.on('data', (request: FetchRequest) => {
    state.stats.fetchRequests++;
    subscription.request(request);
  });
  call.on('end', () => subscription.end());
  call.on('cancelled', () => subscription.abandon());
}

function unimplementedStream(state: ServiceState, method: string) {
  return (call: ServerDuplexStream<unknown, unknown>) =>
    call.emit('error', gate(state, call.metadata) ?? errors.unimplemented(method));
}

export function createHandlers(state: ServiceState): UntypedServiceImplementation {
  return {
    GetTopic(call: Unary<{ topic_name: string }>, done: sendUnaryData<unknown>) {
      const denied = gate(state, call.metadata);
      if (denied) return done(denied);
      const name = call.request.topic_name;
      const entity = entityOf(state, name);
      if (entity === undefined) return done(errors.topicNotFound(name));
      done(null, {
        topic_name: name,
        tenant_guid: state.tenantId,
        can_publish: false,
        can_subscribe: true,
        // The all-entities channel carries several schemas: each event names its own.
        schema_id: entity === null ? '' : (state.topics.get(name)?.schemaId ?? ''),
        rpc_id: randomUUID(),
      });
    },
    GetSchema(call: Unary<{ schema_id: string }>, done: sendUnaryData<unknown>) {
      const denied = gate(state, call.metadata);
      if (denied) return done(denied);
      state.stats.getSchema++;
      const schema = state.schemasById.get(call.request.schema_id);
      if (!schema) return done(errors.schemaNotFound(call.request.schema_id));
      done(null, { schema_json: schema.schemaJson, schema_id: schema.schemaId, rpc_id: randomUUID() });
    },
    Subscribe: (call: ServerDuplexStream<FetchRequest, FetchResponse>) => subscribe(state, call),
    Publish(call: Unary<unknown>, done: sendUnaryData<unknown>) {
      done(gate(state, call.metadata) ?? errors.unimplemented('Publish'));
    },
    PublishStream: unimplementedStream(state, 'PublishStream'),
    ManagedSubscribe: unimplementedStream(state, 'ManagedSubscribe'),
  };
}
