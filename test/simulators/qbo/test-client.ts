/**
 * @module
 * Plain-fetch helpers for the simulator's tests: a connected realm, an API caller that returns
 * status, parsed JSON (or raw text) and headers, and the recorded samples by path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startQboSimulator, type QboSimulator, type QboSimulatorOptions } from './index.ts';

export const TEST_APP = {
  clientId: 'ABqbo-test-client',
  clientSecret: 'qbo-secret-DO-NOT-LOG',
  redirectUris: ['http://127.0.0.1:9/callback'],
};

export const SAMPLES = path.join(import.meta.dirname, 'spec', 'samples');
export const sample = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));

export interface ApiAnswer {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  readonly text: string;
  readonly headers: Headers;
}

export async function startConnected(opts: Partial<QboSimulatorOptions> = {}) {
  const sim = await startQboSimulator({ app: TEST_APP, ...opts });
  const realm = sim.realmIds[0]!;
  const tokens = sim.oauth.connect(realm);
  return { sim, realm, tokens, api: apiCaller(sim, realm, () => tokens.access_token) };
}

export function apiCaller(sim: QboSimulator, realm: string, token: () => string) {
  return async (method: string, pathAndQuery: string, body?: unknown): Promise<ApiAnswer> => {
    const sep = pathAndQuery.includes('?') ? '&' : '?';
    const res = await fetch(`${sim.url}/v3/company/${realm}${pathAndQuery}${sep}minorversion=75`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        accept: 'application/json',
        'content-type': typeof body === 'string' ? 'application/text' : 'application/json',
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Where `actual` differs from `expected` in JSON types, or has keys the sample lacks ('' for none);
 * array elements are compared with the sample's first element. `allowMissing` lets the simulator
 * leave out keys a richer recorded company has (tax lines, addresses).
 */
export function shapeDiff(actual: unknown, expected: unknown, { allowMissing = true } = {}, at = '$'): string {
  if (kind(actual) !== kind(expected)) return `${at} is ${kind(actual)} where the sample has ${kind(expected)}`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (!actual.length || !expected.length) return '';
    for (const [i, a] of actual.entries()) {
      const diffs = expected.map((e) => shapeDiff(a, e, { allowMissing }, `${at}[${i}]`));
      if (!diffs.includes('')) return diffs[0]!;
    }
    return '';
  }
  if (kind(actual) !== 'object') return '';
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const extra = Object.keys(a).filter((k) => !(k in e));
  const missing = allowMissing ? [] : Object.keys(e).filter((k) => !(k in a));
  if (extra.length || missing.length) return `${at} has extra [${extra.join(', ')}], lacks [${missing.join(', ')}]`;
  for (const k of Object.keys(a)) {
    const d = shapeDiff(a[k], e[k], { allowMissing }, `${at}.${k}`);
    if (d) return d;
  }
  return '';
}
