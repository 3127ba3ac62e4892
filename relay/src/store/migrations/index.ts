/**
 * @module
 * The one ordered migration set, shared by both backends. Append only: never edit a migration
 * that has shipped; add the next version.
 */
import qbwc from './0001-qbwc.ts';
import sync from './0002-sync.ts';
import requests from './0003-requests.ts';
import secrets from './0004-secrets.ts';
import outboxBatches from './0005-outbox-batches.ts';
import recordTargets from './0006-record-targets.ts';
import calendar from './0007-calendar.ts';
import quarantineThrottle from './0008-quarantine-throttle.ts';
import connectionContactPause from './0009-connection-contact-pause.ts';
import connectionCurrency from './0010-connection-currency.ts';
import inboxReadAgain from './0011-inbox-read-again.ts';
import runDelivery from './0012-run-delivery.ts';
import objectColumns from './0013-object-columns.ts';
import connectionsLinksFlows from './0014-connections-links-flows.ts';
import modelRanks from './0015-model-ranks.ts';
import outboxDestination from './0016-outbox-destination.ts';
import cursorsAnyConnection from './0017-cursors-any-connection.ts';
import identityMirrors from './0018-identity-mirrors.ts';
import auditChanges from './0019-audit-changes.ts';
import fieldStates from './0020-field-states.ts';
import qbo from './0021-qbo.ts';
import recordStateLatest from './0022-record-state-latest.ts';
import flowOrders from './0023-flow-orders.ts';
import inboxPerLink from './0024-inbox-per-link.ts';
import qboRequestAllowance from './0025-qbo-request-allowance.ts';
import dynamics from './0026-dynamics.ts';
import dynamicsReads from './0027-dynamics-reads.ts';
import conductorReads from './0028-conductor-reads.ts';
import recordRequests from './0029-record-requests.ts';
import reconciliations from './0030-reconciliations.ts';
import reviewCandidates from './0031-review-candidates.ts';
import identityRest from './0032-identity-rest.ts';
import customFieldDefinitions from './0033-custom-field-definitions.ts';
import outboxReadyAt from './0034-outbox-ready-at.ts';
import fieldStatesCustom from './0035-field-states-custom.ts';
import leanIndexes from './0036-lean-indexes.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'qbwc', sql: qbwc },
  { version: 2, name: 'sync', sql: sync },
  { version: 3, name: 'requests', sql: requests },
  { version: 4, name: 'secrets', sql: secrets },
  { version: 5, name: 'outbox-batches', sql: outboxBatches },
  { version: 6, name: 'record-targets', sql: recordTargets },
  { version: 7, name: 'calendar', sql: calendar },
  { version: 8, name: 'quarantine-throttle', sql: quarantineThrottle },
  { version: 9, name: 'connection-contact-pause', sql: connectionContactPause },
  { version: 10, name: 'connection-currency', sql: connectionCurrency },
  { version: 11, name: 'inbox-read-again', sql: inboxReadAgain },
  { version: 12, name: 'run-delivery', sql: runDelivery },
  { version: 13, name: 'object-columns', sql: objectColumns },
  { version: 14, name: 'connections-links-flows', sql: connectionsLinksFlows },
  { version: 15, name: 'model-ranks', sql: modelRanks },
  { version: 16, name: 'outbox-destination', sql: outboxDestination },
  { version: 17, name: 'cursors-any-connection', sql: cursorsAnyConnection },
  { version: 18, name: 'identity-mirrors', sql: identityMirrors },
  { version: 19, name: 'audit-changes', sql: auditChanges },
  { version: 20, name: 'field-states', sql: fieldStates },
  { version: 21, name: 'qbo', sql: qbo },
  { version: 22, name: 'record-state-latest', sql: recordStateLatest },
  { version: 23, name: 'flow-orders', sql: flowOrders },
  { version: 24, name: 'inbox-per-link', sql: inboxPerLink },
  { version: 25, name: 'qbo-request-allowance', sql: qboRequestAllowance },
  { version: 26, name: 'dynamics', sql: dynamics },
  { version: 27, name: 'dynamics-reads', sql: dynamicsReads },
  { version: 28, name: 'conductor-reads', sql: conductorReads },
  { version: 29, name: 'record-requests', sql: recordRequests },
  { version: 30, name: 'reconciliations', sql: reconciliations },
  { version: 31, name: 'review-candidates', sql: reviewCandidates },
  { version: 32, name: 'identity-rest', sql: identityRest },
  { version: 33, name: 'custom-field-definitions', sql: customFieldDefinitions },
  { version: 34, name: 'outbox-ready-at', sql: outboxReadyAt },
  { version: 35, name: 'field-states-custom', sql: fieldStatesCustom },
  { version: 36, name: 'lean-indexes', sql: leanIndexes },
];
