/**
 * @module
 * A bare REST client for the simulator's own tests: a client-credentials token, then JSON (or CSV)
 * requests over loopback with the raw status and parsed body, so a test sees exactly what the org
 * answered.
 */
import type { SalesforceSimulator } from './index.ts';

export const TEST_CLIENT = { clientId: 'cid', clientSecret: 'sec' };

export async function token(sim: SalesforceSimulator): Promise<string> {
  const res = await fetch(`${sim.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${TEST_CLIENT.clientId}&client_secret=${TEST_CLIENT.clientSecret}`,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface RawAnswer {
  readonly status: number;
  readonly body: never;
}

/** Requests below `/services/data/v{version}`; `path` may also be absolute (`/services/...`). */
export function restClient(sim: SalesforceSimulator, tok: string, version = '67.0') {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawAnswer> => {
    const url = path.startsWith('/services/') ? `${sim.url}${path}` : `${sim.url}/services/data/v${version}${path}`;
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* CSV or empty */
    }
    return { status: res.status, body: parsed as never };
  };
}

/** Waits for a Bulk ingest job to finish and returns its failed-results CSV text. */
export async function bulkFailures(call: ReturnType<typeof restClient>, id: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const info = (await call('GET', `/jobs/ingest/${id}`)).body as { state: string };
    if (info.state === 'JobComplete' || info.state === 'Failed') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return String((await call('GET', `/jobs/ingest/${id}/failedResults`)).body);
}
