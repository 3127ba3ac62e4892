/**
 * @module
 * A plain grpc-js client of the Pub/Sub API for the simulator's own tests, written from the proto
 * alone (proto-loader's default camelCase names, unlike the server) and sharing nothing with the
 * simulator or the relay. It also decodes payloads with the schema from GetSchema and turns
 * header bitmaps back into field names, independently of the simulator's encoder.
 */
import { credentials, Metadata, type ClientDuplexStream, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import avro from 'avsc';
import path from 'node:path';

const PROTO = path.join(import.meta.dirname, 'pubsub_api.proto');

export interface AuthHeaders {
  accesstoken?: string;
  instanceurl?: string;
  tenantid?: string;
}

export interface WireFetchResponse {
  events: { event: { id: string; schemaId: string; payload: Buffer }; replayId: Buffer }[];
  latestReplayId: Buffer;
  rpcId: string;
  pendingNumRequested: number;
}

export interface WireFetchRequest {
  topicName?: string;
  replayPreset?: 'LATEST' | 'EARLIEST' | 'CUSTOM';
  replayId?: Buffer;
  numRequested: number;
}

type Unary = (req: unknown, md: Metadata, cb: (err: ServiceError | null, res: unknown) => void) => void;

function loadClient(): ServiceClientConstructor {
  const def = loadSync(PROTO, { enums: String, longs: String, defaults: true });
  return ((loadPackageDefinition(def).eventbus as GrpcObject).v1 as GrpcObject).PubSub as ServiceClientConstructor;
}

/** A Subscribe stream whose responses are queued for the test to take one at a time. */
export class TestStream {
  readonly #call: ClientDuplexStream<WireFetchRequest, WireFetchResponse>;
  readonly #queue: WireFetchResponse[] = [];
  #waiter: (() => void) | undefined;
  /** Resolves with the final status, whether OK or an error. */
  readonly status: Promise<StatusObject>;

  constructor(call: ClientDuplexStream<WireFetchRequest, WireFetchResponse>) {
    this.#call = call;
    call.on('data', (r: WireFetchResponse) => {
      this.#queue.push(r);
      this.#waiter?.();
    });
    this.status = new Promise((resolve) => {
      call.on('status', (s: StatusObject) => resolve(s));
      call.on('error', () => undefined); // the status event carries the same information
    });
  }

  request(req: WireFetchRequest): this {
    this.#call.write(req);
    return this;
  }

  /** The next response, or a rejection after `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<WireFetchResponse> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no FetchResponse within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#queue.shift() as WireFetchResponse;
  }

  /** The final status (OK or an error), or a rejection when the stream is still open after `timeoutMs`. */
  closed(timeoutMs = 2000): Promise<StatusObject> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the stream was still open after ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([this.status, late]).finally(() => clearTimeout(timer));
  }

  /** Responses so far not taken. */
  get queued(): number {
    return this.#queue.length;
  }

  cancel(): void {
    this.#call.cancel();
  }
}

export class TestClient {
  readonly #client: InstanceType<ServiceClientConstructor>;
  readonly #metadata = new Metadata();

  constructor(address: string, auth: AuthHeaders) {
    const PubSub = loadClient();
    this.#client = new PubSub(address, credentials.createInsecure());
    for (const [key, value] of Object.entries(auth)) if (value !== undefined) this.#metadata.set(key, value);
  }

  #unary<T>(method: string, req: unknown): Promise<T> {
    const fn = (this.#client[method] as Unary).bind(this.#client);
    return new Promise((resolve, reject) =>
      fn(req, this.#metadata, (err, res) => (err ? reject(err) : resolve(res as T))),
    );
  }

  getTopic(topicName: string) {
    return this.#unary<{
      topicName: string;
      schemaId: string;
      canSubscribe: boolean;
      tenantGuid: string;
      rpcId: string;
    }>('GetTopic', { topicName });
  }

  getSchema(schemaId: string) {
    return this.#unary<{ schemaJson: string; schemaId: string }>('GetSchema', { schemaId });
  }

  publish() {
    return this.#unary<unknown>('Publish', { topicName: '/data/AccountChangeEvent', events: [] });
  }

  /** Opens one of the bidirectional streams (PublishStream, ManagedSubscribe) and resolves with its status. */
  openStream(method: 'PublishStream' | 'ManagedSubscribe'): Promise<StatusObject> {
    const call = (this.#client[method] as (md: Metadata) => ClientDuplexStream<unknown, unknown>)(this.#metadata);
    call.on('error', () => undefined);
    return new Promise((resolve) => call.on('status', resolve));
  }

  subscribe(first?: WireFetchRequest): TestStream {
    const call = (this.#client.Subscribe as (md: Metadata) => ClientDuplexStream<WireFetchRequest, WireFetchResponse>)(
      this.#metadata,
    );
    const stream = new TestStream(call);
    if (first) stream.request(first);
    return stream;
  }

  close(): void {
    this.#client.close();
  }
}

/** Decodes an event's payload with the schema the server reports for it. */
export async function decode(client: TestClient, event: { schemaId: string; payload: Buffer }) {
  const { schemaJson } = await client.getSchema(event.schemaId);
  const schema = JSON.parse(schemaJson) as { fields: { name: string; type: unknown }[] };
  return {
    schema,
    value: avro.Type.forSchema(schema as avro.Schema).fromBuffer(event.payload) as Record<string, unknown>,
  };
}

type SchemaField = { name: string; type: unknown };

function named(fields: readonly SchemaField[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const f of fields) {
    for (const t of Array.isArray(f.type) ? f.type : [f.type]) {
      if (typeof t === 'object' && t !== null && 'name' in t) out.set(String(t.name), t);
    }
  }
  return out;
}

/** Bitmaps → field names, as Salesforce's docs describe them (and pozil's client decodes them). */
export function bitmapNames(fields: readonly SchemaField[], bitmaps: readonly string[]): string[] {
  const bitsOf = (hex: string) => [...BigInt(hex).toString(2)].reverse().flatMap((bit, i) => (bit === '1' ? [i] : []));
  return bitmaps.flatMap((bitmap) => {
    const dash = bitmap.indexOf('-');
    if (dash < 0) return bitsOf(bitmap).map((i) => fields[i]?.name ?? `?${i}`);
    const parent = fields[Number(bitmap.slice(0, dash))];
    const union = (parent?.type ?? []) as unknown[];
    const member = union.find((t) => t !== 'null');
    // A named record is defined once; later compound fields refer to it by name.
    const record = (typeof member === 'string' ? named(fields).get(member) : member) as { fields: SchemaField[] };
    return bitsOf(bitmap.slice(dash + 1)).map((i) => `${parent?.name}.${record.fields[i]?.name}`);
  });
}
