/**
 * @module
 * The components' test fixtures (`force-app/main/default/lwc/<bundle>/__tests__/data/*.json`),
 * generated from what the relay really writes (and the field policy and field mappings views' Apex
 * answers from the custom metadata records the simulated org holds: the package's shipped ones, and
 * for the mappings those the scenario's admin added). Runs {@link runScenario} (the real engine, the simulated org, a fixed clock, the
 * embedded store) and {@link runOnlineScenario} (the relay between the org and QuickBooks Online, for
 * the Opportunity and Order panels: `fixtures-online.ts`) and {@link runReviewScenario} (the relay both
 * ways between the org and a Desktop company, for Needs Review: `fixtures-review.ts`), reads the records from the org and shapes them as each component's wire adapter
 * delivers them (`ui-api.ts`), then writes them with sorted keys, formatted as prettier formats
 * JSON. Written by `generate.ts` (`npm run fixtures:lwc`); `fixtures.test.ts` fails when the
 * committed files differ.
 */
import path from 'node:path';
import prettier from 'prettier';
import { openStore } from '../../relay/src/store/index.ts';
import type { TestBackend } from '../qbwc/support/stores.ts';
import { runScenario, type Scenario } from './scenario.ts';
import { runOnlineScenario } from './scenario-online.ts';
import { onlineFixtures } from './fixtures-online.ts';
import { runReviewScenario } from './scenario-review.ts';
import { reviewFixtures } from './fixtures-review.ts';
import { componentFields, createShaper, LWC_DIR, type Shaper } from './ui-api.ts';

type Rec = Record<string, unknown>;

export const REPO_ROOT = path.join(LWC_DIR, '../../../..');

/** The embedded store in memory: the fixtures do not depend on the backend. */
const embedded: TestBackend = {
  name: 'embedded',
  open: ({ now } = {}) => openStore({ kind: 'embedded', file: ':memory:' }, now ? { now } : {}),
};

const byName = (a: Rec, b: Rec) => String(a.Name).localeCompare(String(b.Name));

