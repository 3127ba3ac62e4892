/**
 * @module
 * Provisioning from start to end, through a Web API caller it is given (the relay's client in the
 * command, plain fetch in tests): read what exists, plan, send the plan's requests in order, and
 * report. It sends nothing itself; stopping at the first refused request leaves a state the next
 * run plans from.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { discoveryReads, readFound, stepsRead, type Found } from './found.ts';
import { planProvisioning, type ProvisionOptions, type ProvisionPlan } from './plan.ts';
import { WEBHOOK_ENDPOINT_NAME } from './schema.ts';

/** One Web API request below `/api/data/v9.2/`; JSON bodies already parsed. */
export type WebApiCaller = (request: {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}) => Promise<{ readonly status: number; readonly body: unknown }>;

/** Dataverse's words in an error body (`{"error":{"message"}}`, or a caller's `{"message"}`), else the body as JSON. */
function reasonOf(body: unknown): string {
  const b = body as { error?: { message?: unknown }; message?: unknown } | undefined;
  const words = b?.error?.message ?? b?.message;
  return typeof words === 'string' && words !== '' ? words : JSON.stringify(body);
}

const failed = (what: string, status: number, body: unknown) =>
  err(
    relayError('dyn_provision_refused', `Dataverse refused ${what} (${status}): ${reasonOf(body)}`, {
      retryable: status === 429 || status >= 500,
    }),
  );

const valueOf = (body: unknown): unknown => (body as { value?: unknown } | undefined)?.value;

/**
 * @example const found = await readEnvironment(caller); // ok({ entities, serviceEndpoints, … })
 */
export async function readEnvironment(call: WebApiCaller): Promise<Result<Found>> {
  const reads = discoveryReads();
  const entities: unknown[] = [];
  for (const t of reads.tables) {
    const res = await call({ method: 'GET', path: t.path });
    if (res.status === 200) entities.push(res.body);
    else if (res.status !== 404) return failed(`the read of ${t.table}'s definition`, res.status, res.body);
  }
  const lists: Record<string, unknown> = {};
  for (const [name, path] of [
    ['serviceEndpoints', reads.serviceEndpoints],
    ['messages', reads.messages],
    ['messageFilters', reads.messageFilters],
  ] as const) {
    const res = await call({ method: 'GET', path });
    if (res.status !== 200) return failed(`the read of ${name}`, res.status, res.body);
    lists[name] = valueOf(res.body);
  }
  const mine = (lists.serviceEndpoints as { name?: unknown; serviceendpointid?: unknown }[] | undefined)?.find(
    (e) => e.name === WEBHOOK_ENDPOINT_NAME,
  );
  let steps: unknown = [];
  if (typeof mine?.serviceendpointid === 'string') {
    const res = await call({ method: 'GET', path: stepsRead(mine.serviceendpointid) });
    if (res.status !== 200) return failed('the read of the webhook steps', res.status, res.body);
    steps = valueOf(res.body);
  }
  return readFound({ entities, ...lists, steps });
}

/** Told once what was found, then after each request that created something (`done` of `total`). */
export interface ProvisionProgress {
  planned?(plan: ProvisionPlan): void;
  created?(does: string, done: number, total: number): void;
}

/**
 * Reads, plans and applies; the plan it applied is the report.
 * @example const done = await provision(caller, { webhook: { url, key } }, { created: (d, n, t) => log(`${n}/${t} ${d}`) });
 */
export async function provision(
  call: WebApiCaller,
  options: ProvisionOptions,
  progress: ProvisionProgress = {},
): Promise<Result<ProvisionPlan>> {
  const found = await readEnvironment(call);
  if (!found.ok) return found;
  const plan = planProvisioning(found.value, options);
  if (!plan.ok) return plan;
  progress.planned?.(plan.value);
  const { requests } = plan.value;
  for (const [i, r] of requests.entries()) {
    const res = await call(r);
    if (res.status >= 300) return failed(`the request for ${r.does}`, res.status, res.body);
    progress.created?.(r.does, i + 1, requests.length);
  }
  return ok(plan.value);
}
