/**
 * @module
 * Webhook delivery as Dataverse does it (use-webhooks.md, reference §3.9). Registrations are rows:
 * a `serviceendpoint` (contract 8, `url`, `authtype` 4 WebhookKey → `?code=<key>`, 5 HttpHeader or
 * 6 HttpQueryString → `<settings><setting name=".." value=".."/></settings>`), its
 * `sdkmessageprocessingstep`s (message, table filter, filtering attributes, mode, enabled) and
 * their images. Written through the Web API or `register()` here. Each change a step matches is
 * POSTed as a RemoteExecutionContext with the `x-ms-dynamics-*` headers, one at a time in order,
 * or up to `concurrency` at once without ordering, as the asynchronous service sends them; a
 * 502/503/504 or an unreachable endpoint gets one more attempt, any other non-2xx fails (a System
 * Job failure). Tests can drop, duplicate or reorder deliveries.
 */
import crypto from 'node:crypto';
import { remoteExecutionContext, type StepInfo } from './context.ts';
import type { ChangeEvent, Env, LookupValue, Message, Row } from './store.ts';

export interface Registration {
  readonly url: string;
  readonly key: string;
  /** Default WebhookKey (`?code=`); HttpHeader sends `key` in the header `headerName`. */
  readonly auth?: 'WebhookKey' | 'HttpHeader' | 'HttpQueryString';
  readonly headerName?: string;
  readonly tables: readonly string[];
  readonly messages?: readonly Message[];
  /** Update steps fire only when one of these changes (all when omitted). */
  readonly filteringAttributes?: readonly string[];
  /** A post-image of all columns under this alias (default `PostImage`); false for none. */
  readonly postImage?: string | false;
  readonly preImage?: string;
  /** 1 asynchronous (default), 0 synchronous (delivered the same way here). */
  readonly mode?: 0 | 1;
}

export interface Delivery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly event: ChangeEvent;
  /** HTTP status of the answer, or 0 when the endpoint could not be reached. */
  readonly status: number;
  readonly attempt: number;
}

export interface Webhooks {
  /** Creates the service endpoint and one step per table × message; returns the endpoint id. */
  register(r: Registration): string;
  readonly deliveries: readonly Delivery[];
  /** Deliveries that failed for good (what System Jobs would list). */
  readonly failures: readonly Delivery[];
  /** The next `n` notifications are never sent. */
  drop(n?: number): void;
  /** The next `n` notifications are sent twice. */
  duplicate(n?: number): void;
  /** The next `n` notifications are held back and sent after the one that follows them. */
  holdBack(n?: number): void;
  /** Resolves when nothing is queued or in flight (held-back notifications stay). */
  idle(): Promise<void>;
}

const ref = (table: string, id: string): LookupValue => ({ table, id });
const settings = (pairs: Record<string, string>) =>
  `<settings>${Object.entries(pairs)
    .map(([k, v]) => `<setting name="${k}" value="${v}" />`)
    .join('')}</settings>`;
const parseSettings = (xml: string) =>
  Object.fromEntries(
    [...xml.matchAll(/<setting\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g)].map((m) => [m[1]!, m[2]!]),
  );

export interface WebhookOptions {
  /** Deliveries in flight at once (default 1: one at a time, in order). */
  readonly concurrency?: number;
}

interface Outgoing {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly event: ChangeEvent;
}

