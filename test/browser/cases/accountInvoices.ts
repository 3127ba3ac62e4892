/**
 * @module
 * Account invoices panel in Chromium: totals, aging buckets, badges, sorting, locale, empty, error.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import { BACKGROUND } from './types.ts';
import type { BrowserCase } from './types.ts';

const component = 'accountInvoices';

export const accountInvoicesCases: BrowserCase[] = [
  {
    name: 'account-invoices-populated',
    component,
    scenario: 'populated',
    async run({ host, screenshot }) {
      await host.locator('[data-id="invoices"]').waitFor();
      assert.equal(await visibleText(host.locator('[data-id="open-balance"]')), '$6,895.25');
      assert.equal(await visibleText(host.locator('[data-id="overdue"]')), '$3,820.00');
      const buckets: Record<string, string> = {};
      for (const cell of await host.locator('[data-id="aging"] td').all()) {
        buckets[(await cell.getAttribute('data-bucket')) as string] = await visibleText(cell);
      }
      assert.deepEqual(buckets, {
        current: '$3,125.25',
        days1to30: '$450.00',
        days31to60: '$1,500.00',
        days61to90: '$1,250.00',
        over90: '$620.00',
      });
      const aging = await visibleText(host.locator('[data-id="aging"] thead'));
      assert.match(aging, /Current.*1–30 days.*31–60 days.*61–90 days.*Over 90 days/i);
      const badges = await host.locator('[data-field="status"] .slds-badge').allInnerTexts();
      assert.deepEqual(
        badges.map((b) => b.trim()),
        ['Paid', 'Voided', 'Overdue', 'Overdue', 'Overdue', 'Overdue', 'Open', 'Partially Paid', 'Open'],
      );
      const overdue = host.locator('[data-row="INV-1004"] [data-field="status"] .slds-badge');
      assert.match((await overdue.getAttribute('class')) ?? '', /slds-theme_error/);
      assert.notEqual(
        await overdue.evaluate(BACKGROUND),
        await host.locator('[data-row="INV-1001"] [data-field="status"] .slds-badge').evaluate(BACKGROUND),
      );
      assert.equal(await visibleText(host.locator('[data-row="INV-1002"] [data-field="balance"]')), '$800.25');
      await host.locator('button[data-key="balanceCents"]').click();
      await host.locator('button[data-key="balanceCents"]').click();
      assert.equal(await host.locator('th[aria-sort="descending"]').count(), 1);
      assert.equal(await visibleText(host.locator('[data-field="number"]').first()), 'INV-1001');
      await screenshot('account-invoices-populated');
    },
  },
  {
    name: 'account-invoices-de-DE',
    component,
    scenario: 'populated',
    query: { locale: 'de-DE' },
    async run({ host, screenshot }) {
      await host.locator('[data-id="invoices"]').waitFor();
      assert.equal(await visibleText(host.locator('[data-id="open-balance"]')), '6.895,25 $');
      assert.equal(await visibleText(host.locator('[data-row="INV-1002"] [data-field="dueDate"]')), '04.04.2026');
      await screenshot('account-invoices-de-DE');
    },
  },
  {
    name: 'account-invoices-empty',
    component,
    scenario: 'empty',
    async run({ host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      assert.equal(
        await visibleText(host.locator('[data-id="empty"]')),
        'No QuickBooks invoices for this account yet.',
      );
      assert.equal(await visibleText(host.locator('[data-id="aging-none"]')), 'Nothing is open.');
      assert.equal(await visibleText(host.locator('[data-id="open-balance"]')), '$0.00');
      await screenshot('account-invoices-empty');
    },
  },
  {
    name: 'account-invoices-error',
    component,
    scenario: 'error',
    async run({ host, screenshot }) {
      const alert = host.locator('[role="alert"]');
      await alert.waitFor();
      const text = await visibleText(alert);
      assert.match(text, /The QuickBooks invoices could not be loaded\./);
      assert.match(text, /Ledgerbridge User permission set/);
      await screenshot('account-invoices-error');
    },
  },
];
