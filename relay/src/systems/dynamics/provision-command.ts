/**
 * @module
 * `ledgerbridge dynamics provision [--dry-run]`: creates in the Dynamics 365 environment what
 * Ledgerbridge needs (`provision/`: the QuickBooks id columns and their alternate key, the sync
 * status column, the sync log table, the webhook endpoint and its steps), through the relay's Web
 * API client, and reports what it found and what it created. Idempotent: a second run creates
 * nothing. It prints as it goes (what it found, then each item as it is created), since a fresh
 * environment takes about 50 Web API calls. A refusal stops it with Dataverse's reason in words
 * (a missing privilege: which role grants it); what was created stays, and the next run resumes.
 * Exit codes: 0 done, 1 refused or failed, 2 not configured or wrong arguments.
 */
import type { Config } from '../../config.ts';
import type { RelayError } from '../../lib/result.ts';
import { createDataverseClient, type DataverseClientOptions } from './api/index.ts';
import { parseExactJson } from './api/json.ts';
import { provision, readEnvironment, type WebApiCaller } from './provision/run.ts';
import { planProvisioning, type ProvisionPlan } from './provision/plan.ts';

/** Statuses the provisioning reads tell apart (a table not there yet is a 404), for failures without Dataverse's answer. */
const STATUS_OF: Readonly<Record<string, number>> = {
  dyn_not_found: 404,
  dyn_forbidden: 403,
  dyn_unauthorized: 401,
  dyn_concurrency: 412,
  dyn_throttled: 429,
  dyn_unavailable: 503,
};

/** The HTTP status Dataverse answered (the client keeps its fault as the cause), else one from the code. */
function statusOf(e: RelayError): number {
  const status = (e.cause as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 ? status : (STATUS_OF[e.code] ?? 400);
}

/** What an administrator does about a missing privilege, naming the one Dataverse named. */
function privilegeAdvice(e: RelayError): string {
  const named = /\b(prv[A-Za-z]+)\b/.exec(e.message)?.[1];
  return (
    "Give the relay's application user the System Customizer security role (it may create tables, columns, keys " +
    `and webhook registrations), or add ${named ?? 'the missing privilege'} to its role.\n`
  );
}

export interface ProvisionDeps {
  /** The sign-in's HTTP (tests trust a simulator's certificate with it). */
  readonly signInFetch?: DataverseClientOptions['signInFetch'];
  /** The Web API's HTTP (default the global `fetch`). */
  readonly fetch?: DataverseClientOptions['fetch'];
}

type Report = ProvisionPlan['report'];

function printFound(r: Report, out: (s: string) => void): void {
  for (const f of r.found) out(`Found    ${f}\n`);
  for (const w of r.warnings) out(`Warning  ${w}\n`);
}

/** @example process.exitCode = await runProvision(['--dry-run'], config, out, err); */
export async function runProvision(
  args: readonly string[],
  config: Config,
  out: (s: string) => void,
  err: (s: string) => void,
  deps: ProvisionDeps = {},
): Promise<number> {
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length) {
    err(`Unknown argument ${unknown[0]}: the only option is --dry-run.\n`);
    return 2;
  }
  const d = config.dynamics;
  if (!d) {
    err(
      'Dynamics 365 is not configured: set DYNAMICS_URL, DYNAMICS_TENANT_ID, DYNAMICS_CLIENT_ID, DYNAMICS_CLIENT_SECRET and DYNAMICS_WEBHOOK_KEY (see .env.example).\n',
    );
    return 2;
  }
  const client = createDataverseClient({
    url: d.url,
    authorityUrl: d.authorityUrl,
    tenantId: d.tenantId,
    clientId: d.clientId,
    clientSecret: d.clientSecret,
    ...(deps.signInFetch ? { signInFetch: deps.signInFetch } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const me = await client.whoAmI();
  if (!me.ok) {
    err(`Could not sign in to ${d.url}: ${me.error.message}\n`);
    return 1;
  }
  out(`Signed in to ${d.url} (organization ${String(me.value.OrganizationId ?? 'unknown')}).\n`);
  let calls = 0;
  let refused: RelayError | undefined;
  const call: WebApiCaller = async (req) => {
    calls++;
    const answer = await client.request({
      method: req.method as 'GET' | 'POST' | 'PUT' | 'PATCH',
      path: req.path,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      ...(req.headers ? { headers: req.headers } : {}),
    });
    if (!answer.ok) {
      refused = answer.error;
      return { status: statusOf(answer.error), body: { message: answer.error.message } };
    }
    return { status: answer.value.status, body: answer.value.text ? parseExactJson(answer.value.text) : undefined };
  };
  const webhook = { url: `${config.publicUrl}/dynamics/webhooks`, key: d.webhookKey };
  out('Reading what the environment already has…\n');
  if (args.includes('--dry-run')) {
    const found = await readEnvironment(call);
    const plan = found.ok ? planProvisioning(found.value, { webhook }) : found;
    if (!plan.ok) {
      err(`${plan.error.message}\n`);
      return 1;
    }
    printFound(plan.value.report, out);
    for (const c of plan.value.report.toCreate) out(`Would create ${c}\n`);
    out(`Dry run: nothing was changed (${plan.value.requests.length} request(s) would be sent).\n`);
    return 0;
  }
  const done = await provision(
    call,
    { webhook },
    {
      planned: (p) => {
        printFound(p.report, out);
        if (p.requests.length) out(`Creating ${p.requests.length} item(s)…\n`);
      },
      created: (does, n, total) => out(`Created  ${does} (${n} of ${total})\n`),
    },
  );
  if (!done.ok) {
    err(
      `Provisioning stopped: ${done.error.message}\n` +
        (refused?.code === 'dyn_forbidden' ? privilegeAdvice(refused) : '') +
        'What was created before stays; run the command again once this is fixed.\n',
    );
    return 1;
  }
  const created = done.value.report.toCreate.length;
  out(
    created === 0
      ? `Nothing to create: the environment was already provisioned (${calls} read(s)).\n`
      : `Created ${created}, found ${done.value.report.found.length}: the environment is ready for Ledgerbridge.\n`,
  );
  return 0;
}