function fixtures(s: Scenario, shape: Shaper): Record<string, unknown> {
  const records = (object: string) => s.org.records(object);
  const one = (object: string, id: string) => records(object).find((r) => r.Id === id)!;
  const account = one('Account', s.accountId);
  const prospect = one('Account', s.prospectId);
  const invoiceFields = componentFields('accountInvoices', 'QuickBooks_Invoice__c', ['Account__c']);
  const relatedList = (parent: Rec) => {
    const rows = records('QuickBooks_Invoice__c')
      .filter((r) => r.Account__c === parent.Id)
      .sort(byName)
      .map((r) => shape.record('QuickBooks_Invoice__c', r, invoiceFields));
    return {
      count: rows.length,
      currentPageToken: '0',
      listReference: { parentRecordId: shape.id(parent.Id as string), relatedListId: 'QuickBooks_Invoices__r' },
      nextPageToken: null,
      records: rows,
    };
  };
  const listView = (object: string, rows: unknown[]) => ({
    count: rows.length,
    currentPageToken: '0',
    listReference: { listViewApiName: 'All', objectApiName: object },
    nextPageToken: null,
    previousPageToken: null,
    records: rows,
  });
  const created = (r: Rec) => ({
    apiName: 'QuickBooks_Sync_Request__c',
    fields: { Name: { displayValue: null, value: r.Name } },
    id: shape.id(r.Id as string),
  });
  const connectionFields = componentFields('connectionHealth', 'QuickBooks_Connection__c');
  const mappingConnectionFields = componentFields('fieldMappings', 'QuickBooks_Connection__c');
  const logFields = componentFields('syncFailureLog', 'QuickBooks_Sync_Log__c');
  const requestFields = componentFields('syncRequestStatus', 'QuickBooks_Sync_Request__c');
  const request = (r: Rec) => shape.record('QuickBooks_Sync_Request__c', r, requestFields);
  // The failure log asks for the newest attempts first.
  const logs = records('QuickBooks_Sync_Log__c').sort(
    (a, b) => String(b.Last_Attempt_At__c).localeCompare(String(a.Last_Attempt_At__c)) || byName(a, b),
  );
  return {
    'accountInvoices/getRecord': shape.record('Account', account, componentFields('accountInvoices', 'Account')),
    'accountInvoices/getRecordEmpty': shape.record('Account', prospect, componentFields('accountInvoices', 'Account')),
    'accountInvoices/getRelatedListRecords': relatedList(account),
    'accountInvoices/getRelatedListRecordsEmpty': relatedList(prospect),
    // A customer mirrored from QuickBooks Desktop, not sent back (sync off); an Account QuickBooks does not know.
    'accountQuickBooks/getRecordMirror': shape.record(
      'Account',
      account,
      componentFields('accountQuickBooks', 'Account'),
    ),
    'accountQuickBooks/getRecordNotSynced': shape.record(
      'Account',
      prospect,
      componentFields('accountQuickBooks', 'Account'),
    ),
    'connectionHealth/getListRecordsByName': listView(
      'QuickBooks_Connection__c',
      records('QuickBooks_Connection__c')
        .sort(byName)
        .map((r) => shape.record('QuickBooks_Connection__c', r, connectionFields)),
    ),
    'connectionHealth/getListRecordsByNameEmpty': listView('QuickBooks_Connection__c', []),
    'connectionHealth/createHealthCheck': created(s.healthCheck.created),
    'connectionHealth/healthCheckCompleted': request(s.healthCheck.completed),
    'connectOnline/createRecord': created(s.connect.created),
    'connectOnline/connectCompleted': request(fixedToken(s.connect.completed)),
    'connectOnline/connectFailed': request(s.connect.failed),
    'syncFailureLog/getListRecordsByName': listView(
      'QuickBooks_Sync_Log__c',
      logs.map((r) => shape.record('QuickBooks_Sync_Log__c', r, logFields)),
    ),
    'syncFailureLog/getListRecordsByNameEmpty': listView('QuickBooks_Sync_Log__c', []),
    'fieldMappings/getMappings': fieldMappings(s),
    'fieldMappings/getMappingsEmpty': { ...fieldMappings(s), mappings: [] },
    'fieldMappings/getListRecordsByName': listView(
      'QuickBooks_Connection__c',
      records('QuickBooks_Connection__c')
        .sort(byName)
        .map((r) => shape.record('QuickBooks_Connection__c', r, mappingConnectionFields)),
    ),
    'fieldPolicy/getPolicies': fieldPolicies(s),
    'fieldPolicy/getPoliciesEmpty': { ...fieldPolicies(s), policies: [] },
    'syncWithQuickBooks/getAccount': shape.record('Account', account, componentFields('syncWithQuickBooks', 'Account')),
    'syncWithQuickBooks/createRecord': created(s.request.requested),
    'syncWithQuickBooks/requestRequested': request(s.request.requested),
    'syncWithQuickBooks/requestInProgress': request(s.request.inProgress),
    'syncWithQuickBooks/requestCompleted': request(s.request.completed),
    'syncWithQuickBooks/requestFailed': request(s.request.failed),
  };
}

/** The custom metadata type the field policy view reads (through Apex: UI API serves no `__mdt`). */
const POLICY_TYPE = 'QuickBooks_Field_Policy__mdt';

/**
 * What `FieldPolicyController.getPolicies` answers in an org with the package installed: the
 * type's key prefix and its records as the org holds them (loaded from the package's
 * `customMetadata/` files, as installing it does), each as the class's `Policy`, by developer name.
 */
