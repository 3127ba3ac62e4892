/**
 * @module
 * The QuickBooks Online target against the simulator, for the target's tests: a connected realm
 * with the simulator's throttle and the client's limiter both opened wide (the simulator's clock
 * stands still, so its throttle would count every call of a test as one second's, and pacing is
 * not what these tests measure), a client whose token never needs renewing, and — given a store —
 * the Online connection and its target.
 */
import { err, ok, relayError } from '../../../relay/src/lib/result.ts';
import type { Store } from '../../../relay/src/store/index.ts';
import { topologyRepo } from '../../../relay/src/store/topology.ts';
import type { TargetAdapter } from '../../../relay/src/sync/adapters.ts';
import { createQboClient } from '../../../relay/src/systems/qbo/api/client.ts';
import { createQboLimiter } from '../../../relay/src/systems/qbo/api/limiter.ts';
import type { QboClient } from '../../../relay/src/systems/qbo/api/types.ts';
import { createQboTarget } from '../../../relay/src/systems/qbo/target.ts';
import { startQboSimulator, type QboSimulator, type SimCompany } from '../../simulators/qbo/index.ts';
import { TEST_APP } from '../../simulators/qbo/test-client.ts';

/** The Online connection's id in the store. */
export const QBO_CONNECTION = 'qbo-test';

export interface QboClientHarness {
  readonly sim: QboSimulator;
  readonly company: SimCompany;
  readonly client: QboClient;
}

/** @example const { sim, company, client } = await startUnthrottledClient(); */
export async function startUnthrottledClient(): Promise<QboClientHarness> {
  const sim = await startQboSimulator({ app: TEST_APP, limits: { perSecond: 10_000, perMinute: 10_000 } });
  const realm = sim.realmIds[0]!;
  const { access_token } = sim.oauth.connect(realm);
  const client = createQboClient({
    baseUrl: sim.url,
    realmId: realm,
    tokens: {
      current: async () => ok(access_token),
      renew: async () => err(relayError('qbo_test_no_refresh', 'no refresh in these tests')),
    },
    limiter: createQboLimiter({ perSecond: 10_000, perMinute: 10_000, batchPerMinute: 10_000 }),
  });
  return { sim, company: sim.company(realm), client };
}

/** The connection in `store` and the target writing through `client`. */
export async function qboTargetIn(store: Store, client: QboClient): Promise<TargetAdapter> {
  await topologyRepo(store.db).ensureConnection({
    id: QBO_CONNECTION,
    system: 'qbo',
    label: 'Test company',
    settings: {},
  });
  return createQboTarget({ connectionId: QBO_CONNECTION, client, db: store.db });
}
