/**
 * @module
 * Composite (`POST /composite`, up to 25 subrequests, `@{ref.path}` references, `allOrNone`) and
 * Composite Graph (`POST /composite/graph`, each graph all-or-nothing, 500 nodes per payload, sObject nodes
 * only). Composite takes at most 5 sObject Collections or query subrequests.
 */
import { PROCESSING_HALTED_MESSAGE, RestError, type SimResponse } from './errors.ts';
import type { SimOrg } from './org.ts';
import { jsonBody, type SimRequest } from './request.ts';
import { newTx, rollback, type Tx } from './store.ts';

/** Runs one subrequest inside a transaction. */
export type Dispatch = (org: SimOrg, req: SimRequest, tx?: Tx) => SimResponse;

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const MAX_SUBREQUESTS = 25;
/** Of a Composite request's subrequests, at most this many may be sObject Collections or queries. */
const MAX_HEAVY_SUBREQUESTS = 5;
const MAX_GRAPH_NODES = 500;
const MAX_GRAPHS = 75;
/** Nodes differ when their API version, method or object differ. */
const MAX_GRAPH_NODE_TYPES = 15;
/** After this many failed graphs the rest are not processed. */
const MAX_GRAPH_FAILURES = 14;

const subPath = (url: string) => /^\/services\/data\/v\d+\.\d(\/[^?]*)/.exec(url)?.[1] ?? '';
const isHeavy = (sub: Subrequest) => /^\/(composite\/sobjects|query|queryAll)(\/|$)/.test(subPath(sub.url));

/**
 * The only nodes a graph takes: `POST sobjects/X`, `GET|PATCH|DELETE sobjects/X/id` and
 * `GET|PATCH|POST|DELETE sobjects/X/ExtField/value`.
 */
function graphNodeType(sub: Subrequest): string | undefined {
  const version = /^\/services\/data\/(v\d+\.\d)\//.exec(sub.url)?.[1];
  const parts = subPath(sub.url).split('/').filter(Boolean);
  const method = sub.method.toUpperCase();
  if (!version || parts[0] !== 'sobjects' || !parts[1]) return undefined;
  const allowed = [['POST'], ['GET', 'PATCH', 'DELETE'], ['GET', 'PATCH', 'POST', 'DELETE']][parts.length - 2];
  return allowed?.includes(method) ? `${version} ${method} ${parts[1].toLowerCase()}` : undefined;
}
const halted = (referenceId: string, message = PROCESSING_HALTED_MESSAGE): SubResponse => ({
  body: [{ errorCode: 'PROCESSING_HALTED', message }],
  httpHeaders: {},
  httpStatusCode: 400,
  referenceId,
});

/** Replaces `@{ref.path}` in strings, deeply. Unresolvable references are reported, not guessed. */
function resolveRefs(value: unknown, results: ReadonlyMap<string, unknown>): { value: unknown; missing?: string } {
  let missing: string | undefined;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}/g, (whole, ref: string, path: string) => {
        let cur: unknown = results.get(ref);
        for (const step of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
          if (cur === null || typeof cur !== 'object') break;
          cur = step.startsWith('[')
            ? (cur as unknown[])[Number(step.slice(1, -1))]
            : (cur as Record<string, unknown>)[step.slice(1)];
        }
        if (cur === undefined || cur === null || typeof cur === 'object') {
          missing = `${ref}${path}`;
          return whole;
        }
        return String(cur);
      });
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return missing ? { value: out, missing } : { value: out };
}