function fieldPolicies(s: Scenario): { keyPrefix: string; policies: Rec[] } {
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const type = s.org.sf.sim.org.schema.object(POLICY_TYPE);
  if (!type) throw new Error(`the simulated org has no ${POLICY_TYPE}`);
  const policies = s.org
    .records(POLICY_TYPE)
    .map((r) => ({
      developerName: String(r.DeveloperName),
      label: text(r.MasterLabel),
      objectName: text(r.Object__c),
      fieldName: text(r.Field__c),
      owner: text(r.Owner__c),
      onConflict: text(r.On_Conflict__c),
      active: r.Active__c === true || r.Active__c === 'true',
      reason: text(r.Reason__c),
    }))
    .sort((a, b) => a.developerName.localeCompare(b.developerName));
  return { keyPrefix: type.keyPrefix, policies };
}

/** The custom metadata type the field mappings view reads (through Apex, like the field policy's). */
const MAPPING_TYPE = 'QuickBooks_Field_Mapping__mdt';

/**
 * What `FieldMappingController.getMappings` answers: the type's key prefix and the records the org
 * holds (the package's shipped defaults and example, and those the scenario's admin added), each as the class's
 * `Mapping`, by developer name.
 */
function fieldMappings(s: Scenario): { keyPrefix: string; mappings: Rec[] } {
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const type = s.org.sf.sim.org.schema.object(MAPPING_TYPE);
  if (!type) throw new Error(`the simulated org has no ${MAPPING_TYPE}`);
  const mappings = s.org
    .records(MAPPING_TYPE)
    .map((r) => ({
      developerName: String(r.DeveloperName),
      label: text(r.MasterLabel),
      salesforceObject: text(r.Salesforce_Object__c),
      salesforceField: text(r.Salesforce_Field__c),
      quickBooksObject: text(r.QuickBooks_Object__c),
      quickBooksField: text(r.QuickBooks_Field__c),
      quickBooksFieldKind: text(r.QuickBooks_Field_Kind__c),
      direction: text(r.Direction__c),
      transform: text(r.Transform__c),
      valueMap: text(r.Value_Map__c),
      defaultValue: text(r.Default_Value__c),
      format: text(r.Format__c),
      active: r.Active__c === true || r.Active__c === 'true',
      shipped: r.Shipped__c === true || r.Shipped__c === 'true',
    }))
    .sort((a, b) => a.developerName.localeCompare(b.developerName));
  return { keyPrefix: type.keyPrefix, mappings };
}

/** A connect link's token is random each time: the fixture holds a fixed one in its place. */
const fixedToken = (r: Rec): Rec => ({
  ...r,
  Result__c: String(r.Result__c).replace(/([?&]token=)[^&]+/, '$1one-time-token-from-the-relay'),
});

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Rec)[k])]),
        )
      : v;

/** The fixture files' paths (from the repository root) and their text, as the relay writes them now. */
export async function generateFixtures(): Promise<Map<string, string>> {
  const s = await runScenario(embedded);
  let all: Record<string, unknown>;
  try {
    all = fixtures(
      s,
      createShaper(s.org.sf.sim.org.schema, (o) => s.org.records(o)),
    );
  } finally {
    await s.org.close();
  }
  const online = await runOnlineScenario();
  try {
    all = { ...all, ...onlineFixtures(online) };
  } finally {
    await online.relay.close();
  }
  const review = await runReviewScenario();
  try {
    all = { ...all, ...reviewFixtures(review) };
  } finally {
    await review.relay.close();
  }
  const out = new Map<string, string>();
  for (const [name, data] of Object.entries(all)) {
    const [bundle, file] = name.split('/') as [string, string];
    const full = path.join(LWC_DIR, bundle, '__tests__', 'data', `${file}.json`);
    const options = (await prettier.resolveConfig(full)) ?? {};
    const text = await prettier.format(JSON.stringify(sortKeys(data), null, 2), { ...options, filepath: full });
    out.set(path.relative(REPO_ROOT, full), text);
  }
  return out;
}
