/**
 * @module
 * The Dynamics 365 Sales (Dataverse) settings, part of the relay's configuration (`config.ts`
 * merges them): the environment, the application user's client credentials, the webhook key, the
 * sign-in authority (Microsoft's unless a simulator or proxy stands in), and what the sync does
 * with orders and new products. All or nothing: a half-set environment is refused in words.
 */
import { z } from 'zod';

/** Microsoft's sign-in (Entra ID); the tenant follows in the authority (`<url>/<tenant>`). */
export const MICROSOFT_AUTHORITY_URL = 'https://login.microsoftonline.com';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const isLoopback = (url: URL) => url.hostname === '127.0.0.1' || url.hostname === 'localhost';

/** The environment variables, as `config.ts` adds them to its schema. */
export const dynamicsEnv = {
  DYNAMICS_URL: optionalString.pipe(
    z
      .url({ message: 'DYNAMICS_URL must be the environment’s address, e.g. https://contoso.crm.dynamics.com' })
      .refine((u) => {
        const url = new URL(u);
        return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
      }, 'DYNAMICS_URL must be https (plain http only to 127.0.0.1 or localhost)')
      .optional(),
  ),
  DYNAMICS_TENANT_ID: optionalString,
  DYNAMICS_CLIENT_ID: optionalString,
  DYNAMICS_CLIENT_SECRET: optionalString,
  DYNAMICS_WEBHOOK_KEY: optionalString.pipe(
    z.string().min(32, 'DYNAMICS_WEBHOOK_KEY must be at least 32 characters (a random secret)').optional(),
  ),
  DYNAMICS_AUTHORITY_URL: z
    .url({ message: 'DYNAMICS_AUTHORITY_URL must be an absolute https URL' })
    .refine((u) => u.startsWith('https://'), 'DYNAMICS_AUTHORITY_URL must be https (msal-node refuses http)')
    .default(MICROSOFT_AUTHORITY_URL),
  DYNAMICS_ORDER_TRIGGER: z
    .enum(['submitted', 'active'], { message: 'DYNAMICS_ORDER_TRIGGER is submitted or active' })
    .default('submitted'),
  DYNAMICS_NEW_ITEMS_AS: z
    .enum(['service', 'non_inventory'], { message: 'DYNAMICS_NEW_ITEMS_AS is service or non_inventory' })
    .default('service'),
  DYNAMICS_CHANGES_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
};

type DynamicsEnv = z.infer<z.ZodObject<typeof dynamicsEnv>>;

/** A Dynamics 365 environment the relay reads and writes, as its application user. */
export interface DynamicsConfig {
  /** The environment (`https://contoso.crm.dynamics.com`), no trailing slash. */
  readonly url: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** What Dataverse's webhook sends (the service endpoint's key); compared hashed. */
  readonly webhookKey: string;
  /** The sign-in authority's base, no trailing slash. */
  readonly authorityUrl: string;
  /** A sales order goes to QuickBooks once submitted (default) or as soon as it is active. */
  readonly orderTrigger: 'submitted' | 'active';
  /** What a product created in Dynamics becomes in QuickBooks. */
  readonly newItemsAs: 'service' | 'non_inventory';
  /** How often change tracking reads what webhooks may have missed. */
  readonly changesMinutes: number;
}

const REQUIRED = [
  'DYNAMICS_URL',
  'DYNAMICS_TENANT_ID',
  'DYNAMICS_CLIENT_ID',
  'DYNAMICS_CLIENT_SECRET',
  'DYNAMICS_WEBHOOK_KEY',
] as const;

/** The problems of a half-set environment, for the schema's `superRefine`. */
export function dynamicsProblems(env: DynamicsEnv): { path: string; message: string }[] {
  const set = REQUIRED.filter((k) => env[k]);
  if (set.length === 0 || set.length === REQUIRED.length) return [];
  const missing = REQUIRED.filter((k) => !env[k]);
  return [
    {
      path: missing[0]!,
      message: `Set ${REQUIRED.join(', ')} together (the environment and its application user): ${missing.join(', ')} missing`,
    },
  ];
}

/** @example dynamicsConfigOf(parsed) // undefined when DYNAMICS_URL is not set */
export function dynamicsConfigOf(e: DynamicsEnv): DynamicsConfig | undefined {
  if (
    !e.DYNAMICS_URL ||
    !e.DYNAMICS_TENANT_ID ||
    !e.DYNAMICS_CLIENT_ID ||
    !e.DYNAMICS_CLIENT_SECRET ||
    !e.DYNAMICS_WEBHOOK_KEY
  )
    return undefined;
  return {
    url: e.DYNAMICS_URL.replace(/\/+$/, ''),
    tenantId: e.DYNAMICS_TENANT_ID,
    clientId: e.DYNAMICS_CLIENT_ID,
    clientSecret: e.DYNAMICS_CLIENT_SECRET,
    webhookKey: e.DYNAMICS_WEBHOOK_KEY,
    authorityUrl: e.DYNAMICS_AUTHORITY_URL.replace(/\/+$/, ''),
    orderTrigger: e.DYNAMICS_ORDER_TRIGGER,
    newItemsAs: e.DYNAMICS_NEW_ITEMS_AS,
    changesMinutes: e.DYNAMICS_CHANGES_MINUTES,
  };
}

/** What may be shown of it: secrets replaced by whether they are set. */
export const describeDynamics = (d: DynamicsConfig | undefined) =>
  d
    ? {
        url: d.url,
        tenantId: d.tenantId,
        clientId: d.clientId,
        clientSecret: 'set',
        webhookKey: 'set',
        authorityUrl: d.authorityUrl,
        orderTrigger: d.orderTrigger,
        newItemsAs: d.newItemsAs,
      }
    : 'not configured';
