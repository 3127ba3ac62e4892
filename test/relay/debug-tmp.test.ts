import { startInProcessRelay } from './in-process.ts';
it('debug', async () => {
  let t = Date.parse('2026-12-01T15:00:00Z');
  const r = await startInProcessRelay({ seed: 31, customers: 3, vendors: 1, items: 2, invoices: 2, bills: 0, payments: 0 }, { now: () => t });
  t += 900_000; await r.webConnector(); await r.settle();
  r.sim.org.store.insert(r.sim.org.objectOrThrow('Account'), { QuickBooks_Sync_Enabled__c: true, Name: 'Zoe' });
  t += 60_000; await r.relay.runtime.tick({ pollNow: true });
  t += 900_000; const rep = await r.webConnector();
  console.log(rep.status, rep.requests.map((x) => x.slice(0, 300)).slice(-4));
  for (let i = 0; i < 5; i++) await r.relay.runtime.tick();
  const db = r.relay.runtime.store.db;
  console.log(JSON.stringify(await db.query(`SELECT id, connection_id, target_connection_id, object, external_id, status, error_code, error_message, rank, run_id FROM outbox WHERE status IN ('pending','leased','failed')`), null, 1));
  console.log(JSON.stringify(await db.query(`SELECT id, connection_id, direction, outcome FROM sync_runs WHERE outcome = 'running'`)));
  console.log(JSON.stringify(await db.query(`SELECT id, system, connection_id, request_kind, status, error_message FROM inbox WHERE status <> 'processed'`)));
  console.log(r.logs.filter((l) => /qbwc|write|QuickBooks/.test(l)).slice(-12).join('\n'));
  await r.close();
});
