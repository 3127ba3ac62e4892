/**
 * @module
 * Dynamics 365 Sales, as the registry sees it. An environment is a connection: its sign-in
 * settings in the row, its client secret an encrypted secret of that connection. The environment
 * the settings describe (`DYNAMICS_URL`, tenant, client id and secret) is ensured at start-up as the
 * connection {@link ENV_DYNAMICS_CONNECTION_ID}; it attaches as a target (pushed: the relay calls
 * the Web API) once Ledgerbridge's unit group and price list are found or made there
 * (`target/sales-setup.ts`), and as the reporter of its flows (failures into its sync log).
 */
import { z } from 'zod';
import { topologyRepo, type ConnectionRow } from '../../store/topology.ts';
import type { AttachedTarget, System, SystemContext } from '../registry.ts';
import { createDataverseClient } from './api/index.ts';
import { createDynamicsReporter } from './reporter.ts';
import { createDynamicsTarget } from './target.ts';
import { salesSetup } from './target/sales-setup.ts';

/** The connection of the environment the settings describe. */
export const ENV_DYNAMICS_CONNECTION_ID = 'dynamics';
const CLIENT_SECRET = 'client_secret';

/** An environment connection's settings as stored (validated whenever it attaches: the row may be older than this code). */
const settingsSchema = z.object({
  url: z.url(),
  authorityUrl: z.url(),
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
});

async function attach(connection: ConnectionRow, ctx: SystemContext): Promise<AttachedTarget | undefined> {
  const { log, now, secrets, store } = ctx;
  const settings = settingsSchema.safeParse(connection.settings);
  const secret = await secrets.get(connection.id, CLIENT_SECRET);
  if (!settings.success || !secret.ok || !secret.value) {
    log.warn('the Dynamics environment’s settings or client secret cannot be read: it is not synced', {
      connection: connection.id,
    });
    return undefined;
  }
  const s = settings.data;
  const client = createDataverseClient({
    ...s,
    clientSecret: secret.value,
    log,
    now,
    ...(ctx.signInFetch ? { signInFetch: ctx.signInFetch } : {}),
  });
  const setup = await salesSetup(client, s.url);
  if (!setup.ok) {
    log.warn('Ledgerbridge’s unit group and price list cannot be found or made in Dynamics: it is not synced yet', {
      connection: connection.id,
      code: setup.error.code,
      reason: setup.error.message,
    });
    return undefined;
  }
  return {
    target: createDynamicsTarget({ connectionId: connection.id, client, setup: setup.value, db: store.db, now }),
    reporter: createDynamicsReporter(connection.id),
  };
}

export const dynamics: System = {
  name: 'dynamics',
  side: 'crm',
  /** The configured environment becomes (or updates) its connection row; its secret is stored encrypted. */
  async prepare({ config, store, secrets }) {
    const d = config.dynamics;
    if (!d) return;
    await topologyRepo(store.db).ensureConnection({
      id: ENV_DYNAMICS_CONNECTION_ID,
      system: 'dynamics',
      label: new URL(d.url).host,
      settings: { url: d.url, authorityUrl: d.authorityUrl, tenantId: d.tenantId, clientId: d.clientId },
    });
    await secrets.put(ENV_DYNAMICS_CONNECTION_ID, CLIENT_SECRET, d.clientSecret);
  },
  attach,
};
