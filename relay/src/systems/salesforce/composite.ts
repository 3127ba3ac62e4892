/**
 * @module
 * Parent and children written together. Composite Graph packs many graphs (one per invoice: its
 * Opportunity, the invoice, its lines) into one request; each graph succeeds or fails as a whole,
 * and the failing node is named. Composite (`allOrNone: false`) writes one set node by node, so a
 * failed line is retried alone with its parent's id filled in.
 */
import type { Api } from './api.ts';
import { parseSaveResult } from './collections.ts';
import { classifySalesforceCode, type SfError } from './errors.ts';
import { qualifyRecord } from './records.ts';
import { backoffDelay } from './retry.ts';
import type { GraphInput, GraphNode, GraphOutcome, NodeOutcome } from './types.ts';

export const GRAPH_NODE_LIMIT = 500;
export const GRAPH_LIMIT = 75;
export const COMPOSITE_LIMIT = 25;

interface Subrequest {
  method: 'PATCH';
  url: string;
  referenceId: string;
  body: Record<string, unknown>;
}

interface SubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

const extValue = (node: GraphNode): string => String(node.record[node.externalIdField] ?? '');

/** Builds the upsert subrequest of one node; links point at earlier nodes (`@{ref.id}`) or known ids. */
export function nodeSubrequest(
  api: Pick<Api, 'namer' | 'version'>,
  node: GraphNode,
  knownIds: ReadonlyMap<string, string> = new Map(),
): Subrequest {
  if (!/^[A-Za-z0-9_]+$/.test(node.ref)) throw new Error(`Graph node ref "${node.ref}" must be letters, digits and _`);
  const { [node.externalIdField]: _ext, ...rest } = node.record;
  const body = qualifyRecord(api.namer, node.sobject, rest);
  for (const [field, ref] of Object.entries(node.links ?? {})) {
    qualifyRecord(api.namer, node.sobject, { [field]: null });
    body[api.namer(field)] = knownIds.get(ref) ?? `@{${ref}.id}`;
  }
  return {
    method: 'PATCH',
    url: `/services/data/v${api.version}/sobjects/${api.namer(node.sobject)}/${api.namer(node.externalIdField)}/${encodeURIComponent(extValue(node))}`,
    referenceId: node.ref,
    body,
  };
}

/** Reads one subresponse into a node outcome. */
export function parseSubResponse(node: GraphNode, res: SubResponse | undefined): NodeOutcome {
  const base = { ref: node.ref, sobject: node.sobject, externalId: extValue(node) };
  if (!res)
    return { ...base, ok: false, error: { code: 'sf_unknown', message: 'No response for this node', retryable: true } };
  if (res.httpStatusCode < 300) {
    const saved = parseSaveResult(res.body as never);
    return saved.ok
      ? { ...base, ok: true, id: saved.id, created: saved.created }
      : { ...base, ok: false, error: saved.error };
  }
  const first = (Array.isArray(res.body) ? res.body[0] : res.body) as
    { errorCode?: string; statusCode?: string; message?: string; fields?: string[] } | undefined;
  const error = classifySalesforceCode(
    first?.errorCode ?? first?.statusCode ?? `ERROR_HTTP_${res.httpStatusCode}`,
    first?.message ?? '',
    first?.fields ?? [],
  );
  return { ...base, ok: false, error };
}

/** The node whose error failed the graph: the first that failed for a reason other than the rollback. */
function culprit(nodes: readonly NodeOutcome[]): NodeOutcome | undefined {
  return nodes.find((n) => !n.ok && n.error?.code !== 'sf_rolled_back') ?? nodes.find((n) => !n.ok);
}

/** Splits graphs into payloads within the per-request limits. */
export function packGraphs(graphs: readonly GraphInput[]): GraphInput[][] {
  const payloads: GraphInput[][] = [];
  let current: GraphInput[] = [];
  let nodes = 0;
  for (const g of graphs) {
    if (g.nodes.length > GRAPH_NODE_LIMIT)
      throw new Error(`Graph ${g.sourceId} has ${g.nodes.length} nodes; the limit is ${GRAPH_NODE_LIMIT}`);
    if (current.length && (current.length >= GRAPH_LIMIT || nodes + g.nodes.length > GRAPH_NODE_LIMIT)) {
      payloads.push(current);
      current = [];
      nodes = 0;
    }
    current.push(g);
    nodes += g.nodes.length;
  }
  if (current.length) payloads.push(current);
  return payloads;
}

/**
 * Upserts graphs through Composite Graph; graphs that fail for a transient reason (row lock,
 * unavailable) are sent again with backoff, the others are reported with their failing node.
 */
