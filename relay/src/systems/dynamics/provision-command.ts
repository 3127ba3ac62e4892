/**
 * @module
 * `ledgerbridge dynamics provision [--dry-run]`: creates in the Dynamics 365 environment what
 * Ledgerbridge needs (`provision/`: the QuickBooks id columns and their alternate key, the sync
 * status column, the sync log table, the webhook endpoint and its steps), through the relay's Web
 * API client, and reports what it found and what it created. Idempotent: a second run creates
 * nothing. Exit codes: 0 done, 1 refused or failed (the reason in words), 2 not configured or
 * wrong arguments.
 */
import type { Config } from '../../config.ts';
import { createDataverseClient, type DataverseClientOptions } from './api/index.ts';
import { parseExactJson } from './api/json.ts';
import { provision, readEnvironment, type WebApiCaller } from './provision/run.ts';
import { planProvisioning } from './provision/plan.ts';

/** Statuses the provisioning reads tell apart (a table not there yet is a 404), from the client's codes. */
const STATUS_OF: Readonly<Record<string, number>> = {
  dyn_not_found: 404,
  dyn_forbidden: 403,
  dyn_unauthorized: 401,
  dyn_concurrency: 412,
  dyn_throttled: 429,
  dyn_unavailable: 503,
};

export interface ProvisionDeps {
  /** The sign-in's HTTP (tests trust a simulator's certificate with it). */
  readonly signInFetch?: DataverseClientOptions['signInFetch'];
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
  });
  const me = await client.whoAmI();
  if (!me.ok) {
    err(`Could not sign in to ${d.url}: ${me.error.message}\n`);
    return 1;
  }
  out(`Signed in to ${d.url} (organization ${String(me.value.OrganizationId ?? 'unknown')}).\n`);
  let calls = 0;
  const call: WebApiCaller = async (req) => {
    calls++;
    if (req.method !== 'GET') out(`  … ${req.method} ${req.path.split('?')[0]}\n`);
    const answer = await client.request({
      method: req.method as 'GET' | 'POST' | 'PUT' | 'PATCH',
      path: req.path,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      ...(req.headers ? { headers: req.headers } : {}),
    });
    if (!answer.ok) return { status: STATUS_OF[answer.error.code] ?? 400, body: { message: answer.error.message } };
    return { status: answer.value.status, body: answer.value.text ? parseExactJson(answer.value.text) : undefined };
  };
  const webhook = { url: `${config.publicUrl}/dynamics/webhooks`, key: d.webhookKey };
  if (args.includes('--dry-run')) {
    const found = await readEnvironment(call);
    const plan = found.ok ? planProvisioning(found.value, { webhook }) : found;
    if (!plan.ok) {
      err(`${plan.error.message}\n`);
      return 1;
    }
    report(plan.value.report, out, 'Would create');
    out(`Dry run: nothing was changed (${plan.value.requests.length} request(s) would be sent).\n`);
    return 0;
  }
  const done = await provision(call, { webhook });
  if (!done.ok) {
    err(
      `Provisioning stopped: ${done.error.message}\nWhat was created before stays; run the command again once this is fixed.\n`,
    );
    return 1;
  }
  report(done.value.report, out, 'Created');
  const created = done.value.report.toCreate.length;
  out(
    created === 0
      ? `Nothing to create: the environment was already provisioned (${calls} read(s)).\n`
      : `Created ${created}, found ${done.value.report.found.length}: the environment is ready for Ledgerbridge.\n`,
  );
  return 0;
}

function report(
  r: { readonly found: readonly string[]; readonly toCreate: readonly string[]; readonly warnings: readonly string[] },
  out: (s: string) => void,
  verb: string,
): void {
  for (const f of r.found) out(`Found    ${f}\n`);
  for (const c of r.toCreate) out(`${verb.padEnd(8)} ${c}\n`);
  for (const w of r.warnings) out(`Warning  ${w}\n`);
}
