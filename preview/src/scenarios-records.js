/**
 * Preview scenarios of the Account, Opportunity and Order QuickBooks panels and the "Push to
 * QuickBooks" action, built from their Jest fixtures (what the relay writes on a QuickBooks Online day). A deal queued for QuickBooks Desktop is a
 * variant of the invoiced one, as its component test makes it: the Online day writes no Queued.
 */
import { uiApiError } from './store.js';

import ACCOUNT_SYNCED from '../../force-app/main/default/lwc/accountQuickBooks/__tests__/data/getRecord.json';
import ACCOUNT_NOT_SYNCED from '../../force-app/main/default/lwc/accountQuickBooks/__tests__/data/getRecordNotSynced.json';
import DEAL_SYNCED from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getRecordSynced.json';
import DEAL_FAILED from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getRecordFailed.json';
import DEAL_NOT_SENT from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getRecordNotSent.json';
import DEAL_INVOICES from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getInvoices.json';
import DEAL_INVOICES_EMPTY from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getInvoicesEmpty.json';
import DEAL_LOGS from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getLogs.json';
import DEAL_LOGS_EMPTY from '../../force-app/main/default/lwc/opportunityQuickBooks/__tests__/data/getLogsEmpty.json';
import ORDER_BOOKED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getRecordBooked.json';
import ORDER_REVERSED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getRecordReversed.json';
import ORDER_FAILED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getRecordFailed.json';
import ORDER_DRAFT from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getRecordDraft.json';
import ORDER_LOGS from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getLogs.json';
import ORDER_LOGS_EMPTY from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getLogsEmpty.json';
import ORDER_CHANGED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getRecordChanged.json';
import ORDER_LOGS_BOOKED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getLogsBooked.json';
import ORDER_LOGS_REVERSED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getLogsReversed.json';
import ORDER_LOGS_CHANGED from '../../force-app/main/default/lwc/orderJournalEntry/__tests__/data/getLogsChanged.json';
import PUSH_DEAL from '../../force-app/main/default/lwc/pushToQuickBooks/__tests__/data/getDeal.json';
import PUSH_INVOICED from '../../force-app/main/default/lwc/pushToQuickBooks/__tests__/data/getDealInvoiced.json';
import PUSH_NOT_WON from '../../force-app/main/default/lwc/pushToQuickBooks/__tests__/data/getDealNotWon.json';
import PUSH_INVOICES from '../../force-app/main/default/lwc/pushToQuickBooks/__tests__/data/getInvoices.json';
import PUSH_CREATED from '../../force-app/main/default/lwc/pushToQuickBooks/__tests__/data/createRecord.json';

const INVOICES = 'QuickBooks_Invoices__r';
const LOGS = 'QuickBooks_Sync_Logs__r';

/** A record with these fields changed, and its Account's connection on this edition. */
function variant(record, changes, edition) {
  const copy = JSON.parse(JSON.stringify(record));
  for (const [field, value] of Object.entries(changes)) copy.fields[field] = { value, displayValue: value };
  if (edition) {
    copy.fields.Account.value.fields.QuickBooks_Connection__r.value.fields.Edition__c = {
      value: edition,
      displayValue: edition,
    };
  }
  return copy;
}

/** Fills the store with a record and its related lists; the element's properties. */
function put(store, record, lists) {
  store.putRecord(record);
  for (const [name, list] of Object.entries(lists)) store.setCollection(`${record.id}/${name}`, list);
  return { recordId: record.id };
}

export const recordScenarios = {
  accountQuickBooks: {
    tag: 'c-account-quick-books',
    states: {
      populated: (store) => put(store, ACCOUNT_SYNCED, {}),
      notSynced: (store) => put(store, ACCOUNT_NOT_SYNCED, {}),
      saveError(store) {
        store.setUpdateError(uiApiError('You do not have access to the field Sync to QuickBooks.', 403, 'Forbidden'));
        return put(store, ACCOUNT_NOT_SYNCED, {});
      },
    },
  },
  opportunityQuickBooks: {
    tag: 'c-opportunity-quick-books',
    states: {
      populated: (store) => put(store, DEAL_SYNCED, { [INVOICES]: DEAL_INVOICES, [LOGS]: DEAL_LOGS_EMPTY }),
      queued: (store) =>
        put(
          store,
          variant(DEAL_SYNCED, { QuickBooks_Sync_Status__c: 'Queued', QuickBooks_Invoice_Id__c: null }, 'Desktop'),
          { [INVOICES]: DEAL_INVOICES_EMPTY, [LOGS]: DEAL_LOGS_EMPTY },
        ),
      failed: (store) => put(store, DEAL_FAILED, { [INVOICES]: DEAL_INVOICES_EMPTY, [LOGS]: DEAL_LOGS }),
      empty: (store) => put(store, DEAL_NOT_SENT, { [INVOICES]: DEAL_INVOICES_EMPTY, [LOGS]: DEAL_LOGS_EMPTY }),
      error: (store) =>
        put(store, DEAL_SYNCED, {
          [INVOICES]: DEAL_INVOICES,
          [LOGS]: {
            error: uiApiError(
              "You don't have access to the QuickBooks Sync Log object. Ask your admin for the Ledgerbridge User permission set.",
              403,
              'Forbidden',
            ),
          },
        }),
    },
  },
  pushToQuickBooks: {
    tag: 'c-push-to-quick-books',
    states: {
      populated(store) {
        store.setCreateOutcome({ result: PUSH_CREATED });
        return put(store, PUSH_DEAL, { [INVOICES]: { records: [] } });
      },
      desktop(store) {
        store.setCreateOutcome({ result: PUSH_CREATED });
        return put(store, variant(PUSH_DEAL, {}, 'Desktop'), { [INVOICES]: { records: [] } });
      },
      notWon: (store) => put(store, PUSH_NOT_WON, { [INVOICES]: { records: [] } }),
      invoiced: (store) => put(store, PUSH_INVOICED, { [INVOICES]: PUSH_INVOICES }),
      error(store) {
        store.setCreateOutcome({
          error: uiApiError('You do not have permission to create QuickBooks Sync Requests.', 403, 'Forbidden'),
        });
        return put(store, PUSH_DEAL, { [INVOICES]: { records: [] } });
      },
    },
  },
  orderJournalEntry: {
    tag: 'c-order-journal-entry',
    states: {
      populated: (store) => put(store, ORDER_BOOKED, { [LOGS]: ORDER_LOGS_BOOKED }),
      reversed: (store) => put(store, ORDER_REVERSED, { [LOGS]: ORDER_LOGS_REVERSED }),
      changed: (store) => put(store, ORDER_CHANGED, { [LOGS]: ORDER_LOGS_CHANGED }),
      queued: (store) =>
        put(store, variant(ORDER_BOOKED, { QuickBooks_Sync_Status__c: null, QuickBooks_Journal_Entry_Id__c: null }), {
          [LOGS]: ORDER_LOGS_EMPTY,
        }),
      failed: (store) => put(store, ORDER_FAILED, { [LOGS]: ORDER_LOGS }),
      empty: (store) => put(store, ORDER_DRAFT, { [LOGS]: ORDER_LOGS_EMPTY }),
      error: (store) =>
        put(store, ORDER_BOOKED, {
          [LOGS]: { error: uiApiError('Insufficient privileges on QuickBooks Sync Log.', 403, 'Forbidden') },
        }),
    },
  },
};
