/**
 * @module
 * Failure log in Chromium: rows, badges, filters, Replay for many, the pending state, the outcome,
 * empty and error.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import { PATCH } from './types.ts';
import type { BrowserCase } from './types.ts';

const component = 'syncFailureLog';

export const syncFailureLogCases: BrowserCase[] = [
  {
    name: 'sync-failure-log-populated',
    component,
    scenario: 'populated',
    async run({ page, host, screenshot }) {
      const table = host.locator('[data-id="logs"]');
      await table.waitFor();
      const logs = (await host.locator('[data-field="log"]').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(logs, ['LOG-0000001']);
      const first = host.locator('tr[data-log="LOG-0000001"]');
      assert.equal(await visibleText(first.locator('[data-field="status"]')), 'Failed');
      assert.match(
        await visibleText(first.locator('[data-field="error"]')),
        /Invoice INV-1007 is under audit and cannot be changed\. \(sf_validation\)/,
      );
      assert.equal(await visibleText(first.locator('[data-field="account"]')), 'Acme Hardware');
      assert.ok(await first.getByRole('button', { name: 'Replay LOG-0000001' }).isVisible(), 'the Replay button shows');
      await screenshot('sync-failure-log-populated');

      await host.getByLabel('Show', { exact: true }).selectOption('all');
      assert.equal(await host.locator('[data-field="log"]').count(), 2);
      await host.getByLabel('Object', { exact: true }).selectOption('Invoice');
      assert.equal(await host.locator('[data-field="log"]').count(), 1);
      await host.getByLabel('Object', { exact: true }).selectOption('all');

      await host.getByRole('checkbox', { name: 'Select LOG-0000001' }).check();
      await host.getByRole('checkbox', { name: 'Select LOG-0000002' }).check();
      await host.getByRole('button', { name: 'Replay selected (2)' }).click();
      await host.getByText('Replay requested for 2 record(s).').waitFor();
      const pending = host.locator('tr[data-log="LOG-0000001"] [data-field="outcome"]');
      assert.equal(await visibleText(pending), 'Replay requested; waiting for the relay.');
      assert.ok(
        await host.getByRole('button', { name: 'Replay LOG-0000001' }).isDisabled(),
        'pending replay cannot be repeated',
      );
      await screenshot('sync-failure-log-replay-pending');

      // What the relay writes on a log it replayed successfully.
      await page.evaluate(PATCH, {
        id: 'a068d0000000001AAA',
        values: { Replay_Requested__c: false, Status__c: 'Resolved', Replay_Result__c: 'Written to Salesforce.' },
      });
      const outcome = host.locator('tr[data-log="LOG-0000001"] [data-field="outcome"]');
      assert.equal(await visibleText(outcome), 'Written to Salesforce.');
      assert.equal(await visibleText(host.locator('tr[data-log="LOG-0000001"] [data-field="status"]')), 'Resolved');
      await screenshot('sync-failure-log-replay-outcome');
    },
  },
  {
    name: 'sync-failure-log-empty',
    component,
    scenario: 'empty',
    async run({ host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="empty"]')), /Nothing has failed\./);
      await screenshot('sync-failure-log-empty');
    },
  },
  {
    name: 'sync-failure-log-error',
    component,
    scenario: 'error',
    async run({ host, screenshot }) {
      await host.locator('[role="alert"]').waitFor();
      assert.match(
        await visibleText(host.locator('[role="alert"]')),
        /Insufficient privileges on QuickBooks Sync Log\./,
      );
      await screenshot('sync-failure-log-error');
    },
  },
];
