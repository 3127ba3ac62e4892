/**
 * @module
 * The plug-in registration tables a webhook lives in (register-web-hook.md, reference §3.9):
 * `serviceendpoint` (contract 8 = Webhook, write-only `authvalue`), `sdkmessage`,
 * `sdkmessagefilter`, `sdkmessageprocessingstep` and its images.
 */
import { choice, column, defineTable, lookup, memo, readOnly, stateColumns, str, type Table } from './schema.ts';

export function registrationTables(): Table[] {
  return [
    defineTable({
      logicalName: 'serviceendpoint',
      primaryName: 'name',
      displayName: 'Service Endpoint',
      columns: [
        str('name', 256, { required: 'SystemRequired' }),
        choice('contract', [
          [1, 'OneWay'],
          [2, 'Queue'],
          [3, 'Rest'],
          [4, 'TwoWay'],
          [5, 'Topic'],
          [6, 'Queue (Persistent)'],
          [7, 'Event Hub'],
          [8, 'Webhook'],
          [9, 'Event Grid'],
        ]),
        str('url', 2000),
        choice('authtype', [
          [1, 'ACS'],
          [2, 'SAS Key'],
          [3, 'SAS Token'],
          [4, 'Webhook Key'],
          [5, 'Http Header'],
          [6, 'Http Query String'],
        ]),
        str('authvalue', 4000, { validForRead: false }),
        choice('messageformat', [
          [1, 'Binary XML'],
          [2, 'Json'],
          [3, 'Text XML'],
        ]),
        memo('description'),
      ],
    }),
    defineTable({
      logicalName: 'sdkmessage',
      primaryName: 'name',
      displayName: 'Sdk Message',
      columns: [str('name', 256, readOnly)],
    }),
    defineTable({
      logicalName: 'sdkmessagefilter',
      primaryName: 'primaryobjecttypecode',
      displayName: 'Sdk Message Filter',
      columns: [lookup('sdkmessageid', ['sdkmessage'], readOnly), str('primaryobjecttypecode', 100, readOnly)],
    }),
    defineTable({
      logicalName: 'sdkmessageprocessingstep',
      primaryName: 'name',
      displayName: 'Sdk Message Processing Step',
      columns: [
        str('name', 256, { required: 'SystemRequired' }),
        lookup('sdkmessageid', ['sdkmessage'], { required: 'SystemRequired' }),
        lookup('sdkmessagefilterid', ['sdkmessagefilter']),
        lookup('eventhandler', ['serviceendpoint', 'plugintype'], { required: 'SystemRequired' }),
        choice('stage', [
          [10, 'Pre-validation'],
          [20, 'Pre-operation'],
          [40, 'Post-operation'],
        ]),
        choice('mode', [
          [0, 'Synchronous'],
          [1, 'Asynchronous'],
        ]),
        column('rank', 'Integer'),
        str('filteringattributes', 100000),
        column('asyncautodelete', 'Boolean'),
        choice('supporteddeployment', [
          [0, 'Server Only'],
          [1, 'Microsoft Dynamics 365 Client for Outlook Only'],
          [2, 'Both'],
        ]),
        ...stateColumns(
          [
            [0, 'Enabled', 1],
            [1, 'Disabled', 2],
          ],
          [
            [1, 'Enabled', 0],
            [2, 'Disabled', 1],
          ],
        ),
      ],
      collections: {
        sdkmessageprocessingstepid_sdkmessageprocessingstepimage: {
          table: 'sdkmessageprocessingstepimage',
          via: 'sdkmessageprocessingstepid',
        },
      },
    }),
    defineTable({
      logicalName: 'sdkmessageprocessingstepimage',
      primaryName: 'name',
      displayName: 'Sdk Message Processing Step Image',
      columns: [
        str('name', 256, { required: 'SystemRequired' }),
        str('entityalias', 256, { required: 'SystemRequired' }),
        choice('imagetype', [
          [0, 'PreImage'],
          [1, 'PostImage'],
          [2, 'Both'],
        ]),
        str('messagepropertyname', 256, { required: 'SystemRequired' }),
        str('attributes', 100000),
        lookup('sdkmessageprocessingstepid', ['sdkmessageprocessingstep'], { required: 'SystemRequired' }),
      ],
    }),
  ];
}
