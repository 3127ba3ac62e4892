/**
 * Preview scenarios: for each component, named states built from the Jest fixtures in the bundles'
 * `__tests__/data/`. Each fills the preview store and returns the properties to set on the element.
 */
import { uiApiError } from './store.js';
import { recordScenarios } from './scenarios-records.js';

import ACCOUNT from '../../force-app/main/default/lwc/accountInvoices/__tests__/data/getRecord.json';
import ACCOUNT_EMPTY from '../../force-app/main/default/lwc/accountInvoices/__tests__/data/getRecordEmpty.json';
import INVOICES from '../../force-app/main/default/lwc/accountInvoices/__tests__/data/getRelatedListRecords.json';
import INVOICES_EMPTY from '../../force-app/main/default/lwc/accountInvoices/__tests__/data/getRelatedListRecordsEmpty.json';
import SYNC_ACCOUNT from '../../force-app/main/default/lwc/syncWithQuickBooks/__tests__/data/getAccount.json';
import SYNC_CREATED from '../../force-app/main/default/lwc/syncWithQuickBooks/__tests__/data/createRecord.json';
import CONNECTIONS from '../../force-app/main/default/lwc/connectionHealth/__tests__/data/getListRecordsByName.json';
import CONNECTIONS_ONLINE from '../../force-app/main/default/lwc/connectionHealth/__tests__/data/getListRecordsByNameOnline.json';
import CONNECTIONS_EMPTY from '../../force-app/main/default/lwc/connectionHealth/__tests__/data/getListRecordsByNameEmpty.json';
import HEALTH_CHECK from '../../force-app/main/default/lwc/connectionHealth/__tests__/data/createHealthCheck.json';
import CONNECT_REQUEST from '../../force-app/main/default/lwc/connectOnline/__tests__/data/createRecord.json';
import MAPPINGS from '../../force-app/main/default/lwc/fieldMappings/__tests__/data/getMappings.json';
import MAPPINGS_EMPTY from '../../force-app/main/default/lwc/fieldMappings/__tests__/data/getMappingsEmpty.json';
import MAPPING_CONNECTIONS from '../../force-app/main/default/lwc/fieldMappings/__tests__/data/getListRecordsByName.json';
import POLICIES from '../../force-app/main/default/lwc/fieldPolicy/__tests__/data/getPolicies.json';
import POLICIES_EMPTY from '../../force-app/main/default/lwc/fieldPolicy/__tests__/data/getPoliciesEmpty.json';
import LOGS from '../../force-app/main/default/lwc/syncFailureLog/__tests__/data/getListRecordsByName.json';
import LOGS_EMPTY from '../../force-app/main/default/lwc/syncFailureLog/__tests__/data/getListRecordsByNameEmpty.json';
import REVIEWS from '../../force-app/main/default/lwc/needsReview/__tests__/data/getListRecordsByName.json';

const ACCOUNT_ID = ACCOUNT.id;
const INVOICES_KEY = `${ACCOUNT_ID}/QuickBooks_Invoices__r`;
const CONNECTIONS_KEY = 'QuickBooks_Connection__c/All';
const LOGS_KEY = 'QuickBooks_Sync_Log__c/All';
/** The failure log's list view: every log whose status is not Succeeded. */
const PROBLEMS_KEY = 'QuickBooks_Sync_Log__c/Sync_Problems';
const POLICY_METHOD = 'FieldPolicyController.getPolicies';
const MAPPING_METHOD = 'FieldMappingController.getMappings';

// The relay writes one Desktop connection in the fixtures; an Online one that Needs Reauthorization, a
// Desktop (Conductor) one that does, and one the Web Connector never reached are shown beside it as
// variants, as the component tests do.
function connectionVariant(id, changes) {
  const [acme] = CONNECTIONS.records;
  const fields = { ...acme.fields };
  for (const [field, value] of Object.entries(changes)) {
    fields[field] = { value, displayValue: field === 'Status__c' || field === 'Edition__c' ? value : null };
  }
  return { ...acme, id, fields };
}
const ALL_CONNECTIONS = {
  ...CONNECTIONS,
  count: 5,
  records: [
    ...CONNECTIONS.records,
    // The Online day numbers its records on its own: another id beside the Desktop day's.
    ...CONNECTIONS_ONLINE.records.map((r) => ({ ...r, id: 'a018d0000000005AAA' })),
    connectionVariant('a018d0000000004AAA', {
      Name: 'Conductor Desktop',
      Status__c: 'Needs Reauthorization',
      Connection_Key__c: 'conductor-desktop',
      Last_Error__c: 'Conductor refused the key: connect it again with `ledgerbridge connect conductor`.',
    }),
    connectionVariant('a018d0000000002AAA', {
      Name: 'Acme Online',
      Edition__c: 'Online',
      Status__c: 'Needs Reauthorization',
      Connection_Key__c: 'acme-online',
      Last_Success_At__c: '2026-03-14T18:00:00.000Z',
      Failed_Count__c: 3,
      Last_Error__c: 'Intuit refused the refresh token (invalid_grant): reauthorize the connection.',
    }),
    connectionVariant('a018d0000000003AAA', {
      Name: 'Warehouse Desktop',
      Status__c: 'Offline',
      Connection_Key__c: 'warehouse-desktop',
      Last_Contact_At__c: null,
      Last_Success_At__c: null,
      Relay_URL__c: null,
      Last_Reconciled_At__c: null,
      Reconciliation_Result__c: null,
      Reconciliation_Differences__c: null,
    }),
  ],
};

