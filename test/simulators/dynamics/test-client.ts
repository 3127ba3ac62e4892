/**
 * @module
 * Helpers for the simulator's tests: a token from the sign-in over TLS (trusting the throwaway
 * certificate), a plain-fetch Web API caller returning status, parsed JSON, raw text and headers,
 * the recorded samples, and the provisioning calls a relay would make for `lb_*` columns and keys.
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { DataverseSimulator } from './index.ts';

export const SPEC = path.join(import.meta.dirname, 'spec');
export const sample = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(SPEC, file), 'utf8'));

export interface Answer {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  readonly text: string;
  readonly headers: Headers;
}

/** A request to the sign-in over https, trusting only the simulator's certificate. */
function signIn(sim: DataverseSimulator, method: string, pathname: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${sim.authorityUrl}${pathname}`,
      {
        method,
        ca: sim.caPem,
        headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, text, body: text ? JSON.parse(text) : undefined, headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const postForm = (sim: DataverseSimulator, pathname: string, form: Record<string, string>): Promise<Answer> =>
  signIn(sim, 'POST', pathname, new URLSearchParams(form).toString());

export const getSignIn = (sim: DataverseSimulator, pathname: string): Promise<Answer> => signIn(sim, 'GET', pathname);

export async function clientCredentialsToken(sim: DataverseSimulator): Promise<string> {
  const res = await postForm(sim, `/${sim.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: 'ledgerbridge-client',
    client_secret: 'ledgerbridge-secret',
    scope: `${sim.url}/.default`,
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

export type Api = (
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Answer>;

/** A Web API caller with a bearer token; `body` may be an object (JSON) or a string (sent as is). */
export function apiCaller(sim: DataverseSimulator, token: () => string): Api {
  return async (method, pathAndQuery, body, headers = {}) => {
    const res = await fetch(`${sim.url}/api/data/v9.2/${pathAndQuery}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

/** A caller with a token straight from the sign-in (no round trip): the default app's, or `clientId`'s. */
export const connect = (sim: DataverseSimulator, clientId?: string): Api => {
  const token = sim.authority.issue(clientId);
  return apiCaller(sim, () => token);
};

const label = (text: string) => ({
  '@odata.type': 'Microsoft.Dynamics.CRM.Label',
  LocalizedLabels: [{ '@odata.type': 'Microsoft.Dynamics.CRM.LocalizedLabel', Label: text, LanguageCode: 1033 }],
});

/** What `ledgerbridge dynamics provision` would create on one table: the two id columns and their key. */
export async function provisionTable(api: Api, table: string): Promise<number[]> {
  const statuses: number[] = [];
  const defs = `EntityDefinitions(LogicalName='${table}')`;
  for (const [name, max] of [
    ['lb_quickbooksconnection', 100],
    ['lb_quickbooksid', 100],
  ] as const) {
    const res = await api('POST', `${defs}/Attributes`, {
      '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
      SchemaName: name,
      MaxLength: max,
      RequiredLevel: { Value: 'None' },
      FormatName: { Value: 'Text' },
      DisplayName: label(name),
    });
    statuses.push(res.status);
  }
  const key = await api('POST', `${defs}/Keys`, {
    SchemaName: 'lb_quickbooksid_key',
    DisplayName: label('QuickBooks id'),
    KeyAttributes: ['lb_quickbooksconnection', 'lb_quickbooksid'],
  });
  statuses.push(key.status);
  return statuses;
}