export function createWebhooks(env: Env, envUrl: () => string, opts: WebhookOptions = {}): Webhooks {
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('webhook concurrency must be a whole number ≥ 1');
  const deliveries: Delivery[] = [];
  const failures: Delivery[] = [];
  const queue: Outgoing[] = [];
  let held: Outgoing[] = [];
  let dropLeft = 0;
  let duplicateLeft = 0;
  let holdLeft = 0;
  const inFlight = new Set<Promise<void>>();

  const post = async (o: Outgoing, attempt: number): Promise<number> => {
    let status = 0;
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers: o.headers,
        body: o.body,
        signal: AbortSignal.timeout(60_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    const d = { ...o, status, attempt };
    deliveries.push(d);
    if (status >= 200 && status < 300) return status;
    if (attempt === 1 && [0, 502, 503, 504].includes(status)) return post(o, 2);
    failures.push(d);
    return status;
  };

  const pump = () => {
    while (inFlight.size < concurrency && queue.length > 0) {
      const sent: Promise<void> = post(queue.shift()!, 1).then(() => {
        inFlight.delete(sent);
        pump();
      });
      inFlight.add(sent);
    }
  };

  const enqueue = (o: Outgoing) => {
    if (dropLeft > 0) return void dropLeft--;
    const copies = duplicateLeft > 0 ? (duplicateLeft--, 2) : 1;
    if (holdLeft > 0) {
      holdLeft--;
      held.push(o);
      return;
    }
    for (let i = 0; i < copies; i++) queue.push(o);
    queue.push(...held);
    held = [];
    pump();
  };

  const stepsFor = (e: ChangeEvent) => {
    const out: { step: Row; endpoint: Row }[] = [];
    const message = env
      .table('sdkmessage')
      .rows()
      .find((m) => m.name === e.message);
    for (const step of env.table('sdkmessageprocessingstep').rows()) {
      if (step.statecode !== 0 || (step.sdkmessageid as LookupValue | null)?.id !== message?.sdkmessageid) continue;
      const filter = env.table('sdkmessagefilter').get((step.sdkmessagefilterid as LookupValue | null)?.id ?? '');
      if (filter?.primaryobjecttypecode !== e.table) continue;
      const attrs = String(step.filteringattributes ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      if (e.message === 'Update' && attrs.length > 0 && !attrs.some((a) => e.changed.includes(a))) continue;
      const handler = step.eventhandler as LookupValue | null;
      const endpoint = handler?.table === 'serviceendpoint' ? env.table('serviceendpoint').get(handler.id) : undefined;
      if (endpoint?.contract === 8) out.push({ step, endpoint });
    }
    return out;
  };

  env.onChange((e) => {
    if (e.table.startsWith('sdkmessage') || e.table === 'serviceendpoint') return;
    for (const { step, endpoint } of stepsFor(e)) {
      const stepId = step.sdkmessageprocessingstepid as string;
      const info: StepInfo = {
        id: stepId,
        name: String(step.name),
        mode: Number(step.mode ?? 1),
        images: env
          .table('sdkmessageprocessingstepimage')
          .rows()
          .filter((i) => (i.sdkmessageprocessingstepid as LookupValue | null)?.id === stepId)
          .map((i) => ({
            alias: String(i.entityalias),
            type: Number(i.imagetype ?? 1),
            attributes: String(i.attributes ?? '')
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
          })),
      };
      const { json, stripped } = remoteExecutionContext(env, e, info);
      const url = new URL(String(endpoint.url));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-ms-dynamics-organization': new URL(envUrl()).host,
        'x-ms-dynamics-entity-name': e.table,
        'x-ms-dynamics-request-name': e.message,
        'x-ms-correlation-request-id': crypto.randomUUID(),
      };
      if (stripped) headers['x-ms-dynamics-msg-size-exceeded'] = 'true';
      const auth = String(endpoint.authvalue ?? '');
      if (endpoint.authtype === 4) url.searchParams.set('code', auth);
      if (endpoint.authtype === 5) Object.assign(headers, parseSettings(auth));
      if (endpoint.authtype === 6) for (const [k, v] of Object.entries(parseSettings(auth))) url.searchParams.set(k, v);
      enqueue({ url: url.toString(), headers, body: json, event: e });
    }
  });

  return {
    deliveries,
    failures,
    register(r) {
      const authtype = r.auth === 'HttpHeader' ? 5 : r.auth === 'HttpQueryString' ? 6 : 4;
      const endpoint = env.table('serviceendpoint').insert({
        name: `Ledgerbridge ${r.url}`,
        contract: 8,
        url: r.url,
        authtype,
        authvalue: authtype === 4 ? r.key : settings({ [r.headerName ?? 'x-ledgerbridge-key']: r.key }),
        messageformat: 2,
      });
      const endpointId = endpoint.serviceendpointid as string;
      for (const message of r.messages ?? (['Create', 'Update', 'Delete'] as const)) {
        const m = env
          .table('sdkmessage')
          .rows()
          .find((x) => x.name === message)!;
        for (const table of r.tables) {
          const filter = env
            .table('sdkmessagefilter')
            .rows()
            .find((f) => (f.sdkmessageid as LookupValue).id === m.sdkmessageid && f.primaryobjecttypecode === table);
          if (!filter) throw new Error(`no ${message} message filter for ${table}`);
          const step = env.table('sdkmessageprocessingstep').insert({
            name: `Ledgerbridge: ${message} of ${table}`,
            sdkmessageid: ref('sdkmessage', m.sdkmessageid as string),
            sdkmessagefilterid: ref('sdkmessagefilter', filter.sdkmessagefilterid as string),
            eventhandler: ref('serviceendpoint', endpointId),
            stage: 40,
            mode: r.mode ?? 1,
            rank: 1,
            asyncautodelete: true,
            supporteddeployment: 0,
            filteringattributes: message === 'Update' && r.filteringAttributes ? r.filteringAttributes.join(',') : null,
          });
          const stepRef = ref('sdkmessageprocessingstep', step.sdkmessageprocessingstepid as string);
          const image = (alias: string, imagetype: number) =>
            env.table('sdkmessageprocessingstepimage').insert({
              name: alias,
              entityalias: alias,
              imagetype,
              messagepropertyname: message === 'Create' ? 'Id' : 'Target',
              attributes: null,
              sdkmessageprocessingstepid: stepRef,
            });
          if (r.postImage !== false && message !== 'Delete') image(r.postImage ?? 'PostImage', 1);
          if (r.preImage && message !== 'Create') image(r.preImage, 0);
        }
      }
      return endpointId;
    },
    drop: (n = 1) => void (dropLeft += n),
    duplicate: (n = 1) => void (duplicateLeft += n),
    holdBack: (n = 1) => void (holdLeft += n),
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
