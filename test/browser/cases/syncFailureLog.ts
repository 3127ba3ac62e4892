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
      assert.deepEqual(logs, ['LOG-0000101', 'LOG-0000102', 'LOG-0000103']);
      const first = host.locator('tr[data-log="LOG-0000101"]');
      assert.equal(await visibleText(first.locator('[data-field="status"]')), 'Failed');
      assert.match(
        await visibleText(first.locator('[data-field="error"]')),
        /"Widget XL" does not exist in QuickBooks\. \(3140\)/,
      );
      assert.equal(await visibleText(first.locator('[data-field="account"]')), 'Acme Hardware');
      assert.ok(await first.getByRole('button', { name: 'Replay LOG-0000101' }).isVisible(), 'the Replay button shows');
      await screenshot('sync-failure-log-populated');

      await host.getByLabel('Show', { exact: true }).selectOption('all');
      assert.equal(await host.locator('[data-field="log"]').count(), 5);
      await host.getByLabel('Object', { exact: true }).selectOption('Invoice');
      assert.equal(await host.locator('[data-field="log"]').count(), 2);
      await host.getByLabel('Object', { exact: true }).selectOption('all');
      await host.getByLabel('Show', { exact: true }).selectOption('needs_attention');

      await host.getByRole('checkbox', { name: 'Select LOG-0000101' }).check();
      await host.getByRole('checkbox', { name: 'Select LOG-0000102' }).check();
      await host.getByRole('button', { name: 'Replay selected (2)' }).click();
      await host.getByText('Replay requested for 2 record(s).').waitFor();
      const pending = host.locator('tr[data-log="LOG-0000102"] [data-field="outcome"]');
      assert.equal(await visibleText(pending), 'Replay requested; waiting for the relay.');
      assert.ok(
        await host.getByRole('button', { name: 'Replay LOG-0000102' }).isDisabled(),
        'pending replay cannot be repeated',
      );
      await screenshot('sync-failure-log-replay-pending');

      await page.evaluate(PATCH, {
        id: 'a0L000000000002AAA',
        values: {
          Replay_Requested__c: false,
          Status__c: 'Replayed',
          Replay_Result__c: 'Replayed: customer renamed to "Bluebird Cafe (C)" and saved.',
        },
      });
      await host.getByLabel('Show', { exact: true }).selectOption('all');
      const outcome = host.locator('tr[data-log="LOG-0000102"] [data-field="outcome"]');
      assert.match(await visibleText(outcome), /renamed to "Bluebird Cafe \(C\)"/);
      assert.equal(await visibleText(host.locator('tr[data-log="LOG-0000102"] [data-field="status"]')), 'Replayed');
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
