/**
 * @module
 * The Conductor settings, part of the relay's configuration (`config.ts` merges them): the secret
 * key, the API's address (Conductor's unless a simulator or proxy stands in) and how often company
 * files are read (Conductor sends no webhooks). Connections (one per end user, one company file)
 * are made with `ledgerbridge connect conductor --end-user end_usr_…`, not configured here.
 */
import { z } from 'zod';

/** Conductor's API (paths below `/v1`). */
export const CONDUCTOR_API_URL = 'https://api.conductor.is';

const isLoopback = (url: URL) => url.hostname === '127.0.0.1' || url.hostname === 'localhost';

/** The environment variables, as `config.ts` adds them to its schema. */
export const conductorEnv = {
  CONDUCTOR_SECRET_KEY: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional()
    .pipe(
      z
        .string()
        .regex(/^sk_[A-Za-z0-9_]{8,}$/, 'CONDUCTOR_SECRET_KEY must be a Conductor secret key (sk_…)')
        .optional(),
    ),
  CONDUCTOR_API_URL: z
    .url({ message: 'CONDUCTOR_API_URL must be an absolute URL, e.g. https://api.conductor.is' })
    .refine((u) => {
      const url = new URL(u);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
    }, 'CONDUCTOR_API_URL must be https (plain http only to 127.0.0.1 or localhost)')
    .default(CONDUCTOR_API_URL),
  CONDUCTOR_READ_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  CONDUCTOR_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
};

type ConductorEnv = z.infer<z.ZodObject<typeof conductorEnv>>;

/** Reaching QuickBooks Desktop company files through Conductor. */
export interface ConductorConfig {
  /**
   * The secret key (`sk_…`); `connect conductor` stores it encrypted with the connection, and a
   * relay started with another one stores that instead (a rotated key). Never logged.
   */
  readonly secretKey: string | undefined;
  /** The API's base, no trailing slash. */
  readonly apiUrl: string;
  /** How often each company file is read for changes. */
  readonly readMinutes: number;
  /** How far before its cursor each incremental read starts (QuickBooks' clock against Conductor's). */
  readonly overlapSeconds: number;
}

/** @example conductorConfigOf(parsed) // { secretKey: undefined, apiUrl: 'https://api.conductor.is', … } */
export const conductorConfigOf = (e: ConductorEnv): ConductorConfig => ({
  secretKey: e.CONDUCTOR_SECRET_KEY,
  apiUrl: e.CONDUCTOR_API_URL.replace(/\/+$/, ''),
  readMinutes: e.CONDUCTOR_READ_MINUTES,
  overlapSeconds: e.CONDUCTOR_OVERLAP_SECONDS,
});

/** What may be shown of it: the key replaced by whether it is set. */
export const describeConductor = (c: ConductorConfig) => ({
  secretKey: c.secretKey ? 'set' : 'not set',
  apiUrl: c.apiUrl,
  readMinutes: c.readMinutes,
  overlapSeconds: c.overlapSeconds,
});
