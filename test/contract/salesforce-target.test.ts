/**
 * The Salesforce target keeps the target contract, writing over HTTP (jsforce, REST and Bulk) to
 * the simulated org with the package's objects, as the sync tests do (test/sync/engine-harness.ts).
 */
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';
import { createSalesforceTarget } from '../../relay/src/systems/salesforce/target.ts';
import { startHarness } from '../simulators/salesforce/harness.ts';
import { runTargetContract } from './target-contract.ts';

runTargetContract('Salesforce', async () => {
  const sf = await startHarness({ client: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 } } });
  // Opportunities price their lines from the standard price book, as every org has one.
  const pricebook = sf.sim.org.objectOrThrow('Pricebook2');
  sf.sim.org.store.insert(pricebook, { Name: 'Standard Price Book', IsStandard: true, IsActive: true });
  return {
    target: createSalesforceTarget(sf.sf),
    reporter: createSalesforceReporter('salesforce'),
    // Journal entries flow the other way (Salesforce Orders become QuickBooks entries).
    unmirrored: ['journalEntry', 'order'],
    edition: 'Desktop',
    calls: () => sf.sim.org.calls.length,
    close: () => sf.close(),
  };
});
