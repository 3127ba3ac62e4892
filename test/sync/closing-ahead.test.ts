/**
 * A run's closing (its run record and its connection's health) travels in the call of its last
 * writes, as the run will stand once they are confirmed, so it costs no call of its own. When the
 * writes turn out otherwise, the run is closed as it really ended and the report is sent again.
 */
import { runsRepo } from '../../relay/src/store/runs.ts';
import { testBackends } from '../qbwc/support/stores.ts';
import { startEngineHarness, type EngineHarness } from './engine-harness.ts';
import { smallCompany } from './small-company.ts';

const writeCalls = (h: EngineHarness) =>
  h.sf.sim.org.calls.filter((c) => c.method !== 'GET' && /\/composite(\/sobjects|$)/.test(c.path));

describe.each(testBackends().map((b) => [b.name, b] as const))(
  'a run closed with its last writes on %s',
  (_n, backend) => {
    let h: EngineHarness;
    afterEach(async () => {
      await h.close();
    });

    it('carries the run and connection records after the last writes, in their call: none after it', async () => {
      // Claims of a few writes: the run opens in the first call and closes in the last.
      h = await startEngineHarness(backend, { dispatchLimit: 10 });
      await h.receive('S1', { ...smallCompany() });
      await h.engine.drain({ waitForRetriesMs: 1000 });
      const calls = writeCalls(h).length;
      expect(calls).toBeGreaterThan(2);
      expect(
        writeCalls(h)
          .at(-1)!
          .subrequests!.slice(-2)
          .map((s) => s.split(' ')[1])
          .sort(),
      ).toEqual(['QuickBooks_Connection__c', 'QuickBooks_Sync_Run__c']);

      expect(await h.engine.finishRuns()).toBe(1);
      await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(writeCalls(h)).toHaveLength(calls);
      const [finished] = await h.store.db.query<{ id: string }>(`SELECT id FROM sync_runs`);
      const stored = (await runsRepo(h.store.db).get(finished!.id))!;
      expect(stored).toMatchObject({ outcome: 'succeeded', failed: 0 });
      const [run] = h.records('QuickBooks_Sync_Run__c');
      expect(run).toMatchObject({
        Outcome__c: 'Succeeded',
        Records_Read__c: 12,
        Records_Created__c: stored.created,
        Records_Updated__c: stored.updated,
        Records_Failed__c: 0,
        Summary__c: stored.summary,
      });
      expect(Date.parse(String(run!.Finished_At__c))).toBe(stored.finishedAt);
      expect(h.records('QuickBooks_Connection__c')).toEqual([
        expect.objectContaining({ Status__c: 'Healthy', Pending_Count__c: 0, Last_Run_Summary__c: stored.summary }),
      ]);
    });

    it('a write of that call failing: the run is closed as it ended, and its report sent again', async () => {
      h = await startEngineHarness(backend, { dispatchLimit: 10 });
      h.sf.sim.org.addValidationRule('Account', (r) => (r.Name === 'Kitchen' ? 'Kitchen is on hold' : undefined));
      await h.receive('S1', { ...smallCompany() });
      await h.engine.drain({ waitForRetriesMs: 1000 });
      expect(await h.engine.finishRuns()).toBe(1);
      await h.engine.drain({ waitForRetriesMs: 1000 });
      const [finished] = await h.store.db.query<{ id: string }>(`SELECT id FROM sync_runs`);
      const stored = (await runsRepo(h.store.db).get(finished!.id))!;
      expect(stored.outcome).toBe('completed_with_failures');
      expect(stored.failed).toBeGreaterThan(0);
      expect(h.records('QuickBooks_Sync_Run__c')).toEqual([
        expect.objectContaining({
          Outcome__c: 'Completed with Failures',
          Records_Failed__c: stored.failed,
          Summary__c: stored.summary,
        }),
      ]);
      expect(h.records('QuickBooks_Connection__c')).toEqual([
        expect.objectContaining({ Status__c: 'Degraded', Failed_Count__c: stored.failed, Pending_Count__c: 0 }),
      ]);
    });
  },
);
