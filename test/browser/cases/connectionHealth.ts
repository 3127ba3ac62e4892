/**
 * @module
 * Setup and health in Chromium: connection cards, Web Connector set-up, reauthorization, Check
 * connection followed to its result, connecting a QuickBooks Online company followed to its
 * one-time link, empty and error.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import { PATCH } from './types.ts';
import type { BrowserCase } from './types.ts';

const component = 'connectionHealth';

export const connectionHealthCases: BrowserCase[] = [
  {
    name: 'connection-health-populated',
    component,
    scenario: 'populated',
    async run({ page, host, screenshot }) {
      const desktop = host.locator('li[data-connection="Acme Hardware Ltd"]');
      await desktop.waitFor();
      assert.equal(await visibleText(desktop.locator('[data-id="status"]')), 'Degraded');
      assert.equal(await visibleText(desktop.locator('[data-id="last-contact"]')), '5 minutes ago');
      assert.equal(await visibleText(desktop.locator('[data-id="pending"]')), '0');
      await desktop.locator('[data-id="desktop-setup"] summary').click();
      assert.equal(
        await desktop.getByRole('link', { name: 'Download the .qwc file for Acme Hardware Ltd' }).getAttribute('href'),
        'https://relay.acme.example/qbwc/qwc?connection=acme-desktop',
      );
      const online = host.locator('li[data-connection="Acme Online"]');
      assert.equal(await visibleText(online.locator('[data-id="status"]')), 'Needs Reauthorization');
      assert.match(await visibleText(online.locator('[data-id="last-error"]')), /Intuit refused the refresh token/);
      assert.equal(await visibleText(online.locator('[data-id="failed"]')), '3');
      assert.ok(
        await online.getByRole('button', { name: 'Reconnect for Acme Online' }).isVisible(),
        'the Online connection offers Reconnect',
      );
      const conductor = host.locator('li[data-connection="Conductor Desktop"]');
      assert.match(
        await visibleText(conductor.locator('[data-id="desktop-fix"]')),
        /add the \.qwc file again.*ledgerbridge connect conductor --end-user/,
      );
      assert.match(
        await visibleText(desktop.locator('[data-id="reconciliation"]')),
        /Last reconciliation: 1 difference\(s\) as of 2026-03-15 17:55 UTC/,
      );
      const both = host.locator('li[data-connection="Sandbox Company_US_1"]');
      assert.match(
        await visibleText(both.locator('[data-id="directions"]')),
        /Salesforce to QuickBooks: 0 waiting, 3 failed\./,
      );
      assert.match(await visibleText(both.locator('[data-id="changes"]')), /By polling every minute/);
      const warehouse = host.locator('li[data-connection="Warehouse Desktop"]');
      assert.equal(await visibleText(warehouse.locator('[data-id="last-contact"]')), 'Never');
      assert.ok(await warehouse.locator('[data-id="desktop-setup"] ol').isVisible(), 'set-up steps are open');
      await screenshot('connection-health-populated');

      await desktop.getByRole('button', { name: 'Check connection Acme Hardware Ltd' }).click();
      const status = desktop.locator('c-sync-request-status');
      await status.locator('[role="status"]').waitFor();
      await page.evaluate(PATCH, {
        id: 'a078d0000000003AAA',
        values: {
          Status__c: 'Completed',
          Result__c: 'Acme Hardware Ltd: Degraded. Last contact with QuickBooks Mar 15, 2026, 5:55 PM UTC.',
        },
      });
      await status.locator('[data-id="result"]').waitFor();
      assert.match(
        await visibleText(status.locator('[data-id="result"]')),
        /Acme Hardware Ltd: Degraded\. Last contact with QuickBooks/,
      );
      await screenshot('connection-health-check-completed');
    },
  },
  {
    name: 'connection-health-empty',
    component,
    scenario: 'empty',
    async run({ host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="empty"]')), /No QuickBooks connections yet\./);
      await screenshot('connection-health-empty');
    },
  },
  {
    name: 'connection-health-connect-online',
    component,
    scenario: 'connect',
    async run({ page, host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      await host.getByRole('button', { name: 'Connect QuickBooks Online' }).click();
      const status = host.locator('[data-id="connect-new"] c-sync-request-status');
      await status.locator('[role="status"]').waitFor();
      const link = 'https://relay.acme.example/qbo/connect?token=one-time-token-from-the-relay';
      await page.evaluate(PATCH, { id: 'a078d0000000005AAA', values: { Status__c: 'Completed', Result__c: link } });
      const consent = host.getByRole('link', { name: 'Continue to Intuit (opens a new window)' });
      await consent.waitFor();
      assert.equal(await consent.getAttribute('href'), link);
      assert.equal(await consent.getAttribute('target'), '_blank');
      assert.match(await visibleText(host.locator('[data-id="consent"]')), /This link works once, within 15 minutes\./);
      await screenshot('connection-health-connect-online');
    },
  },
  {
    name: 'connection-health-error',
    component,
    scenario: 'error',
    async run({ host, screenshot }) {
      await host.locator('[role="alert"]').waitFor();
      assert.match(await visibleText(host.locator('[role="alert"]')), /The list view All is not available\./);
      await screenshot('connection-health-error');
    },
  },
];
