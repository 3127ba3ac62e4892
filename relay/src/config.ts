/**
 * @module
 * The relay's configuration: parsed and validated once, at start-up, from the environment.
 * Nothing else in the relay reads `process.env`; everything below receives a {@link Config}.
 */
import path from 'node:path';
import { z } from 'zod';
import { isKnownTimeZone } from '../../force-app/main/default/lwc/agingBuckets/agingBuckets.ts';
import {
  describeDynamics,
  dynamicsConfigOf,
  dynamicsEnv,
  dynamicsProblems,
  type DynamicsConfig,
} from './config/dynamics.ts';
import { conductorConfigOf, conductorEnv, describeConductor, type ConductorConfig } from './config/conductor.ts';

export type { DynamicsConfig } from './config/dynamics.ts';
export type { ConductorConfig } from './config/conductor.ts';

const DEFAULT_SF_API_VERSION = '67.0';
/** Salesforce's Pub/Sub API (gRPC over TLS), where Change Data Capture events are subscribed to. */
export const DEFAULT_SF_PUBSUB_URL = 'api.pubsub.salesforce.com:7443';
/** Hosts a plaintext Pub/Sub connection may go to (a simulator on this machine). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
/**
 * Writes of one object at least this many go through Bulk API 2.0. A Bulk job costs at least five
 * calls (create, upload, close, poll, results) while a Composite call carries 1,000 records (five
 * Collections of 200), so below 5,000 records of one object Composite takes fewer calls.
 */
export const DEFAULT_SF_BULK_THRESHOLD = 5000;