function runSubrequests(
  org: SimOrg,
  parent: SimRequest,
  subs: Subrequest[],
  tx: Tx,
  dispatch: Dispatch,
  haltOnFailure: boolean,
) {
  const results = new Map<string, unknown>();
  const out: SubResponse[] = [];
  let failedAt = -1;
  for (const [i, sub] of subs.entries()) {
    if (failedAt >= 0 && haltOnFailure) {
      out.push(halted(sub.referenceId));
      continue;
    }
    const url = resolveRefs(sub.url, results);
    const body = resolveRefs(sub.body, results);
    const missing = url.missing ?? body.missing;
    if (missing) {
      const [ref] = missing.split(/[.[]/);
      out.push(
        halted(
          sub.referenceId,
          `Invalid reference specified. No value for ${missing} found in ${ref}. Provided referenceId ('${ref}') and fieldPath should be valid.`,
        ),
      );
      if (failedAt < 0) failedAt = i;
      continue;
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/[^?]*)(?:\?(.*))?$/.exec(String(url.value));
    if (!m) throw new RestError(400, 'INVALID_URL', `Invalid subrequest URL: ${String(url.value)}`);
    let res: SimResponse;
    try {
      res = dispatch(
        org,
        {
          method: sub.method.toUpperCase(),
          path: m[2]!,
          query: new URLSearchParams(m[3] ?? ''),
          headers: new Headers(sub.httpHeaders ?? {}),
          text: body.value === undefined ? '' : JSON.stringify(body.value),
          version: m[1]!,
        },
        tx,
      );
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      res = e.toResponse();
    }
    const failed =
      res.status >= 400 ||
      (Array.isArray(res.body) && res.body.some((r) => (r as { success?: boolean }).success === false));
    if (failed && failedAt < 0) failedAt = i;
    if (res.status < 400) results.set(sub.referenceId, res.body);
    out.push({
      body: res.body ?? null,
      httpHeaders: res.headers ?? {},
      httpStatusCode: res.status,
      referenceId: sub.referenceId,
    });
  }
  void parent;
  return { out, failedAt };
}

/** `POST /composite` */
export function handleComposite(org: SimOrg, req: SimRequest, dispatch: Dispatch): SimResponse {
  const body = jsonBody<{ allOrNone?: boolean; compositeRequest?: Subrequest[] }>(req);
  const subs = body.compositeRequest ?? [];
  if (subs.length === 0 || subs.length > MAX_SUBREQUESTS) {
    throw new RestError(
      400,
      'INVALID_BATCH_REQUEST',
      `compositeRequest must contain between 1 and ${MAX_SUBREQUESTS} subrequests`,
    );
  }
  const heavy = subs.filter(isHeavy).length;
  if (heavy > MAX_HEAVY_SUBREQUESTS) {
    throw new RestError(
      400,
      'INVALID_BATCH_REQUEST',
      `A composite request can contain at most ${MAX_HEAVY_SUBREQUESTS} sObject Collections or query subrequests (got ${heavy})`,
    );
  }
  const tx = newTx();
  const allOrNone = body.allOrNone === true;
  const { out, failedAt } = runSubrequests(org, req, subs, tx, dispatch, allOrNone);
  if (allOrNone && failedAt >= 0) {
    rollback(tx);
    const rolled = out.map((r, i) =>
      i === failedAt || r.httpStatusCode >= 400 || i > failedAt ? r : halted(r.referenceId),
    );
    return { status: 200, body: { compositeResponse: rolled } };
  }
  return { status: 200, body: { compositeResponse: out } };
}

/** `POST /composite/graph` */
export function handleGraph(org: SimOrg, req: SimRequest, dispatch: Dispatch): SimResponse {
  const body = jsonBody<{ graphs?: { graphId: string; compositeRequest: Subrequest[] }[] }>(req);
  const graphs = body.graphs ?? [];
  const nodes = graphs.reduce((n, g) => n + (g.compositeRequest?.length ?? 0), 0);
  if (graphs.length === 0 || graphs.length > MAX_GRAPHS || nodes > MAX_GRAPH_NODES) {
    throw new RestError(
      400,
      'INVALID_BATCH_REQUEST',
      `A payload holds 1 to ${MAX_GRAPHS} graphs and at most ${MAX_GRAPH_NODES} nodes (got ${graphs.length} graphs, ${nodes} nodes)`,
    );
  }
  const types = new Set(graphs.flatMap((g) => (g.compositeRequest ?? []).map(graphNodeType).filter(Boolean)));
  if (types.size > MAX_GRAPH_NODE_TYPES) {
    throw new RestError(
      400,
      'INVALID_BATCH_REQUEST',
      `A payload holds at most ${MAX_GRAPH_NODE_TYPES} different nodes (API version, method and object; got ${types.size})`,
    );
  }
  let failures = 0;
  const answers = graphs.map((g) => {
    const subs = g.compositeRequest ?? [];
    if (failures >= MAX_GRAPH_FAILURES) {
      return {
        graphId: g.graphId,
        graphResponse: { compositeResponse: subs.map((r) => halted(r.referenceId)) },
        isSuccessful: false,
      };
    }
    const unsupported = subs.find((r) => !graphNodeType(r));
    if (unsupported) {
      failures++;
      const rejected: SubResponse = {
        body: [
          {
            errorCode: 'INVALID_GRAPH',
            message: `A graph node must be an sObject request; ${unsupported.method.toUpperCase()} ${unsupported.url} is not supported in a graph`,
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: unsupported.referenceId,
      };
      return {
        graphId: g.graphId,
        graphResponse: {
          compositeResponse: subs.map((r) => (r === unsupported ? rejected : halted(r.referenceId))),
        },
        isSuccessful: false,
      };
    }
    const tx = newTx();
    const { out, failedAt } = runSubrequests(org, req, subs, tx, dispatch, true);
    if (failedAt >= 0) {
      failures++;
      rollback(tx);
      const rolled = out.map((r, i) => (i < failedAt ? halted(r.referenceId) : r));
      return { graphId: g.graphId, graphResponse: { compositeResponse: rolled }, isSuccessful: false };
    }
    return { graphId: g.graphId, graphResponse: { compositeResponse: out }, isSuccessful: true };
  });
  return { status: 200, body: { graphs: answers } };
}
