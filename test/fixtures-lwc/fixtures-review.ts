/**
 * @module
 * The Needs Review component's fixtures, from what the relay writes on the review day
 * ({@link runReviewScenario}): the org's Sync Logs as the component's `getListRecordsByName` wire
 * delivers them (newest attempt first, as it asks, with the fields it imports), once the conflict and
 * the name match were flagged, and once the conflict's decision was applied. Both moments share one
 * renumbering of ids (made from the org as the day ends), so a log has the same id in each. The
 * connection's key is a random UUID the relay makes for the Web Connector user: it is written
 * `acme-books` here, so the fixtures stay the same from run to run.
 */
import type { OrgSnapshot, ReviewScenario } from './scenario-review.ts';
import { componentFields, createIdNormaliser, createShaper } from './ui-api.ts';

type Rec = Record<string, unknown>;

/** The key the fixtures show for the Desktop connection. */
export const REVIEW_KEY = 'acme-books';

const LOG = 'QuickBooks_Sync_Log__c';

/** Fixture name (`<bundle>/<file>`) → what the component's wire adapter delivers. */
export function reviewFixtures(s: ReviewScenario): Record<string, unknown> {
  const stable = (r: Rec): Rec =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll(s.connectionKey, REVIEW_KEY) : v]),
    );
  const schema = s.relay.sim.org.schema;
  const now = (object: string) => s.records(object).map(stable);
  const ids = createIdNormaliser(schema, now);
  const fields = componentFields('needsReview', LOG);
  const listView = (at: OrgSnapshot) => {
    const records = (object: string) => (object === 'Account' || object === LOG ? at[object].map(stable) : now(object));
    const shape = createShaper(schema, records, ids);
    // The component asks for the newest attempts first.
    const rows = records(LOG)
      .sort(
        (a, b) =>
          String(b.Last_Attempt_At__c).localeCompare(String(a.Last_Attempt_At__c)) ||
          String(a.Name).localeCompare(String(b.Name)),
      )
      .map((r) => shape.record(LOG, r, fields));
    return {
      count: rows.length,
      currentPageToken: '0',
      listReference: { listViewApiName: 'All', objectApiName: LOG },
      nextPageToken: null,
      previousPageToken: null,
      records: rows,
    };
  };
  return {
    'needsReview/getListRecordsByName': listView(s.flagged),
    'needsReview/getListRecordsByNameDecided': listView(s.decided),
  };
}
