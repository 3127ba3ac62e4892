/**
 * @module
 * Webhook notifications to the URL a test registers (reference §3), signed with `intuit-signature` =
 * base64(HMAC-SHA256(raw body, verifier token)). Two payload formats: legacy `{"eventNotifications":
 * [{realmId, dataChangeEvent:{entities:[{name,id,operation,lastUpdated}]}}]}` (header
 * `intuit-notification-schema-version: 0.1`) and CloudEvents, a top-level array of
 * `{specversion,id,source,type:"qbo.<entity>.<op>.v1",datacontenttype,time,intuitentityid,intuitaccountid,data}`,
 * possibly sent as `application/cloudevents+json` (§3.3). Events are queued and sent together in order;
 * a delivery not answered 2xx stays queued and is retried. Tests can withhold events (a missed
 * webhook), send deliveries twice (gateway retries) or hold events back so they arrive out of order.
 */
import crypto from 'node:crypto';
import type { ChangeEvent, ChangeOperation } from './store.ts';

export interface WebhookEndpoint {
  readonly url: string;
  readonly verifierToken: string;
  /** Default `legacy`. */
  readonly format?: 'legacy' | 'cloudevents';
  /** CloudEvents only: `application/cloudevents+json` instead of `application/json`. */
  readonly cloudEventsContentType?: boolean;
  /** Send as changes happen (default), or only when the test calls `flush()`. */
  readonly auto?: boolean;
}

export interface Delivery {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly events: readonly ChangeEvent[];
  /** HTTP status of the answer, or 0 when the endpoint could not be reached. */
  readonly status: number;
}

export interface Webhooks {
  register(endpoint: WebhookEndpoint): void;
  unregister(): void;
  /** Events waiting to be sent. */
  pending(): readonly ChangeEvent[];
  /** Sends every queued event now, in one POST. */
  flush(): Promise<Delivery | undefined>;
  /** The next `n` events are dropped: never sent (a missed webhook the relay must catch up on with CDC). */
  withhold(n?: number): void;
  /** The next `n` deliveries are POSTed twice, as gateway retries resend them. */
  duplicate(n?: number): void;
  /** The next `n` events are held back and sent after the events that follow them (out of order). */
  holdBack(n?: number): void;
  /** Resolves once nothing is queued or in flight (events held back stay). */
  idle(): Promise<void>;
  readonly deliveries: readonly Delivery[];
  /** The signature a body carries. */
  sign(body: string): string;
  /** Queues a change (the simulator calls this). */
  notify(e: ChangeEvent): void;
}

const PAST: Record<ChangeOperation, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Void: 'voided',
  Merge: 'merged',
};

export function createWebhooks(now: () => number): Webhooks {
  let endpoint: WebhookEndpoint | undefined;
  let queue: ChangeEvent[] = [];
  let held: ChangeEvent[] = [];
  let withholdLeft = 0;
  let duplicateLeft = 0;
  let holdLeft = 0;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const deliveries: Delivery[] = [];
  const source = `intuit.${crypto.randomBytes(32).toString('base64')}`;
  // An event keeps its id however often it is sent: gateway retries resend the same id (§3.3).
  const ids = new WeakMap<ChangeEvent, string>();
  const eventId = (e: ChangeEvent) => {
    let id = ids.get(e);
    if (!id) ids.set(e, (id = crypto.randomUUID()));
    return id;
  };

  const sign = (body: string) =>
    crypto
      .createHmac('sha256', endpoint?.verifierToken ?? '')
      .update(body, 'utf8')
      .digest('base64');

  const payload = (events: readonly ChangeEvent[]): { body: string; contentType: string; legacy: boolean } => {
    if ((endpoint?.format ?? 'legacy') === 'legacy') {
      const realms = [...new Set(events.map((e) => e.realmId))];
      const body = {
        eventNotifications: realms.map((realmId) => ({
          realmId,
          dataChangeEvent: {
            entities: events
              .filter((e) => e.realmId === realmId)
              .map((e) => ({
                name: e.entity,
                id: e.id,
                operation: e.operation,
                lastUpdated: new Date(e.at).toISOString(),
                ...(e.deletedId ? { deletedId: e.deletedId } : {}),
              })),
          },
        })),
      };
      return { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8', legacy: true };
    }
    const body = events.map((e) => ({
      specversion: '1.0',
      id: eventId(e),
      source,
      type: `qbo.${e.entity.toLowerCase()}.${PAST[e.operation]}.v1`,
      datacontenttype: 'application/json',
      // CloudEvents times carry nanoseconds (cloudevents.account-created.intuit-blog.json).
      time: new Date(e.at).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z'),
      intuitentityid: e.id,
      intuitaccountid: e.realmId,
      // The merged-away record, lower-case as Intuit's page shows it (cloudevents.customer-merged.intuit-docs.json).
      data: e.deletedId ? { deletedid: e.deletedId } : {},
    }));
    const contentType = endpoint?.cloudEventsContentType ? 'application/cloudevents+json' : 'application/json';
    return { body: JSON.stringify(body), contentType, legacy: false };
  };

  const post = async (events: readonly ChangeEvent[]): Promise<Delivery> => {
    const { body, contentType, legacy } = payload(events);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'intuit-signature': sign(body),
      'intuit-created-time': new Date(now()).toISOString(),
      'intuit-t-id': crypto.randomUUID(),
      'user-agent': 'intuit_notification_server/0.1',
      ...(legacy ? { 'intuit-notification-schema-version': '0.1' } : {}),
    };
    let status = 0;
    try {
      const res = await fetch(endpoint!.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(3000) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    const d = { body, headers, events, status };
    deliveries.push(d);
    return d;
  };

  const flushNow = async (): Promise<Delivery | undefined> => {
    if (!endpoint || !queue.length) return undefined;
    const events = queue;
    queue = [];
    const d = await post(events);
    if (duplicateLeft > 0) {
      duplicateLeft--;
      await post(events);
    }
    // Not acknowledged: Intuit keeps the events and tries again (reference §3.5).
    if (d.status < 200 || d.status > 299) {
      queue = [...events, ...queue];
      if (endpoint.auto !== false) schedule(50);
    }
    return d;
  };
  const schedule = (ms: number) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(flushNow);
    }, ms);
  };

  return {
    register: (e) => void (endpoint = e),
    unregister: () => void (endpoint = undefined),
    pending: () => [...queue, ...held],
    flush() {
      const p = running.then(flushNow);
      running = p;
      return p;
    },
    withhold: (n = 1) => void (withholdLeft += n),
    duplicate: (n = 1) => void (duplicateLeft += n),
    holdBack: (n = 1) => void (holdLeft += n),
    async idle() {
      for (let i = 0; i < 100 && (timer || (queue.length && endpoint)); i++) {
        await new Promise((r) => setTimeout(r, 10));
        await running;
      }
      await running;
    },
    deliveries,
    sign,
    notify(e) {
      if (!endpoint) return;
      if (withholdLeft > 0) {
        withholdLeft--;
        return;
      }
      if (holdLeft > 0) {
        holdLeft--;
        held.push(e);
        return;
      }
      queue.push(e, ...held);
      held = [];
      if (endpoint.auto !== false) schedule(0);
    },
  };
}
