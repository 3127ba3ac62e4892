/**
 * @module
 * Plain-fetch helpers for the simulator's tests: a started simulator and an API caller that sends
 * the secret key and end-user header and returns status, parsed JSON and headers.
 */
import { startConductorSimulator, type ConductorSimulator, type ConductorSimulatorOptions } from './index.ts';

export interface ApiAnswer {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  readonly headers: Headers;
}

export type Api = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiAnswer>;

/** A caller for `/v1/quickbooks-desktop{path}`; `headers` replace the defaults (null-valued ones are dropped). */
export function apiCaller(sim: ConductorSimulator, endUserId: string): Api {
  return async (method, path, body, headers = {}) => {
    const h: Record<string, string> = {
      authorization: `Bearer ${sim.secretKey}`,
      'conductor-end-user-id': endUserId,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    };
    for (const [k, v] of Object.entries(h)) if (v === '') delete h[k];
    const res = await fetch(`${sim.url}/v1/quickbooks-desktop${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

export async function started(opts: ConductorSimulatorOptions = {}) {
  const sim = await startConductorSimulator({ startAt: Date.UTC(2026, 2, 10, 14, 0, 0), ...opts });
  const endUserId = sim.endUserIds[0]!;
  return { sim, endUserId, co: sim.company(endUserId), api: apiCaller(sim, endUserId) };
}

/** The error object's keys Conductor always sends (integrationCode only when QuickBooks gave one). */
export const ERROR_KEYS = ['code', 'httpStatusCode', 'message', 'requestId', 'type', 'userFacingMessage'];