/** Intuit's OAuth 2.0 and accounting API endpoints (from its discovery documents). */
export const INTUIT = {
  authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  apiUrl: { production: 'https://quickbooks.api.intuit.com', sandbox: 'https://sandbox-quickbooks.api.intuit.com' },
} as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PUBLIC_URL: optionalString.pipe(z.url({ message: 'PUBLIC_URL must be an absolute http(s) URL' }).optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    TRUST_PROXY: z.enum(['true', 'false'], { message: 'TRUST_PROXY is true or false' }).default('false'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded store)')
        .optional(),
    ),
    LEDGERBRIDGE_DATA_DIR: z.string().trim().min(1).default('.ledgerbridge'),
    LEDGERBRIDGE_SECRET_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}=$/, 'LEDGERBRIDGE_SECRET_KEY must be 32 bytes, base64-encoded (44 characters)')
        .optional(),
    ),
    LEDGERBRIDGE_PREVIOUS_SECRET_KEYS: optionalString.pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/,
          'LEDGERBRIDGE_PREVIOUS_SECRET_KEYS is a comma-separated list of base64 32-byte keys',
        )
        .optional(),
    ),
    SF_LOGIN_URL: optionalString.pipe(
      z
        .url({ message: 'SF_LOGIN_URL must be your org\u2019s My Domain URL, e.g. https://acme.my.salesforce.com' })
        .optional(),
    ),
    SF_CLIENT_ID: optionalString,
    SF_CLIENT_SECRET: optionalString,
    SF_NAMESPACE: z
      .string()
      .trim()
      .regex(/^([A-Za-z][A-Za-z0-9]{0,14})?$/, 'SF_NAMESPACE must be empty or 1–15 letters and digits')
      .default(''),
    SF_API_VERSION: z
      .string()
      .trim()
      .regex(/^\d{2}\.0$/, 'SF_API_VERSION looks like 67.0')
      .default(DEFAULT_SF_API_VERSION),
    SF_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    RECONCILE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
    SF_BULK_THRESHOLD: z.coerce.number().int().min(1).max(150_000_000).default(DEFAULT_SF_BULK_THRESHOLD),
    SF_PUBSUB: z.enum(['on', 'off'], { message: 'SF_PUBSUB is on or off' }).default('on'),
    SF_PUBSUB_URL: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'SF_PUBSUB_URL is host:port, e.g. api.pubsub.salesforce.com:7443')
      .default(DEFAULT_SF_PUBSUB_URL),
    SF_PUBSUB_INSECURE: z.enum(['true', 'false'], { message: 'SF_PUBSUB_INSECURE is true or false' }).default('false'),
    SF_PUBSUB_RETRY_SECONDS: z.coerce.number().int().min(1).max(1800).default(300),
    QBWC_USERNAME: optionalString,
    QBWC_PASSWORD: optionalString,
    QBWC_COMPANY_FILE: optionalString,
    QBWC_APP_NAME: z.string().trim().min(1).max(31).default('Ledgerbridge'),
    QBWC_SESSION_IDLE_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    QBWC_MIN_VERSION: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+){0,3}$/, 'QBWC_MIN_VERSION looks like 2.1.0.30')
      .default('2.1.0.30'),
    QBWC_PAGE_SIZE: z.coerce.number().int().min(10).max(5000).default(500),
    QBWC_RUN_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    QBWC_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    QBWC_TIME_ZONE: optionalString.pipe(
      z
        .string()
        .refine(isKnownTimeZone, 'QBWC_TIME_ZONE must be an IANA time zone such as America/Los_Angeles')
        .optional(),
    ),
    QBD_INCOME_ACCOUNT: z
      .string()
      .trim()
      .min(1)
      .max(159, 'QBD_INCOME_ACCOUNT must be at most 159 characters (a QuickBooks account full name)')
      .default('Services'),
    QBD_WON_DEALS_AS: z
      .enum(['invoice', 'sales_order'], { message: 'QBD_WON_DEALS_AS is invoice or sales_order' })
      .default('invoice'),
    QBO_CLIENT_ID: optionalString,
    QBO_CLIENT_SECRET: optionalString,
    QBO_ENVIRONMENT: z
      .enum(['production', 'sandbox'], { message: 'QBO_ENVIRONMENT is production or sandbox' })
      .default('production'),
    QBO_WEBHOOK_VERIFIER_TOKEN: optionalString,
    QBO_REDIRECT_URI: optionalString.pipe(z.url({ message: 'QBO_REDIRECT_URI must be an absolute URL' }).optional()),
    QBO_AUTHORIZE_URL: z.url({ message: 'QBO_AUTHORIZE_URL must be an absolute URL' }).default(INTUIT.authorizeUrl),
    QBO_TOKEN_URL: z.url({ message: 'QBO_TOKEN_URL must be an absolute URL' }).default(INTUIT.tokenUrl),
    QBO_REVOKE_URL: z.url({ message: 'QBO_REVOKE_URL must be an absolute URL' }).default(INTUIT.revokeUrl),
    QBO_API_URL: optionalString.pipe(z.url({ message: 'QBO_API_URL must be an absolute URL' }).optional()),
    QBO_CDC_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    ...dynamicsEnv,
    ...conductorEnv,
  })
  .superRefine((env, ctx) => {
    for (const p of dynamicsProblems(env)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
    const sf = [env.SF_LOGIN_URL, env.SF_CLIENT_ID, env.SF_CLIENT_SECRET];
    if (sf.some(Boolean) && !sf.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SF_LOGIN_URL'],
        message: 'Set SF_LOGIN_URL, SF_CLIENT_ID and SF_CLIENT_SECRET together (or none of them)',
      });
    }
    if (env.SF_LOGIN_URL && /\/\/(login|test)\.salesforce\.com/i.test(env.SF_LOGIN_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SF_LOGIN_URL'],
        message:
          'The client credentials flow only works on your My Domain (https://<domain>.my.salesforce.com), not login/test.salesforce.com',
      });
    }
    const pubSubHost = env.SF_PUBSUB_URL.slice(0, env.SF_PUBSUB_URL.lastIndexOf(':'));
    if (env.SF_PUBSUB_INSECURE === 'true' && !LOOPBACK_HOSTS.has(pubSubHost)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SF_PUBSUB_INSECURE'],
        message: `SF_PUBSUB_INSECURE=true sends the Salesforce access token in plaintext: it is only allowed to 127.0.0.1 or localhost, not ${pubSubHost}`,
      });
    }
    if (Boolean(env.QBO_CLIENT_ID) !== Boolean(env.QBO_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['QBO_CLIENT_SECRET'],
        message: 'Set QBO_CLIENT_ID and QBO_CLIENT_SECRET together (the keys of your Intuit app)',
      });
    }
    if (env.QBO_CLIENT_ID && !env.QBO_WEBHOOK_VERIFIER_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['QBO_WEBHOOK_VERIFIER_TOKEN'],
        message: 'Set QBO_WEBHOOK_VERIFIER_TOKEN (your Intuit app\u2019s webhooks verifier token) with QBO_CLIENT_ID',
      });
    }
    if (Boolean(env.QBWC_USERNAME) !== Boolean(env.QBWC_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['QBWC_PASSWORD'],
        message: 'Set QBWC_USERNAME and QBWC_PASSWORD together',
      });
    }
  });

