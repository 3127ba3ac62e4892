/**
 * @module
 * The field policy view in Chromium: the shipped records grouped by object with owners and conflict
 * rules in words and the link to Setup; no records; the policy unreadable.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import type { BrowserCase } from './types.ts';

const component = 'fieldPolicy';
/** The type's key prefix as the org gives it (the fixture's `keyPrefix`: m01, after QuickBooks_Field_Mapping__mdt). */
const SETUP = '/lightning/setup/CustomMetadata/page?address=%2Fm01%3Fsetupid%3DCustomMetadata';

export const fieldPolicyCases: BrowserCase[] = [
  {
    name: 'field-policy-populated',
    component,
    scenario: 'populated',
    async run({ host, screenshot }) {
      const account = host.locator('section[data-object="Account"]');
      await account.waitFor();
      assert.equal(await host.locator('section[data-object]').count(), 5);
      assert.equal(await account.getByRole('heading', { name: 'Account' }).count(), 1);
      const name = account.locator('tr[data-policy="Account_Name"]');
      assert.equal(await visibleText(name.locator('[data-id="owner"]')), 'Both (the latest change wins)');
      assert.match(await visibleText(name.locator('[data-id="conflict"]')), /Needs Review/);
      const balance = account.locator('tr[data-policy="Account_Open_Balance"]');
      assert.equal(await visibleText(balance.locator('[data-id="owner"]')), 'QuickBooks');
      assert.equal(
        await host
          .getByRole('link', { name: 'Edit in Setup: the QuickBooks Field Policy records' })
          .getAttribute('href'),
        SETUP,
      );
      await screenshot('field-policy-populated');
    },
  },
  {
    name: 'field-policy-empty',
    component,
    scenario: 'empty',
    async run({ host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="empty"]')), /No field policy records/);
      assert.equal(await host.locator('a[data-id="edit"]').getAttribute('href'), SETUP);
      await screenshot('field-policy-empty');
    },
  },
  {
    name: 'field-policy-error',
    component,
    scenario: 'error',
    async run({ host, screenshot }) {
      await host.locator('[role="alert"]').waitFor();
      assert.match(
        await visibleText(host.locator('[role="alert"]')),
        /do not have access to the QuickBooks Field Policies/,
      );
      await screenshot('field-policy-error');
    },
  },
];
