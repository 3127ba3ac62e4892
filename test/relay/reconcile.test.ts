/**
 * `ledgerbridge reconcile` over real sockets, QuickBooks Desktop (Web Connector) ⇄ Salesforce: the
 * command asks, the next Web Connector session reads the figures (a light read), the relay compares
 * them with the org's mirrors and the command prints the table. A clean pair agrees; then an invoice
 * payment's mirror is deleted in the org, an invoice's amount edited there, a payment is entered on a PC whose
 * clock was a day behind (so the incremental read never sees it) and an edit waits behind a
 * record Salesforce keeps locked: each is found with its reason, `--repair` fixes the first three through the
 * outbox, and the pair agrees again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../relay/src/config.ts';
import { runReconcile } from '../../relay/src/reconcile/command.ts';
import type { Store } from '../../relay/src/store/index.ts';
import { testBackends, type TestBackend } from '../qbwc/support/stores.ts';
import { startInProcessRelay, type InProcessRelay } from './in-process.ts';

describe.each(testBackends().map((b): [string, TestBackend] => [b.name, b]))(
  'ledgerbridge reconcile, QuickBooks Desktop ⇄ Salesforce (%s store)',
  (_n, backend) => {
    let r: InProcessRelay;
    let store: Store | undefined;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-reconcile-'));
    const config = loadConfig({ LEDGERBRIDGE_DATA_DIR: dataDir });

    /** The command, with a Web Connector session (and the relay's rounds) running while it waits. */
    async function reconcile(args: string[] = []): Promise<{ status: number; text: string }> {
      let text = '';
      const command = runReconcile(args, config, (s) => (text += s), {
        store: r.relay.runtime.store,
        pollMs: 20,
      });
      let done = false;
      void command.finally(() => (done = true));
      const session = await r.webConnector();
      if (session.status !== 'completed') throw new Error(`Web Connector run: ${session.status} ${session.message}`);
      // The relay's rounds, until it has compared (a write may be held back by the org meanwhile).
      for (let i = 0; i < 300 && !done; i++) {
        await r.relay.runtime.tick();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { status: await command, text };
    }

    beforeAll(async () => {
      store = backend.name === 'embedded' ? undefined : await backend.open();
      r = await startInProcessRelay(
        { seed: 7, customers: 10, vendors: 2, items: 4, invoices: 24, payments: 6 },
        store ? { store } : {},
      );
      const first = await r.webConnector();
      if (first.status !== 'completed') throw new Error(`first Web Connector run: ${first.status} ${first.message}`);
      await r.settle();
    });
    afterAll(async () => {
      await r.close();
      await store?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('reports a clean pair in agreement, with the light read the session made and the calls it cost', async () => {
      const { status, text } = await reconcile();
      expect(text).toMatch(/asked the next QuickBooks Desktop session for its figures/);
      expect(text).toMatch(/In agreement: every record and total matches to the cent\./);
      expect(text).toMatch(/invoices\s+24\s+24/);
      expect(text).toMatch(/payments\s+\d+\s+\d+/);
      expect(text).toMatch(/Salesforce API calls spent: 3 \(0\.0030% of its daily allowance of 100000\)\./);
      expect(status).toBe(0);
      const connection = r.sim.org.records('QuickBooks_Connection__c')[0]!;
      expect(String(connection.Reconciliation_Result__c)).toMatch(/^In agreement as of /);
      expect(connection.Reconciliation_Differences__c).toBe(0);
    });

    it('finds a deleted mirror, an edited amount, a payment never read and a pending write, each with its reason; --repair fixes the first three', async () => {
      const org = r.sim.org;
      const deleted = org.records('QuickBooks_Payment__c')[0]!;
      const edited = org.records('QuickBooks_Invoice__c')[1]!;
      org.store.remove(org.objectOrThrow('QuickBooks_Payment__c'), String(deleted.Id));
      org.store.update(org.objectOrThrow('QuickBooks_Invoice__c'), String(edited.Id), { Total_Amount__c: 1 });

      // A payment entered on a PC whose clock was a day behind: modified before the relay's cursor.
      const payments = r.company.list('payment');
      const model = payments[0]!;
      const missed = {
        ...model,
        txnId: `${model.txnId.split('-')[0]}9-1071599999`,
        refNumber: 'LATE-1',
        timeModified: '2024-02-01T09:00:00',
        timeCreated: '2024-02-01T09:00:00',
      };
      r.company.state.tables.payment.set(missed.txnId, missed);

      // An invoice edited in QuickBooks whose write waits: Salesforce keeps the record locked.
      const waiting = r.company.list('invoice')[5]!;
      r.company.edit('invoice', waiting.txnId, { dueDate: '2024-06-28' });
      const waitingKey = r.sim.org
        .records('QuickBooks_Invoice__c')
        .map((i) => String(i.QuickBooks_Invoice_Id__c))
        .find((k) => k.endsWith(`:${waiting.txnId}`))!;
      r.sim.org.faults.inject({ kind: 'row_lock', externalIds: [waitingKey], times: 1000 });

      const found = await reconcile(['--repair']);
      r.sim.org.faults.clear();
      expect(found.status).toBe(1);
      const line = (key: string) => found.text.split('\n').findIndex((l) => l.includes(`(${key})`));
      const why = (key: string) => found.text.split('\n')[line(key) + 1] ?? '';
      const keyOf = (x: Record<string, unknown>) =>
        String(x.QuickBooks_Invoice_Id__c ?? x.QuickBooks_Payment_Id__c).split(':')[1]!;
      expect(found.text.split('\n')[line(keyOf(deleted))]).toMatch(/missing in Salesforce/);
      expect(why(keyOf(deleted))).toMatch(/Deleted in Salesforce after the relay wrote it/);
      expect(found.text.split('\n')[line(keyOf(edited))]).toMatch(
        /amount: QuickBooks Desktop [\d.]+, Salesforce 1\.00 \(off by -/,
      );
      expect(why(keyOf(edited))).toMatch(/Changed in Salesforce after the relay wrote it/);
      expect(why(missed.txnId)).toMatch(/QuickBooks Desktop has it, but it never reached the relay/);
      expect(why(waiting.txnId)).toMatch(/A write of it is on its way to Salesforce/);
      expect(found.text).toMatch(/Repair: 3 record\(s\) are read again from QuickBooks Desktop/);
      expect(String(r.sim.org.records('QuickBooks_Connection__c')[0]!.Reconciliation_Result__c)).toMatch(
        /^\d+ difference\(s\) as of .*: .*1 deleted in Salesforce/,
      );

      // The repair's session re-reads those customers and sends what differs; then they agree.
      await r.settle();
      const repaired = await r.webConnector();
      expect(repaired.requests.some((x) => x.includes('<CustomerQueryRq requestID="targeted-'))).toBe(true);
      await r.settle();
      const again = await reconcile();
      expect(again.text).toMatch(/In agreement/);
      expect(again.status).toBe(0);
      const mirror = (id: string) =>
        r.sim.org.records('QuickBooks_Payment__c').filter((p) => String(p.QuickBooks_Payment_Id__c).endsWith(`:${id}`));
      expect(mirror(missed.txnId)).toHaveLength(1);
    });
  },
);
