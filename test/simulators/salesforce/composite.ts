/**
 * @module
 * Composite (`POST /composite`, up to 25 subrequests, `@{ref.path}` references, `allOrNone`) and
 * Composite Graph (`POST /composite/graph`, each graph all-or-nothing, 500 nodes per payload).
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
const MAX_GRAPH_NODES = 500;
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
  if (graphs.length === 0 || graphs.length > 75 || nodes > MAX_GRAPH_NODES) {
    throw new RestError(
      400,
      'INVALID_BATCH_REQUEST',
      `A payload holds 1 to 75 graphs and at most ${MAX_GRAPH_NODES} nodes (got ${graphs.length} graphs, ${nodes} nodes)`,
    );
  }
  const answers = graphs.map((g) => {
    const tx = newTx();
    const { out, failedAt } = runSubrequests(org, req, g.compositeRequest ?? [], tx, dispatch, true);
    if (failedAt >= 0) {
      rollback(tx);
      const rolled = out.map((r, i) => (i < failedAt ? halted(r.referenceId) : r));
      return { graphId: g.graphId, graphResponse: { compositeResponse: rolled }, isSuccessful: false };
    }
    return { graphId: g.graphId, graphResponse: { compositeResponse: out }, isSuccessful: true };
  });
  return { status: 200, body: { graphs: answers } };
}
