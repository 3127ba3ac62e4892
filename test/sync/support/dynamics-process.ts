/**
 * @module
 * A relay process for the Dataverse simulator, as the crash test and the bench start one: the
 * environment's settings, a port free now (Dataverse posts its webhooks to the relay's public URL,
 * which must not change across restarts), the environment provisioned as an admin does before the
 * relay first starts, and the simulator's sign-in trusted through NODE_EXTRA_CA_CERTS.
 */
import net from 'node:net';
import { loadConfig } from '../../../relay/src/config.ts';
import { runProvision } from '../../../relay/src/systems/dynamics/provision-command.ts';
import { trustingFetch } from '../../relay/support/dynamics-client.ts';
import type { DataverseSimulator } from '../../simulators/dynamics/index.ts';

/** A port free on loopback now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The relay's environment variables for `sim`, its data directory provisioned; throws with
 * provisioning's words when it fails.
 * @example const env = await provisionedEnvironment(sim, APP, dataDir); await startRelayProcess({ dataDir, …, env });
 */
export async function provisionedEnvironment(
  sim: DataverseSimulator,
  app: { readonly clientId: string; readonly clientSecret: string },
  dataDir: string,
): Promise<Record<string, string>> {
  const port = await freePort();
  const env = {
    DYNAMICS_URL: sim.url,
    DYNAMICS_AUTHORITY_URL: sim.authorityUrl,
    DYNAMICS_TENANT_ID: sim.tenantId,
    DYNAMICS_CLIENT_ID: app.clientId,
    DYNAMICS_CLIENT_SECRET: app.clientSecret,
    DYNAMICS_WEBHOOK_KEY: 'simulated-webhook-key-0123456789abcdef',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  let problems = '';
  const provisioned = await runProvision(
    [],
    loadConfig({ ...env, LEDGERBRIDGE_DATA_DIR: dataDir }),
    () => {},
    (s) => (problems += s),
    { signInFetch: trustingFetch(sim.caPem) },
  );
  if (provisioned !== 0) throw new Error(`provisioning failed: ${problems}`);
  return { ...env, NODE_EXTRA_CA_CERTS: sim.caFile };
}

/** The paths of the Web API calls that write: `$batch`, and the bulk messages (`accounts/Microsoft.Dynamics.CRM.CreateMultiple`). */
export const WRITE_PATH = /^\$batch$|^[a-z_]+\/Microsoft\.Dynamics\.CRM\.(Create|Update)Multiple$/;

/** A Web API call that writes. */
export const isWriteCall = (method: string, path: string): boolean => method === 'POST' && WRITE_PATH.test(path);
