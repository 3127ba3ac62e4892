/**
 * @module
 * Push to QuickBooks in Chromium: a won deal pushed (when it lands, the request answered within
 * moments, Completed), the Desktop wording, a deal not won and one already invoiced refused, a
 * create error, and close — by keyboard where a rep would use it.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import { PATCH } from './types.ts';
import type { BrowserCase } from './types.ts';

const component = 'pushToQuickBooks';
const REQUEST_ID = 'a078d0000000001AAA';

export const pushToQuickBooksCases: BrowserCase[] = [
  {
    name: 'push-to-quickbooks-flow',
    component,
    scenario: 'populated',
    viewport: { width: 900, height: 700 },
    async run({ page, host, screenshot }) {
      await host.getByText('Send Northwind training to QuickBooks now').waitFor();
      assert.match(await visibleText(host.locator('[data-id="when"]')), /QuickBooks Online within moments/);
      await screenshot('push-to-quickbooks-ready');
      const push = host.getByRole('button', { name: 'Push to QuickBooks' });
      await push.focus();
      await page.keyboard.press('Enter');
      await host.getByText('Push request REQ-0000001 created.').waitFor();
      const live = host.locator('c-sync-request-status [role="status"]');
      assert.equal(await live.getAttribute('aria-live'), 'polite');
      assert.match(await visibleText(live), /Requested/);

      await page.evaluate(PATCH, {
        id: REQUEST_ID,
        values: {
          Status__c: 'In Progress',
          Picked_Up_At__c: '2026-03-15T17:00:05.000Z',
          Result__c: 'Sending “Northwind training” to QuickBooks now: it is there within moments.',
        },
      });
      await host.locator('c-sync-request-status li[aria-current="step"]', { hasText: 'In Progress' }).waitFor();
      assert.match(await visibleText(host.locator('[data-id="result"]')), /within moments/);
      await screenshot('push-to-quickbooks-in-progress');

      await page.evaluate(PATCH, {
        id: REQUEST_ID,
        values: {
          Status__c: 'Completed',
          Result__c:
            'In QuickBooks: the deal was written there, and its QuickBooks id comes back onto the Opportunity.',
        },
      });
      await host.locator('c-sync-request-status li', { hasText: 'Completed' }).first().waitFor();
      assert.match(await visibleText(live), /Completed/);
      assert.match(await visibleText(host.locator('[data-id="result"]')), /the deal was written there/);
      await screenshot('push-to-quickbooks-completed');
    },
  },
  {
    name: 'push-to-quickbooks-desktop',
    component,
    scenario: 'desktop',
    viewport: { width: 900, height: 700 },
    async run({ host, screenshot }) {
      const when = host.locator('[data-id="when"]');
      await when.waitFor();
      assert.match(await visibleText(when), /QuickBooks Desktop at the next Web Connector run/);
      await screenshot('push-to-quickbooks-desktop');
    },
  },
  {
    name: 'push-to-quickbooks-not-won',
    component,
    scenario: 'notWon',
    viewport: { width: 900, height: 700 },
    async run({ host, screenshot }) {
      const reason = host.locator('[data-id="reason"]');
      await reason.waitFor();
      assert.match(await visibleText(reason), /Northwind renewal is at Prospecting: only won deals/);
      assert.equal(await host.getByRole('button', { name: 'Push to QuickBooks' }).count(), 0);
      await screenshot('push-to-quickbooks-not-won');
    },
  },
  {
    name: 'push-to-quickbooks-invoiced',
    component,
    scenario: 'invoiced',
    viewport: { width: 900, height: 700 },
    async run({ host, screenshot }) {
      const reason = host.locator('[data-id="reason"]');
      await reason.waitFor();
      assert.match(await visibleText(reason), /already in QuickBooks as invoice 1001/);
      await screenshot('push-to-quickbooks-invoiced');
    },
  },
  {
    name: 'push-to-quickbooks-error',
    component,
    scenario: 'error',
    viewport: { width: 900, height: 700 },
    async run({ page, host, screenshot }) {
      await host.getByRole('button', { name: 'Push to QuickBooks' }).click();
      const alert = host.locator('[role="alert"]');
      await alert.waitFor();
      assert.match(await visibleText(alert), /You do not have permission to create QuickBooks Sync Requests\./);
      await screenshot('push-to-quickbooks-error');
      await host.getByRole('button', { name: 'Close' }).click();
      await page.locator('#root[data-closed="true"]').waitFor();
    },
  },
];