/** Salesforce sign-in and naming. */
export interface SalesforceConfig {
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The relay's validated configuration. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /**
   * The relay sits behind a reverse proxy that appends the client's address to X-Forwarded-For:
   * sign-in throttling then counts that address instead of the proxy's.
   */
  readonly trustProxy: boolean;
  /** How often each link is reconciled by itself, in hours (0: only by `ledgerbridge reconcile`). */
  readonly reconcileHours: number;
  readonly store:
    | { readonly kind: 'embedded'; readonly dataDir: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly dataDir: string };
  /** Base64 32-byte key, or undefined to use (or create) the key file in the data directory. */
  readonly secretKey: string | undefined;
  /** Keys used before a rotation, still needed to read secrets stored under them. */
  readonly previousSecretKeys: readonly string[];
  readonly salesforce: {
    readonly auth: SalesforceConfig | undefined;
    readonly namespace: string;
    readonly apiVersion: string;
    readonly pollSeconds: number;
    /** Writes of one object at least this many go through Bulk API 2.0. */
    readonly bulkThreshold: number;
    /** Change Data Capture over the Pub/Sub API: when to read the org's changes instead of polling for them. */
    readonly pubsub: {
      readonly enabled: boolean;
      /** `host:port` of the Pub/Sub API. */
      readonly endpoint: string;
      /** Plaintext gRPC (a loopback simulator only). */
      readonly insecure: boolean;
      /** How long polling lasts after Pub/Sub failed before it is tried again (doubling, up to 30 minutes). */
      readonly retrySeconds: number;
    };
  };
  readonly qbwc: {
    readonly username: string | undefined;
    readonly password: string | undefined;
    readonly companyFile: string | undefined;
    /** AppName in the .qwc file (what QuickBooks' Integrated Applications list shows). */
    readonly appName: string;
    /** A session with no call for this long expires (QuickBooks may take minutes on one request). */
    readonly sessionIdleSeconds: number;
    /** clientVersion warns below this Web Connector version. */
    readonly minVersion: string;
    /** MaxReturned of each iterator page. */
    readonly pageSize: number;
    /** Scheduler interval written into the .qwc file. */
    readonly runEveryMinutes: number;
    /** How far before the cursor incremental queries start again (QuickBooks clock/DST drift). */
    readonly overlapSeconds: number;
    /**
     * The company's IANA time zone: its calendar day decides when invoices turn overdue. Unset: the
     * UTC offset QuickBooks' latest modification time carries (QuickBooks reports no zone).
     */
    readonly timeZone: string | undefined;
    /** The income account (full name) items added from Salesforce post their sales to. */
    readonly incomeAccount: string;
    /**
     * What a won deal becomes in the company the CRM writes into: an invoice, or a sales order
     * (invoiced later in QuickBooks). One setting: that company is the environment's only one.
     */
    readonly wonDealsAs: 'invoice' | 'sales_order';
  };
  /** QuickBooks Online's Intuit app; undefined when `QBO_CLIENT_ID` is not set (no Online companies). */
  readonly qbo: QboConfig | undefined;
  /** The Dynamics 365 Sales environment; undefined when `DYNAMICS_URL` is not set. */
  readonly dynamics: DynamicsConfig | undefined;
  /** QuickBooks Desktop company files reached through Conductor (connections made by `connect conductor`). */
  readonly conductor: ConductorConfig;
}

/** An Intuit app the relay connects QuickBooks Online companies through. */
export interface QboConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly environment: 'production' | 'sandbox';
  readonly webhookVerifierToken: string;
  /** Where Intuit sends the admin back (registered in the app): default `PUBLIC_URL` + `/qbo/callback`. */
  readonly redirectUri: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  /** The accounting API's base (Intuit's production or sandbox host, or a proxy / simulator). */
  readonly apiUrl: string;
  /** How often Change Data Capture reads what webhooks may have missed. */
  readonly cdcMinutes: number;
}