export async function upsertGraphs(api: Api, graphs: readonly GraphInput[]): Promise<GraphOutcome[]> {
  const outcomes = new Map<string, GraphOutcome>();
  let pending = [...graphs];
  for (let attempt = 1; pending.length; attempt++) {
    const retry: GraphInput[] = [];
    for (const payload of packGraphs(pending)) {
      const res = await api.request<{
        graphs: { graphId: string; graphResponse: { compositeResponse: SubResponse[] }; isSuccessful: boolean }[];
      }>({
        method: 'POST',
        url: '/composite/graph',
        body: {
          graphs: payload.map((g, i) => ({
            graphId: `g${i}`,
            compositeRequest: g.nodes.map((n) => nodeSubrequest(api, n)),
          })),
        },
      });
      for (const [i, g] of payload.entries()) {
        let outcome: GraphOutcome;
        if (!res.ok) {
          outcome = {
            sourceId: g.sourceId,
            ok: false,
            error: res.error,
            attempts: attempt,
            nodes: g.nodes.map((n) => ({
              ref: n.ref,
              sobject: n.sobject,
              externalId: extValue(n),
              ok: false,
              error: res.error,
            })),
          };
        } else {
          const answer = res.value.graphs.find((x) => x.graphId === `g${i}`);
          const byRef = new Map((answer?.graphResponse.compositeResponse ?? []).map((r) => [r.referenceId, r]));
          const nodes = g.nodes.map((n) => parseSubResponse(n, byRef.get(n.ref)));
          const ok = answer?.isSuccessful === true;
          const error = ok ? undefined : culprit(nodes)?.error;
          outcome = error
            ? { sourceId: g.sourceId, ok, nodes, error, attempts: attempt }
            : { sourceId: g.sourceId, ok, nodes, attempts: attempt };
        }
        outcomes.set(g.sourceId, outcome);
        const retryable = outcome.error?.retryable && outcome.error.code !== 'sf_rate_limited' && res.ok;
        if (!outcome.ok && retryable && attempt < api.policy.maxAttempts) retry.push(g);
      }
    }
    if (retry.length) await api.policy.sleep(backoffDelay(attempt, api.policy));
    pending = retry;
  }
  return graphs.map((g) => outcomes.get(g.sourceId)!);
}

/**
 * Upserts one set (≤ 25 nodes) through Composite with `allOrNone: false`: nodes that succeed stay
 * written; failed nodes that may succeed later (row lock, or halted because a parent failed for
 * such a reason) are sent again alone, with ids of already-written parents filled in.
 */
export async function upsertComposite(api: Api, graph: GraphInput): Promise<GraphOutcome> {
  if (graph.nodes.length > COMPOSITE_LIMIT)
    throw new Error(`Composite allows ${COMPOSITE_LIMIT} subrequests; got ${graph.nodes.length}`);
  const done = new Map<string, NodeOutcome>();
  const ids = new Map<string, string>();
  let pending = [...graph.nodes];
  let attempts = 0;
  for (let attempt = 1; pending.length; attempt++) {
    attempts = attempt;
    const res = await api.request<{ compositeResponse: SubResponse[] }>({
      method: 'POST',
      url: '/composite',
      body: {
        allOrNone: false,
        collateSubrequests: false,
        compositeRequest: pending.map((n) => nodeSubrequest(api, n, ids)),
      },
    });
    const byRef = new Map(res.ok ? res.value.compositeResponse.map((r) => [r.referenceId, r]) : []);
    const retry: GraphNode[] = [];
    for (const n of pending) {
      const outcome: NodeOutcome = res.ok
        ? parseSubResponse(n, byRef.get(n.ref))
        : { ref: n.ref, sobject: n.sobject, externalId: extValue(n), ok: false, error: res.error };
      done.set(n.ref, outcome);
      if (outcome.ok && outcome.id) ids.set(n.ref, outcome.id);
      else if (
        res.ok &&
        outcome.error?.retryable &&
        outcome.error.code !== 'sf_rate_limited' &&
        attempt < api.policy.maxAttempts
      )
        retry.push(n);
    }
    // A node retries only if each parent it links to is written or retrying too.
    const retrying = new Set<string>();
    for (const n of retry) {
      if (Object.values(n.links ?? {}).every((ref) => ids.has(ref) || retrying.has(ref))) retrying.add(n.ref);
    }
    pending = retry.filter((n) => retrying.has(n.ref));
    if (pending.length) await api.policy.sleep(backoffDelay(attempt, api.policy));
  }
  const nodes = graph.nodes.map((n) => done.get(n.ref)!);
  const ok = nodes.every((n) => n.ok);
  const error: SfError | undefined = ok ? undefined : culprit(nodes)?.error;
  return error
    ? { sourceId: graph.sourceId, ok, nodes, error, attempts }
    : { sourceId: graph.sourceId, ok, nodes, attempts };
}
