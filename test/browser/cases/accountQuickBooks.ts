/**
 * @module
 * The Account's QuickBooks panel in Chromium: a customer with sync on (its company linked), an
 * Account QuickBooks does not know turned on from the keyboard (saving, then saved, said politely),
 * and a save refused (the reason in an alert, the toggle back off).
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import type { BrowserCase } from './types.ts';

const component = 'accountQuickBooks';
const TOGGLE = { name: /Sync to QuickBooks/ };

export const accountQuickBooksCases: BrowserCase[] = [
  {
    name: 'account-quickbooks-populated',
    component,
    scenario: 'populated',
    async run({ host, page, screenshot }) {
      await host.locator('[data-id="customer"]').waitFor();
      assert.equal(await visibleText(host.locator('[data-id="customer"]')), 'Northwind Traders (1)');
      assert.ok(await page.getByRole('link', { name: 'Open QuickBooks company Sandbox Company_US_1' }).isVisible());
      assert.equal(await visibleText(host.locator('[data-id="sync-status"]')), 'Synced');
      assert.equal(await host.getByRole('switch', TOGGLE).isChecked(), true);
      await screenshot('account-quickbooks-populated');
    },
  },
  {
    name: 'account-quickbooks-not-synced',
    component,
    scenario: 'notSynced',
    async run({ host, screenshot }) {
      await host.locator('[data-id="not-linked"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="not-linked"]')), /has no QuickBooks customer/);
      await screenshot('account-quickbooks-not-synced');
      const toggle = host.getByRole('switch', TOGGLE);
      await toggle.focus();
      await toggle.press('Space');
      const status = host.locator('[data-id="save-status"]');
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      await host.getByText('Saved. Ledgerbridge sends this Account to QuickBooks on its next pass.').waitFor();
      assert.equal(await toggle.isChecked(), true);
      assert.match(await visibleText(host.locator('[data-id="not-linked"]')), /creates its customer on its next pass/);
      await screenshot('account-quickbooks-saved');
    },
  },
  {
    name: 'account-quickbooks-save-error',
    component,
    scenario: 'saveError',
    async run({ host, screenshot }) {
      const toggle = host.getByRole('switch', TOGGLE);
      await toggle.waitFor();
      await toggle.focus();
      await toggle.press('Space');
      const alert = host.locator('[data-id="save-error"]');
      await alert.waitFor();
      assert.equal(await alert.getAttribute('role'), 'alert');
      assert.match(
        await visibleText(alert),
        /Sync to QuickBooks was not changed\.\s*You do not have access to the field Sync to QuickBooks\./,
      );
      assert.equal(await toggle.isChecked(), false);
      await screenshot('account-quickbooks-save-error');
    },
  },
];
