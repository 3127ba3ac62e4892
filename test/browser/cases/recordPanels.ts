/**
 * @module
 * The Opportunity and Order QuickBooks panels in Chromium: the invoice a deal became, queued for the
 * Web Connector, failed with its reason and log link, not sent, and an error; an order booked,
 * reversed, changed (its history: booked again, the reversal, the first entry), queued, failed,
 * not taken, and an error.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import { BACKGROUND } from './types.ts';
import type { BrowserCase } from './types.ts';

const deal = 'opportunityQuickBooks';
const order = 'orderJournalEntry';

/** A case that waits for one element, checks its text and saves a screenshot under its own name. */
function says(name: string, component: string, scenario: string, id: string, expected: RegExp): BrowserCase {
  return {
    name,
    component,
    scenario,
    async run({ host, screenshot }) {
      const node = host.locator(`[data-id="${id}"]`);
      await node.waitFor();
      assert.match(await visibleText(node), expected);
      await screenshot(name);
    },
  };
}

export const recordPanelCases: BrowserCase[] = [
  {
    name: 'opportunity-quickbooks-synced',
    component: deal,
    scenario: 'populated',
    async run({ host, page, screenshot }) {
      await host.locator('[data-id="invoice"]').waitFor();
      const link = page.getByRole('link', { name: 'Open QuickBooks invoice 1001' });
      assert.equal(await visibleText(link), '1001');
      assert.equal(await visibleText(host.locator('[data-id="total"]')), '$2,501.00');
      assert.equal(await visibleText(host.locator('[data-id="balance"]')), '$2,501.00');
      assert.equal(await visibleText(host.locator('[data-id="due-date"]')), 'Apr 14, 2026');
      assert.equal(await visibleText(host.locator('[data-id="sync-status"]')), 'Synced');
      await link.focus();
      assert.equal(
        await link.evaluate((a) => a === (a.getRootNode() as unknown as { activeElement: unknown }).activeElement),
        true,
      );
      await screenshot('opportunity-quickbooks-synced');
    },
  },
  says(
    'opportunity-quickbooks-queued',
    deal,
    'queued',
    'queued',
    /^Queued: it goes to QuickBooks Desktop at the next Web Connector run\.$/,
  ),
  {
    name: 'opportunity-quickbooks-failed',
    component: deal,
    scenario: 'failed',
    async run({ host, page, screenshot }) {
      await host.locator('[data-id="failed"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="reason"]')), /no QuickBooks Online item/);
      assert.ok(await page.getByRole('link', { name: 'Open sync log LOG-0000003' }).isVisible());
      const badge = host.locator('[data-id="sync-status"] .slds-badge');
      assert.equal(await visibleText(badge), 'Not Synced');
      await screenshot('opportunity-quickbooks-failed');
    },
  },
  says('opportunity-quickbooks-not-sent', deal, 'empty', 'not-sent', /the deal is at Prospecting/),
  says(
    'opportunity-quickbooks-error',
    deal,
    'error',
    'error',
    /could not be loaded\..*Ledgerbridge User permission set/,
  ),
  {
    name: 'order-journal-entry-booked',
    component: order,
    scenario: 'populated',
    async run({ host, screenshot }) {
      await host.locator('[data-id="booked"]').waitFor();
      assert.equal(await visibleText(host.locator('[data-id="entry"]')), '1');
      assert.equal(
        await visibleText(host.locator('[data-id="booked"]')),
        'Booked in QuickBooks Online as journal entry 1.',
      );
      const badge = host.locator('[data-id="sync-status"] .slds-badge');
      assert.match((await badge.getAttribute('class')) ?? '', /slds-theme_success/);
      assert.notEqual(await badge.evaluate(BACKGROUND), 'rgba(0, 0, 0, 0)');
      await screenshot('order-journal-entry-booked');
    },
  },
  says('order-journal-entry-reversed', order, 'reversed', 'reversed', /cancelled, and journal entry 3/),
  {
    name: 'order-journal-entry-history',
    component: order,
    scenario: 'changed',
    async run({ host, page, screenshot }) {
      const list = page.getByRole('list', { name: 'Journal entries in QuickBooks Online' });
      await list.waitFor();
      const rows = host.locator('[data-id="history-title"]');
      assert.deepEqual(await rows.allInnerTexts(), [
        'Booked as journal entry 6',
        'Journal entry 5 reverses entry 4',
        'Booked as journal entry 4',
      ]);
      assert.match(
        await visibleText(host.locator('[data-id="history-message"]').nth(1)),
        /^Journal entry 4 reversed by entry 5: the Order changed\.$/,
      );
      await screenshot('order-journal-entry-history');
    },
  },
  says('order-journal-entry-queued', order, 'queued', 'queued', /within moments/),
  {
    name: 'order-journal-entry-failed',
    component: order,
    scenario: 'failed',
    async run({ host, page, screenshot }) {
      await host.locator('[data-id="failed"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="reason"]')), /department "East"/);
      assert.ok(await page.getByRole('link', { name: 'Open sync log LOG-0000005' }).isVisible());
      assert.match(await visibleText(host.locator('[data-id="history-empty"]')), /No journal entry has been booked/);
      await screenshot('order-journal-entry-failed');
    },
  },
  says('order-journal-entry-not-taken', order, 'empty', 'not-taken', /the order is Draft/),
  says('order-journal-entry-error', order, 'error', 'error', /Insufficient privileges on QuickBooks Sync Log\./),
];
