/**
 * The Dynamics target keeps the target contract, writing over HTTPS (the Web API's bulk messages
 * and `$batch`) to the Dataverse simulator provisioned as `provision` leaves an environment, with
 * Ledgerbridge's sales setup made in it as on connecting, and the identities it reads from a store
 * of each backend, as target.simulator.test.ts builds it.
 */
import { testBackends, type TestBackend } from '../qbwc/support/stores.ts';
import { startDynHarness } from '../relay/support/dynamics-client.ts';
import { dynamicsStore } from '../relay/support/dynamics-store.ts';
import { connect } from '../simulators/dynamics/test-client.ts';
import { identitiesRepo } from '../../relay/src/store/identities.ts';
import { provision } from '../../relay/src/systems/dynamics/provision/run.ts';
import { createDynamicsReporter } from '../../relay/src/systems/dynamics/reporter.ts';
import { createDynamicsTarget } from '../../relay/src/systems/dynamics/target.ts';
import { salesSetup } from '../../relay/src/systems/dynamics/target/sales-setup.ts';
import { runTargetContract, type TargetUnderContract } from './target-contract.ts';

const CONNECTION = 'dynamics';

/**
 * Found by this runner: the identities the target reads are keyed by the environment's connection,
 * the entity set and the QuickBooks id alone, not by the QuickBooks company the row mirrors. Two
 * companies into one environment with a record of the same id (a copied company file) share one
 * identity: the second's customer is sent as an update to the first's account, and overwrites it.
 */
const KNOWN = {
  "keeps each connection's records apart": 'identities are not keyed by the QuickBooks connection',
  // Its connection meets the same records' identities left by an earlier case.
  'is idempotent': 'identities are not keyed by the QuickBooks connection',
};

async function makeTarget(backend: TestBackend): Promise<TargetUnderContract> {
  const h = await startDynHarness({ limits: { requestsPerWindow: 1_000_000 } });
  const api = connect(h.sim);
  const provisioned = await provision(
    async (r) => {
      const res = await api(r.method, r.path, r.body, r.headers ?? {});
      return { status: res.status, body: res.body };
    },
    { webhook: { url: 'http://127.0.0.1:9/dynamics/webhooks', key: 'k' } },
  );
  if (!provisioned.ok) throw new Error(provisioned.error.message);
  const client = h.client();
  // Ledgerbridge's unit group, unit and price list, made as the relay makes them on connecting.
  const setup = await salesSetup(client, h.sim.url);
  if (!setup.ok) throw new Error(setup.error.message);
  const store = await dynamicsStore(backend, [CONNECTION]);
  const identities = identitiesRepo(store.db);
  return {
    target: createDynamicsTarget({ connectionId: CONNECTION, client, setup: setup.value, db: store.db }),
    reporter: createDynamicsReporter(CONNECTION),
    unmirrored: ['account', 'bill', 'payment', 'journalEntry', 'order'],
    edition: 'Desktop',
    // Its sync log holds failures only, and a job is an account of its own (named `Parent:Job`).
    logsOnly: true,
    flatJobs: true,
    noRollups: true,
    // An invoice's lines are written under the invoice (a failed line fails the invoice).
    partsUnderRecord: true,
    // The target knows a row exists (bulk update, not create) by the identity the engine notes.
    noteWritten: (w, targetId) =>
      identities.noteWritten({ connectionId: CONNECTION, object: w.object, key: w.externalId }, targetId, null),
    calls: () => h.sim.counters.calls,
    close: async () => {
      await store.close();
      await h.close();
    },
  };
}

for (const backend of testBackends())
  runTargetContract(`Dynamics (${backend.name} store)`, () => makeTarget(backend), KNOWN);
