import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PG_SKIP_MESSAGE, postgresEnabled, testBackends } from '../qbwc/support/stores.ts';
import { startHarness, TEST_CLIENT_ID, TEST_SECRET } from '../simulators/salesforce/harness.ts';
import { invoicePages, smallCompany } from './small-company.ts';

const worker = path.join(import.meta.dirname, 'support', 'worker.ts');

function runWorker(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', worker], {
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

// Without TEST_DATABASE_URL these show in Jest's summary as skipped, with how to enable them.
const pgOnly = postgresEnabled ? describe : describe.skip;

pgOnly(`two relay processes sharing PostgreSQL${postgresEnabled ? '' : ` (${PG_SKIP_MESSAGE})`}`, () => {
  it('never process the same payload or write the same record twice', async () => {
    const backend = testBackends().find((b) => b.name === 'postgres')!;
    const store = await backend.open();
    const sf = await startHarness();
    try {
      await store.connections.upsert({
        id: 'acme',
        qbwcUsername: 'acme',
        passwordHash: 'x',
        ownerId: '{O}',
        fileId: '{F}',
      });
      const company = smallCompany([]);
      const pages = [company.accounts, company.items, company.customers, ...invoicePages(240, 20)];
      for (const [n, payload] of pages.entries()) {
        await store.inbox.add({
          id: randomUUID(),
          connectionId: 'acme',
          sessionId: 'S1',
          requestKind: `page-${n}`,
          requestId: String(n),
          payload,
        });
      }
      const schema = (await store.db.query<{ s: string }>('SELECT current_schema() AS s'))[0]!.s;
      const env = {
        PG_URL: process.env.TEST_DATABASE_URL!,
        PG_SCHEMA: schema,
        SF_URL: sf.sim.url,
        SF_CLIENT_ID: TEST_CLIENT_ID,
        SF_CLIENT_SECRET: TEST_SECRET,
        START_AT: String(Date.now() + 2000),
      };
      const [a, b] = await Promise.all([runWorker({ ...env, WORKER: 'A' }), runWorker({ ...env, WORKER: 'B' })]);
      expect([a.code, b.code, a.err, b.err]).toEqual([0, 0, '', '']);
      const sa = JSON.parse(a.out) as { ingested: { payloads: number }; dispatched: { sent: number; failed: number } };
      const sb = JSON.parse(b.out) as typeof sa;
      // Every payload was processed by exactly one of them, and both did work.
      expect(sa.ingested.payloads + sb.ingested.payloads).toBe(pages.length);
      expect(Math.min(sa.ingested.payloads, sb.ingested.payloads)).toBeGreaterThan(0);
      expect(sa.dispatched.failed + sb.dispatched.failed).toBe(0);
      expect(await store.inbox.list('acme', { status: 'pending' })).toEqual([]);

      // Every record landed once: no duplicates, and no record written twice.
      const invoices = sf.sim.org.records('QuickBooks_Invoice__c');
      expect(invoices).toHaveLength(240);
      expect(new Set(invoices.map((i) => i.QuickBooks_Invoice_Id__c)).size).toBe(240);
      const twice = invoices.filter((i) => sf.sim.org.store.writeCount(i.Id as string) !== 1);
      expect(twice).toEqual([]);
      expect(sf.sim.org.records('QuickBooks_Invoice_Line__c')).toHaveLength(480);
      // Roll-ups computed by two processes still add up: every odd invoice owes 521.00.
      for (const [c, k] of [
        ['C-1', 0],
        ['C-2', 1],
        ['C-3', 2],
      ] as const) {
        const owing = Array.from({ length: 240 }, (_, n) => n).filter((n) => n % 3 === k && n % 2 === 1).length;
        const account = sf.sim.org.records('Account').find((a) => a.QuickBooks_Customer_Id__c === `acme:${c}`)!;
        expect(Number(account.QuickBooks_Open_Balance__c).toFixed(2)).toBe((owing * 521).toFixed(2));
      }
      const [row] = await store.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE status <> 'done'`);
      expect(Number(row?.n)).toBe(0);
      const dup = await store.db.query(
        `SELECT target_object, target_external_id FROM audit_log WHERE outcome = 'succeeded' AND target_object = 'QuickBooks_Invoice__c'
         GROUP BY target_object, target_external_id HAVING COUNT(*) > 1`,
      );
      expect(dup).toEqual([]);
    } finally {
      await sf.close();
      await store.close();
    }
  }, 120_000);
});
