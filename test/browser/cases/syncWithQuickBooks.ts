/**
 * @module
 * Sync with QuickBooks in Chromium: request, the states as the relay moves it, the one-minute
 * explanations, failure, create error and close.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import { PATCH } from './types.ts';
import type { BrowserCase } from './types.ts';

const component = 'syncWithQuickBooks';
const REQUEST_ID = 'a078d0000000001AAA';

export const syncWithQuickBooksCases: BrowserCase[] = [
  {
    name: 'sync-with-quickbooks-flow',
    component,
    scenario: 'populated',
    viewport: { width: 900, height: 700 },
    async run({ page, host, screenshot }) {
      await host.getByText('Ask the relay to bring Acme Hardware up to date').waitFor();
      await screenshot('sync-with-quickbooks-ready');
      await host.getByRole('button', { name: 'Request sync' }).click();
      await host.getByText('Sync request REQ-0000001 created.').waitFor();
      const live = host.locator('c-sync-request-status [role="status"]');
      assert.equal(await live.getAttribute('aria-live'), 'polite');
      assert.match(await visibleText(live), /Requested/);

      await page.evaluate(PATCH, {
        id: REQUEST_ID,
        values: { Status__c: 'In Progress', Picked_Up_At__c: '2026-03-15T18:00:05.000Z' },
      });
      await host.locator('c-sync-request-status li[aria-current="step"]', { hasText: 'In Progress' }).waitFor();
      assert.match(await visibleText(live), /In Progress/);
      await screenshot('sync-with-quickbooks-in-progress');

      await page.evaluate(PATCH, {
        id: REQUEST_ID,
        values: {
          Status__c: 'Completed',
          Result__c: 'Synced Acme Hardware: customer updated, 3 invoices and 1 payment read, nothing failed.',
        },
      });
      await host.locator('[data-id="result"]').waitFor();
      assert.match(await visibleText(live), /Completed/);
      assert.match(await visibleText(host.locator('[data-id="result"]')), /3 invoices and 1 payment read/);
      await screenshot('sync-with-quickbooks-completed');
    },
  },
  {
    name: 'sync-with-quickbooks-not-picked-up-desktop',
    component,
    scenario: 'populated',
    viewport: { width: 900, height: 700 },
    async run({ page, host, screenshot }) {
      await host.getByRole('button', { name: 'Request sync' }).click();
      await host.getByText('Sync request REQ-0000001 created.').waitFor();
      assert.equal(await host.locator('[data-id="notice"]').count(), 0);
      await page.clock.runFor(65_000);
      const notice = host.locator('[data-id="notice"]');
      await notice.waitFor();
      assert.match(await visibleText(notice), /the next Web Connector run fulfils it/);
      await screenshot('sync-with-quickbooks-not-picked-up-desktop');
    },
  },
  {
    name: 'sync-with-quickbooks-not-picked-up-online',
    component,
    scenario: 'online',
    viewport: { width: 900, height: 700 },
    async run({ page, host }) {
      await host.getByRole('button', { name: 'Request sync' }).click();
      await host.getByText('Sync request REQ-0000001 created.').waitFor();
      await page.clock.runFor(65_000);
      const notice = host.locator('[data-id="notice"]');
      await notice.waitFor();
      assert.match(await visibleText(notice), /has not picked this request up within a minute/);
    },
  },
  {
    name: 'sync-with-quickbooks-failed',
    component,
    scenario: 'populated',
    viewport: { width: 900, height: 700 },
    async run({ page, host, screenshot }) {
      await host.getByRole('button', { name: 'Request sync' }).click();
      await host.getByText('Sync request REQ-0000001 created.').waitFor();
      await page.evaluate(PATCH, {
        id: REQUEST_ID,
        values: {
          Status__c: 'Failed',
          Result__c:
            'QuickBooks refused the customer: the name "Acme Hardware" is already used by a vendor (QuickBooks error 3100).',
        },
      });
      const result = host.locator('[data-id="result"] p');
      await result.waitFor();
      assert.match(await visibleText(result), /already used by a vendor/);
      assert.match((await result.getAttribute('class')) ?? '', /slds-text-color_error/);
      await screenshot('sync-with-quickbooks-failed');
    },
  },
  {
    name: 'sync-with-quickbooks-error',
    component,
    scenario: 'error',
    viewport: { width: 900, height: 700 },
    async run({ page, host, screenshot }) {
      await host.getByRole('button', { name: 'Request sync' }).click();
      const alert = host.locator('[role="alert"]');
      await alert.waitFor();
      assert.match(await visibleText(alert), /You do not have permission to create QuickBooks Sync Requests\./);
      await screenshot('sync-with-quickbooks-error');
      await host.getByRole('button', { name: 'Close' }).click();
      await page.locator('#root[data-closed="true"]').waitFor();
    },
  },
];