/** Every problem found in the environment, listed at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses and validates the environment.
 * @throws {ConfigError} listing every problem, never only the first.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.LEDGERBRIDGE_DATA_DIR);
  const host = e.HOST;
  const publicUrl = (e.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === 'true',
    reconcileHours: e.RECONCILE_HOURS,
    store: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL, dataDir } : { kind: 'embedded', dataDir },
    secretKey: e.LEDGERBRIDGE_SECRET_KEY,
    previousSecretKeys: e.LEDGERBRIDGE_PREVIOUS_SECRET_KEYS?.split(',') ?? [],
    salesforce: {
      auth:
        e.SF_LOGIN_URL && e.SF_CLIENT_ID && e.SF_CLIENT_SECRET
          ? { loginUrl: e.SF_LOGIN_URL.replace(/\/$/, ''), clientId: e.SF_CLIENT_ID, clientSecret: e.SF_CLIENT_SECRET }
          : undefined,
      namespace: e.SF_NAMESPACE,
      apiVersion: e.SF_API_VERSION,
      pollSeconds: e.SF_POLL_SECONDS,
      bulkThreshold: e.SF_BULK_THRESHOLD,
      pubsub: {
        enabled: e.SF_PUBSUB === 'on',
        endpoint: e.SF_PUBSUB_URL,
        insecure: e.SF_PUBSUB_INSECURE === 'true',
        retrySeconds: e.SF_PUBSUB_RETRY_SECONDS,
      },
    },
    qbwc: {
      username: e.QBWC_USERNAME,
      password: e.QBWC_PASSWORD,
      companyFile: e.QBWC_COMPANY_FILE,
      appName: e.QBWC_APP_NAME,
      sessionIdleSeconds: e.QBWC_SESSION_IDLE_SECONDS,
      minVersion: e.QBWC_MIN_VERSION,
      pageSize: e.QBWC_PAGE_SIZE,
      runEveryMinutes: e.QBWC_RUN_EVERY_MINUTES,
      overlapSeconds: e.QBWC_OVERLAP_SECONDS,
      timeZone: e.QBWC_TIME_ZONE,
      incomeAccount: e.QBD_INCOME_ACCOUNT,
      wonDealsAs: e.QBD_WON_DEALS_AS,
    },
    qbo:
      e.QBO_CLIENT_ID && e.QBO_CLIENT_SECRET && e.QBO_WEBHOOK_VERIFIER_TOKEN
        ? {
            clientId: e.QBO_CLIENT_ID,
            clientSecret: e.QBO_CLIENT_SECRET,
            environment: e.QBO_ENVIRONMENT,
            webhookVerifierToken: e.QBO_WEBHOOK_VERIFIER_TOKEN,
            redirectUri: e.QBO_REDIRECT_URI ?? `${publicUrl}/qbo/callback`,
            authorizeUrl: e.QBO_AUTHORIZE_URL,
            tokenUrl: e.QBO_TOKEN_URL,
            revokeUrl: e.QBO_REVOKE_URL,
            apiUrl: (e.QBO_API_URL ?? INTUIT.apiUrl[e.QBO_ENVIRONMENT]).replace(/\/$/, ''),
            cdcMinutes: e.QBO_CDC_MINUTES,
          }
        : undefined,
    dynamics: dynamicsConfigOf(e),
    conductor: conductorConfigOf(e),
  };
}

/** What may be shown of the configuration: secrets are replaced by whether they are set. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    reconcileHours: config.reconcileHours,
    store: config.store.kind === 'postgres' ? { kind: 'postgres', url: redactUrl(config.store.url) } : config.store,
    secretKey: config.secretKey ? 'set' : 'from data directory',
    previousSecretKeys: config.previousSecretKeys.length,
    salesforce: {
      loginUrl: config.salesforce.auth?.loginUrl ?? 'not configured',
      clientId: config.salesforce.auth ? 'set' : 'not set',
      clientSecret: config.salesforce.auth ? 'set' : 'not set',
      namespace: config.salesforce.namespace || '(none)',
      apiVersion: config.salesforce.apiVersion,
      pollSeconds: config.salesforce.pollSeconds,
      bulkThreshold: config.salesforce.bulkThreshold,
      pubsub: config.salesforce.pubsub,
    },
    qbwc: { username: config.qbwc.username ?? 'not set', password: config.qbwc.password ? 'set' : 'not set' },
    qbo: config.qbo
      ? {
          clientId: 'set',
          clientSecret: 'set',
          webhookVerifierToken: 'set',
          environment: config.qbo.environment,
          redirectUri: config.qbo.redirectUri,
          apiUrl: config.qbo.apiUrl,
        }
      : 'not configured',
    dynamics: describeDynamics(config.dynamics),
    conductor: describeConductor(config.conductor),
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://***';
  }
}
