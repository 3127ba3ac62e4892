/**
 * @module
 * The field mappings view in Chromium: the fixture day's records (the package's shipped defaults,
 * badged, its inactive example and two an admin added) grouped by Salesforce object, in words, with what the relay wrote it ignores on
 * the connection (its problem lines, and an "Ignored on" badge on each mapping they name) and the
 * link to Setup; no records; the records unreadable.
 */
import assert from 'node:assert/strict';
import { visibleText } from '../harness.ts';
import type { BrowserCase } from './types.ts';

const component = 'fieldMappings';
/** The type's key prefix as the org gives it (the fixture's `keyPrefix`: m00, the first custom metadata type). */
const SETUP = '/lightning/setup/CustomMetadata/page?address=%2Fm00%3Fsetupid%3DCustomMetadata';

export const fieldMappingsCases: BrowserCase[] = [
  {
    name: 'field-mappings-populated',
    component,
    scenario: 'populated',
    async run({ host, screenshot }) {
      const account = host.locator('section[data-object="Account"]');
      await account.waitFor();
      assert.equal(await host.locator('section[data-object]').count(), 4);
      assert.equal(await account.getByRole('heading', { name: 'Account' }).count(), 1);
      assert.equal(await host.getByRole('table', { name: 'Account' }).count(), 1);
      const region = account.locator('tr[data-mapping="Account_Region"]');
      assert.equal(await visibleText(region.locator('[data-id="kind"]')), 'Desktop data extension');
      assert.equal(await visibleText(region.locator('[data-id="transform"]')), 'Translated through the value map');
      assert.equal(await visibleText(region.locator('[data-id="ignored-badge"]')), 'Ignored on Acme Hardware Ltd');
      assert.match(await visibleText(region.locator('[data-id="ignored-reason"]')), /Region__c does not exist/);
      const example = account.locator('tr[data-mapping="Example_Account_Description"]');
      assert.equal(await visibleText(example.locator('[data-id="inactive"]')), 'Inactive');
      assert.equal(await visibleText(example.locator('[data-id="inactive-hint"]')), 'The relay ignores this mapping.');
      const phone = account.locator('tr[data-mapping="Account_Phone"]');
      assert.equal(await visibleText(phone.locator('[data-id="shipped"] .slds-badge')), 'Shipped default');
      assert.equal(await region.locator('[data-id="shipped"]').count(), 0);
      const state = host.locator('[data-connection="Acme Hardware Ltd"]');
      assert.equal(await state.locator('[data-id="line"]').count(), 2);
      assert.equal(
        await host
          .getByRole('link', { name: 'Edit in Setup: the QuickBooks Field Mapping records' })
          .getAttribute('href'),
        SETUP,
      );
      await screenshot('field-mappings-populated');
    },
  },
  {
    name: 'field-mappings-empty',
    component,
    scenario: 'empty',
    async run({ host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="empty"]')), /No field mapping records/);
      assert.equal(await host.locator('a[data-id="edit"]').getAttribute('href'), SETUP);
      await screenshot('field-mappings-empty');
    },
  },
  {
    name: 'field-mappings-error',
    component,
    scenario: 'error',
    async run({ host, screenshot }) {
      await host.locator('[role="alert"]').waitFor();
      assert.match(
        await visibleText(host.locator('[role="alert"]')),
        /do not have access to the QuickBooks Field Mappings/,
      );
      await screenshot('field-mappings-error');
    },
  },
];
