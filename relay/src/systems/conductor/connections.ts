/**
 * @module
 * A Conductor connection: one end user (one QuickBooks Desktop company file), a `connections` row
 * of system `conductor` whose settings hold the end user's id and the company's home currency
 * (Conductor does not report it), and whose Conductor secret key is an encrypted secret of the
 * connection (`SECRET_KEY`). Settings are validated whenever they are read: the row may be older
 * than this code. One client per connection per relay, so the feed and the target share one queue.
 */
import { z } from 'zod';
import type { ConductorConfig } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SecretsRepo } from '../../store/secrets.ts';
import type { ConnectionRow } from '../../store/topology.ts';
import { createConductorClient, type ConductorClient } from './api/index.ts';

/** The name of the connection's secret holding its Conductor secret key. */
export const SECRET_KEY = 'conductor_secret_key';

/** Conductor's end-user ids (`end_usr_1234567abcdefg`). */
export const END_USER_ID = /^end_usr_[A-Za-z0-9]+$/;

export const settingsSchema = z.object({
  endUserId: z.string().regex(END_USER_ID),
  homeCurrency: z.string().regex(/^[A-Z]{3}$/),
});
export type ConductorSettings = z.infer<typeof settingsSchema>;

/** @example settingsOf(row) // { endUserId: 'end_usr_1234567abcdefg', homeCurrency: 'USD' } */
export const settingsOf = (c: Pick<ConnectionRow, 'settings'>): ConductorSettings | undefined => {
  const s = settingsSchema.safeParse(c.settings);
  return s.success ? s.data : undefined;
};

export interface ClientsDeps {
  readonly config: ConductorConfig;
  readonly secrets: SecretsRepo;
  readonly log: Logger;
  readonly now: () => number;
  readonly fetch?: typeof fetch;
}

/**
 * The clients of one relay, by connection; undefined (with the reason logged once) for a
 * connection whose settings or secret key cannot be read.
 * @example const client = await conductorClients(deps).of(connection);
 */
export function conductorClients(d: ClientsDeps) {
  const clients = new Map<string, { key: string; client: ConductorClient }>();
  const told = new Set<string>();
  return {
    async of(c: ConnectionRow): Promise<ConductorClient | undefined> {
      const settings = settingsOf(c);
      const key = await d.secrets.get(c.id, SECRET_KEY);
      if (!settings || !key.ok || !key.value) {
        if (!told.has(c.id))
          d.log.warn('a Conductor connection’s end user or secret key cannot be read: it is not synced', {
            connection: c.id,
          });
        told.add(c.id);
        return undefined;
      }
      const known = clients.get(c.id);
      if (known?.key === key.value) return known.client;
      const client = createConductorClient({
        secretKey: key.value,
        endUserId: settings.endUserId,
        baseUrl: d.config.apiUrl,
        now: d.now,
        log: d.log,
        ...(d.fetch ? { fetch: d.fetch } : {}),
      });
      clients.set(c.id, { key: key.value, client });
      return client;
    },
  };
}

export type ConductorClients = ReturnType<typeof conductorClients>;