function withEdition(account, edition) {
  const copy = JSON.parse(JSON.stringify(account));
  copy.fields.QuickBooks_Connection__r.value.fields.Edition__c = { value: edition, displayValue: edition };
  return copy;
}

export const scenarios = {
  accountInvoices: {
    tag: 'c-account-invoices',
    states: {
      populated(store) {
        store.putRecord(ACCOUNT);
        store.setCollection(INVOICES_KEY, INVOICES);
        return { recordId: ACCOUNT_ID };
      },
      empty(store) {
        store.putRecord({ ...ACCOUNT_EMPTY, id: ACCOUNT_ID });
        store.setCollection(INVOICES_KEY, INVOICES_EMPTY);
        return { recordId: ACCOUNT_ID };
      },
      error(store) {
        store.putRecord(ACCOUNT);
        store.setCollection(INVOICES_KEY, {
          error: uiApiError(
            "You don't have access to the QuickBooks Invoice object. Ask your admin for the Ledgerbridge User permission set.",
            403,
            'Forbidden',
          ),
        });
        return { recordId: ACCOUNT_ID };
      },
    },
  },
  syncWithQuickBooks: {
    tag: 'c-sync-with-quick-books',
    states: {
      populated(store) {
        store.putRecord(SYNC_ACCOUNT);
        store.setCreateOutcome({ result: SYNC_CREATED });
        return { recordId: ACCOUNT_ID };
      },
      online(store) {
        store.putRecord(withEdition(SYNC_ACCOUNT, 'Online'));
        store.setCreateOutcome({ result: SYNC_CREATED });
        return { recordId: ACCOUNT_ID };
      },
      error(store) {
        store.putRecord(SYNC_ACCOUNT);
        store.setCreateOutcome({
          error: uiApiError('You do not have permission to create QuickBooks Sync Requests.', 403, 'Forbidden'),
        });
        return { recordId: ACCOUNT_ID };
      },
    },
  },
  connectionHealth: {
    tag: 'c-connection-health',
    states: {
      populated(store) {
        store.setCollection(CONNECTIONS_KEY, ALL_CONNECTIONS);
        store.setCreateOutcome({ result: HEALTH_CHECK });
        return {};
      },
      empty(store) {
        store.setCollection(CONNECTIONS_KEY, CONNECTIONS_EMPTY);
        return {};
      },
      connect(store) {
        store.setCollection(CONNECTIONS_KEY, CONNECTIONS_EMPTY);
        store.setCreateOutcome({ result: CONNECT_REQUEST });
        return {};
      },
      error(store) {
        store.setCollection(CONNECTIONS_KEY, {
          error: uiApiError('The list view All is not available.', 404, 'Not Found'),
        });
        return {};
      },
    },
  },
  fieldPolicy: {
    tag: 'c-field-policy',
    states: {
      populated(store) {
        store.setApex(POLICY_METHOD, { data: POLICIES });
        return {};
      },
      empty(store) {
        store.setApex(POLICY_METHOD, { data: POLICIES_EMPTY });
        return {};
      },
      error(store) {
        store.setApex(POLICY_METHOD, {
          error: {
            body: {
              message:
                'You do not have access to the QuickBooks Field Policies: ask your administrator for the Ledgerbridge Admin or Ledgerbridge User permission set.',
            },
            status: 500,
            statusText: 'Server Error',
            ok: false,
          },
        });
        return {};
      },
    },
  },
  fieldMappings: {
    tag: 'c-field-mappings',
    states: {
      populated(store) {
        store.setApex(MAPPING_METHOD, { data: MAPPINGS });
        store.setCollection(CONNECTIONS_KEY, MAPPING_CONNECTIONS);
        return {};
      },
      empty(store) {
        store.setApex(MAPPING_METHOD, { data: MAPPINGS_EMPTY });
        store.setCollection(CONNECTIONS_KEY, MAPPING_CONNECTIONS);
        return {};
      },
      error(store) {
        store.setApex(MAPPING_METHOD, {
          error: {
            body: {
              message:
                'You do not have access to the QuickBooks Field Mappings: ask your administrator for the Ledgerbridge Admin or Ledgerbridge User permission set.',
            },
            status: 500,
            statusText: 'Server Error',
            ok: false,
          },
        });
        store.setCollection(CONNECTIONS_KEY, MAPPING_CONNECTIONS);
        return {};
      },
    },
  },
  syncFailureLog: {
    tag: 'c-sync-failure-log',
    states: {
      populated(store) {
        store.setCollection(PROBLEMS_KEY, LOGS);
        return {};
      },
      empty(store) {
        store.setCollection(PROBLEMS_KEY, LOGS_EMPTY);
        return {};
      },
      error(store) {
        store.setCollection(PROBLEMS_KEY, {
          error: uiApiError('Insufficient privileges on QuickBooks Sync Log.', 403, 'Forbidden'),
        });
        return {};
      },
    },
  },
  needsReview: {
    tag: 'c-needs-review',
    states: {
      // The review day's logs: a name match and a field changed on both sides, both waiting.
      populated(store) {
        store.setCollection(LOGS_KEY, REVIEWS);
        return {};
      },
      // The Acme day's logs: failed and resolved, none asking a person to decide.
      empty(store) {
        store.setCollection(LOGS_KEY, LOGS);
        return {};
      },
      error(store) {
        store.setCollection(LOGS_KEY, {
          error: uiApiError('Insufficient privileges on QuickBooks Sync Log.', 403, 'Forbidden'),
        });
        return {};
      },
    },
  },
  ...recordScenarios,
};
