/**
 * @module
 * Needs Review in Chromium, on the review day's logs (what the relay writes): a name match with its
 * QuickBooks candidate and a field changed on both sides with both values side by side; deciding
 * each by keyboard (the saved Review Decision, Decided At and Decided By, then the row saying it went
 * to the relay, and still so once the relay resolved the log); nothing to review; the logs unreadable.
 */
import assert from 'node:assert/strict';
import { NOW, visibleText } from '../harness.ts';
import { PATCH } from './types.ts';
import type { BrowserCase } from './types.ts';

const component = 'needsReview';
// The review day's logs, renumbered (see test/fixtures-lwc/fixtures-review.ts).
const CONFLICT = 'a068d0000000001AAA';
const MATCH = 'a068d0000000002AAA';

/** A log's fields as the preview store holds them (what updateRecord saved). */
const SAVED = ({ id, fields }: { id: string; fields: string[] }) => {
  const preview = (
    globalThis as unknown as {
      __preview: { store: { getRecord(i: string): { fields: Record<string, { value: unknown }> } } };
    }
  ).__preview;
  const record = preview.store.getRecord(id);
  return Object.fromEntries(fields.map((f) => [f, record.fields[f]?.value ?? null]));
};
const DECISION_FIELDS = ['Review_Decision__c', 'Decided_At__c', 'Decided_By__c'];

export const needsReviewCases: BrowserCase[] = [
  {
    name: 'needs-review-populated',
    component,
    scenario: 'populated',
    async run({ page, host, screenshot }) {
      await host.locator('[data-id="reviews"]').waitFor();
      const rows = host.locator('[data-id="reviews"] > li');
      assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-log'))), [MATCH, CONFLICT]);

      const conflict = host.getByRole('article', { name: 'LOG-0000001' });
      assert.equal(await visibleText(conflict.locator('[data-id="kind"]')), 'CHANGED ON BOTH SIDES');
      assert.equal(await visibleText(conflict.locator('[data-id="record"]')), 'Delta Freight LLC');
      assert.equal(await visibleText(conflict.locator('[data-id="field"]')), 'Account Name');
      assert.equal(await visibleText(conflict.locator('[data-id="quickbooks-value"]')), 'Delta Freight Co');
      assert.equal(await visibleText(conflict.locator('[data-id="salesforce-value"]')), 'Delta Freight LLC');
      // Side by side: the two values on one line, QuickBooks' on the left.
      const qb = await conflict.locator('[data-id="quickbooks-value"]').boundingBox();
      const sf = await conflict.locator('[data-id="salesforce-value"]').boundingBox();
      assert.ok(qb && sf && Math.abs(qb.y - sf.y) < 2 && qb.x < sf.x, 'the two values sit side by side');

      const match = host.getByRole('article', { name: 'LOG-0000002' });
      assert.equal(await visibleText(match.locator('[data-id="record"]')), "O'BRIEN LAW 1");
      assert.match(
        await visibleText(match.locator('[data-id="candidate"]')),
        /^QuickBooks record of the same name O'Brien Law 1 \(acme-books:80000012-\d+\)$/,
      );
      const group = match.getByRole('group', { name: 'Decisions for LOG-0000002' });
      for (const name of ['Link to this QuickBooks record', 'Create a new one', 'Skip'])
        assert.ok(await group.getByRole('button', { name }).isVisible(), `${name} shows`);
      await screenshot('needs-review-populated');

      // By keyboard: Keep QuickBooks' on the conflict (Enter), Skip on the match (Space).
      await conflict.getByRole('button', { name: "Keep QuickBooks'" }).focus();
      await page.keyboard.press('Enter');
      await conflict.getByRole('status').waitFor();
      assert.equal(await visibleText(conflict.getByRole('status')), "Keep QuickBooks' — sent to the relay.");
      assert.equal(await conflict.getByRole('button').count(), 0);
      const saved = await page.evaluate(SAVED, { id: CONFLICT, fields: DECISION_FIELDS });
      assert.deepEqual(
        { ...saved, Decided_At__c: undefined },
        { Review_Decision__c: 'Keep QuickBooks', Decided_At__c: undefined, Decided_By__c: '0058d0000000001AAA' },
      );
      // When: the page's clock (installed at NOW, running since the page opened), in UTC.
      const at = Date.parse(String(saved.Decided_At__c));
      assert.match(String(saved.Decided_At__c), /Z$/);
      assert.ok(at >= NOW.getTime() && at - NOW.getTime() < 60_000, `decided at ${String(saved.Decided_At__c)}`);
      // The match still waits.
      assert.equal(await match.getByRole('button').count(), 3);
      await screenshot('needs-review-decided');

      await match.getByRole('button', { name: 'Skip' }).focus();
      await page.keyboard.press('Space');
      await match.getByRole('status').waitFor();
      assert.equal(await visibleText(match.getByRole('status')), 'Skip — sent to the relay.');
      assert.equal((await page.evaluate(SAVED, { id: MATCH, fields: DECISION_FIELDS })).Review_Decision__c, 'Skip');

      // What the relay writes once it applied the conflict's decision: the log Resolved.
      await page.evaluate(PATCH, { id: CONFLICT, values: { Status__c: 'Resolved' } });
      assert.equal(await visibleText(conflict.getByRole('status')), "Keep QuickBooks' — sent to the relay.");
      await screenshot('needs-review-all-decided');
    },
  },
  {
    name: 'needs-review-empty',
    component,
    scenario: 'empty',
    async run({ host, screenshot }) {
      await host.locator('[data-id="empty"]').waitFor();
      assert.match(await visibleText(host.locator('[data-id="empty"]')), /^Nothing needs review\./);
      assert.equal(await host.getByRole('button').count(), 0);
      await screenshot('needs-review-empty');
    },
  },
  {
    name: 'needs-review-error',
    component,
    scenario: 'error',
    async run({ host, screenshot }) {
      await host.locator('[role="alert"]').waitFor();
      assert.match(
        await visibleText(host.locator('[role="alert"]')),
        /The records waiting for review could not be read\. Insufficient privileges on QuickBooks Sync Log\./,
      );
      await screenshot('needs-review-error');
    },
  },
];
