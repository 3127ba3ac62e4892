/**
 * @module
 * The Dataverse Web API client against the simulator, for the client's tests: a client whose clock
 * is the simulator's, whose sleeps move that clock instead of waiting (each recorded), and whose
 * sign-in goes through {@link trustingFetch}, a `fetch` over node's https that trusts only the
 * simulator's throwaway certificate (passed to msal-node as its `system.networkClient`), so no
 * NODE_EXTRA_CA_CERTS and no child process are needed.
 */
import https from 'node:https';
import { createDataverseClient, type DataverseClientOptions } from '../../../relay/src/systems/dynamics/api/index.ts';
import {
  startDataverseSimulator,
  type DataverseSimulator,
  type DataverseSimulatorOptions,
} from '../../simulators/dynamics/index.ts';
import { connect, provisionTable } from '../../simulators/dynamics/test-client.ts';

/** A `fetch` for https URLs that trusts `caPem` (and nothing else). */
export function trustingFetch(caPem: string): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? init.body : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: init.method ?? 'GET',
          ca: caPem,
          headers: Object.fromEntries(headers),
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: h }));
          });
        },
      );
      req.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
      req.end(body);
    });
  }) as typeof fetch;
}

export interface DynHarness {
  readonly sim: DataverseSimulator;
  /** Every wait the client asked for, in ms (each moved the simulator's clock). */
  readonly sleeps: number[];
  client(opts?: Partial<DataverseClientOptions>): ReturnType<typeof createDataverseClient>;
  /** Defines `lb_quickbooksconnection` + `lb_quickbooksid` and their alternate key on a table. */
  provision(table: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDynHarness(opts: DataverseSimulatorOptions = {}): Promise<DynHarness> {
  const sim = await startDataverseSimulator(opts);
  const sleeps: number[] = [];
  return {
    sim,
    sleeps,
    client: (over = {}) =>
      createDataverseClient({
        url: sim.url,
        authorityUrl: sim.authorityUrl,
        tenantId: sim.tenantId,
        clientId: opts.clientId ?? 'ledgerbridge-client',
        clientSecret: opts.clientSecret ?? 'ledgerbridge-secret',
        now: () => sim.clock.now(),
        sleep: async (ms) => {
          sleeps.push(ms);
          sim.clock.advance(ms);
        },
        signInFetch: trustingFetch(sim.caPem),
        ...over,
      }),
    async provision(table) {
      const statuses = await provisionTable(connect(sim), table);
      if (statuses.some((s) => s >= 300)) throw new Error(`provisioning ${table}: ${statuses.join(', ')}`);
    },
    close: () => sim.close(),
  };
}
