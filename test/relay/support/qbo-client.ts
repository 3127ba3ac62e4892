/**
 * @module
 * The QuickBooks Online API client against the simulator, for the client's tests: a connected
 * realm, an {@link AccessTokens} that renews through the relay's own `refreshTokens` (counting
 * renewals), and a client whose sleeps move the simulator's clock instead of waiting.
 */
import { ok } from '../../../relay/src/lib/result.ts';
import { createQboClient, type QboClientOptions } from '../../../relay/src/systems/qbo/api/client.ts';
import { createQboLimiter, type LimiterOptions } from '../../../relay/src/systems/qbo/api/limiter.ts';
import type { AccessTokens } from '../../../relay/src/systems/qbo/api/types.ts';
import { refreshTokens } from '../../../relay/src/systems/qbo/oauth/token-endpoint.ts';
import { startQboSimulator, type QboSimulator, type QboSimulatorOptions } from '../../simulators/qbo/index.ts';
import { TEST_APP } from '../../simulators/qbo/test-client.ts';

export interface QboHarness {
  readonly sim: QboSimulator;
  readonly realm: string;
  readonly tokens: AccessTokens & { readonly renewals: number; readonly access: string };
  /** Every wait the client and its limiter asked for, in ms (each moved the simulator's clock). */
  readonly sleeps: number[];
  readonly sleep: (ms: number) => Promise<void>;
  client(opts?: Partial<QboClientOptions> & { limits?: LimiterOptions }): ReturnType<typeof createQboClient>;
  close(): Promise<void>;
}

export async function startQboHarness(opts: Partial<QboSimulatorOptions> = {}): Promise<QboHarness> {
  const sim = await startQboSimulator({ app: TEST_APP, ...opts });
  const realm = sim.realmIds[0]!;
  const issued = sim.oauth.connect(realm);
  let access = issued.access_token;
  let refresh = issued.refresh_token;
  let renewals = 0;
  const tokens = {
    current: async () => ok(access),
    async renew(rejected: string) {
      renewals++;
      if (rejected !== access) return ok(access);
      const r = await refreshTokens({
        tokenUrl: `${sim.url}/oauth2/v1/tokens/bearer`,
        clientId: TEST_APP.clientId,
        clientSecret: TEST_APP.clientSecret,
        refreshToken: refresh,
      });
      if (!r.ok) return r;
      access = r.value.accessToken;
      refresh = r.value.refreshToken;
      return ok(access);
    },
    get renewals() {
      return renewals;
    },
    get access() {
      return access;
    },
  };
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    sim.clock.advance(ms);
  };
  return {
    sim,
    realm,
    tokens,
    sleeps,
    sleep,
    client: ({ limits, ...o } = {}) =>
      createQboClient({
        baseUrl: sim.url,
        realmId: realm,
        tokens,
        sleep,
        now: sim.clock.now,
        limiter: createQboLimiter({ now: sim.clock.now, sleep, ...limits }),
        ...o,
      }),
    close: () => sim.close(),
  };
}
