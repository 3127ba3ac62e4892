/* global window, document */
/**
 * Preview entry: `?component=<bundle>&scenario=<state>` mounts one component with a scenario's
 * fixture data; without parameters the page lists every component and state.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import AccountInvoices from 'c/accountInvoices';
import AccountQuickBooks from 'c/accountQuickBooks';
import SyncWithQuickBooks from 'c/syncWithQuickBooks';
import ConnectionHealth from 'c/connectionHealth';
import FieldMappings from 'c/fieldMappings';
import FieldPolicy from 'c/fieldPolicy';
import SyncFailureLog from 'c/syncFailureLog';
import OpportunityQuickBooks from 'c/opportunityQuickBooks';
import OrderJournalEntry from 'c/orderJournalEntry';
import PushToQuickBooks from 'c/pushToQuickBooks';
import NeedsReview from 'c/needsReview';
import { store } from './store.js';
import { scenarios } from './scenarios.js';

const CONSTRUCTORS = {
  accountInvoices: AccountInvoices,
  accountQuickBooks: AccountQuickBooks,
  syncWithQuickBooks: SyncWithQuickBooks,
  connectionHealth: ConnectionHealth,
  fieldMappings: FieldMappings,
  fieldPolicy: FieldPolicy,
  syncFailureLog: SyncFailureLog,
  opportunityQuickBooks: OpportunityQuickBooks,
  orderJournalEntry: OrderJournalEntry,
  pushToQuickBooks: PushToQuickBooks,
  needsReview: NeedsReview,
};

const root = document.getElementById('root');
const params = new URLSearchParams(window.location.search);
const component = params.get('component');
const scenario = params.get('scenario') || 'populated';
window.__preview = { store };

if (!component) {
  const list = document.createElement('ul');
  list.className = 'slds-list_dotted slds-var-m-around_medium';
  for (const [name, { states }] of Object.entries(scenarios)) {
    for (const state of Object.keys(states)) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `?component=${name}&scenario=${state}`;
      link.textContent = `${name}: ${state}`;
      item.append(link);
      list.append(item);
    }
  }
  root.append(list);
} else {
  const entry = scenarios[component];
  const setUp = entry?.states[scenario];
  if (!setUp) throw new Error(`Unknown preview ${component}/${scenario}`);
  const props = setUp(store);
  const element = createElement(entry.tag, { is: CONSTRUCTORS[component] });
  Object.assign(element, props);
  element.addEventListener('close', () => root.setAttribute('data-closed', 'true'));
  root.append(element);
  root.setAttribute('data-ready', 'true');
}
