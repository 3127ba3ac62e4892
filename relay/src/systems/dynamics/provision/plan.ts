/**
 * @module
 * `ledgerbridge dynamics provision` as a pure function: from what the environment reports it has
 * (`found.ts`), the ordered metadata and registration requests still needed and a report of what
 * was found. Columns come before the key over them, the sync log table before its columns, the
 * service endpoint before its steps, a step before its image. Applying the plan and planning again
 * from a fresh read gives no request: that is what makes the command idempotent.
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { Found } from './found.ts';
import type { MetadataRequest } from './requests.ts';
import { planTables } from './tables-plan.ts';
import { planWebhook, type WebhookOptions } from './webhook-plan.ts';

export type { MetadataRequest } from './requests.ts';
export type { WebhookOptions } from './webhook-plan.ts';

export interface ProvisionOptions {
  readonly webhook: WebhookOptions;
  /** Adds what is created to this unmanaged solution (`MSCRM.SolutionUniqueName`). */
  readonly solutionUniqueName?: string;
}

export interface ProvisionPlan {
  readonly requests: readonly MetadataRequest[];
  readonly report: {
    /** What exists already, in words (`column lb_quickbooksid on account`). */
    readonly found: readonly string[];
    /** What the requests create or change, in the same words, in order. */
    readonly toCreate: readonly string[];
    /** What exists but needs a person (a key that failed to build, a step of the wrong mode). */
    readonly warnings: readonly string[];
  };
}

/**
 * @example
 * const plan = planProvisioning(found, { webhook: { url: 'https://relay.example.com/dynamics/webhooks', key } });
 * if (plan.ok) for (const r of plan.value.requests) await send(r.method, r.path, r.body, r.headers);
 */
export function planProvisioning(found: Found, options: ProvisionOptions): Result<ProvisionPlan> {
  const headers: Record<string, string> = options.solutionUniqueName
    ? { 'MSCRM.SolutionUniqueName': options.solutionUniqueName }
    : {};
  const tables = planTables(found.entities, headers);
  if (!tables.ok) return tables;
  const webhook = planWebhook(found, options.webhook, headers);
  if (!webhook.ok) return webhook;
  const requests = [...tables.value.requests, ...webhook.value.requests];
  return ok({
    requests,
    report: {
      found: [...tables.value.found, ...webhook.value.found],
      toCreate: requests.map((r) => r.does),
      warnings: [...tables.value.warnings, ...webhook.value.warnings],
    },
  });
}
