/**
 * @module
 * What the simulated environment's tables are: columns with their types, lengths, choices and
 * whether they can be written on create or update, alternate keys, collection-valued navigation
 * properties and state/status pairs. Only columns listed here exist; provisioning (metadata.ts)
 * adds `lb_*` columns, keys and tables at run time, as an admin's solution would.
 * Values follow the entity reference (account.md, salesorder.md, invoice.md, product.md, uom.md).
 */
import crypto from 'node:crypto';

export type ColumnType =
  | 'Uniqueidentifier'
  | 'String'
  | 'Memo'
  | 'Integer'
  | 'BigInt'
  | 'Decimal'
  | 'Money'
  | 'Boolean'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'Lookup'
  | 'DateTime';

export interface OptionValue {
  readonly value: number;
  readonly label: string;
  /** Status options: the state they belong to. */
  readonly state?: number;
}

export interface Column {
  readonly logicalName: string;
  readonly type: ColumnType;
  readonly maxLength?: number;
  /** Decimal places of Decimal and Money columns. */
  readonly precision?: number;
  readonly options?: readonly OptionValue[];
  /** Lookup targets (logical names); more than one makes navigation properties `<col>_<target>`. */
  readonly targets?: readonly string[];
  readonly required: 'None' | 'ApplicationRequired' | 'SystemRequired';
  readonly validForCreate: boolean;
  readonly validForUpdate: boolean;
  /** False for write-only columns (serviceendpoint.authvalue). */
  readonly validForRead: boolean;
  readonly isCustom: boolean;
  readonly metadataId: string;
}

export interface AlternateKey {
  readonly logicalName: string;
  readonly keyAttributes: readonly string[];
  readonly metadataId: string;
  /** Dataverse builds the index asynchronously; the simulator's is Active at once, Failed when rows collide. */
  readonly status: 'Active' | 'Failed';
}

export interface Table {
  readonly logicalName: string;
  readonly entitySetName: string;
  readonly primaryId: string;
  readonly primaryName: string;
  readonly columns: Map<string, Column>;
  readonly keys: AlternateKey[];
  /** Collection-valued navigation properties: name → (table, lookup column on that table). */
  readonly collections: ReadonlyMap<string, { readonly table: string; readonly via: string }>;
  /** Default statuscode per statecode; empty when the table has no state. */
  readonly defaultStatus: ReadonlyMap<number, number>;
  changeTracking: boolean;
  readonly isCustom: boolean;
  readonly metadataId: string;
  readonly displayName: string;
}

type ColumnSpec = Partial<Omit<Column, 'logicalName' | 'type' | 'metadataId'>>;

export function column(logicalName: string, type: ColumnType, spec: ColumnSpec = {}): Column {
  return {
    logicalName,
    type,
    required: 'None',
    validForCreate: true,
    validForUpdate: true,
    validForRead: true,
    isCustom: logicalName.startsWith('lb_'),
    metadataId: crypto.randomUUID(),
    ...spec,
  };
}

const str = (n: string, maxLength = 100, spec: ColumnSpec = {}) => column(n, 'String', { maxLength, ...spec });
const memo = (n: string) => column(n, 'Memo', { maxLength: 2000 });
const money = (n: string, spec: ColumnSpec = {}) => column(n, 'Money', { precision: 4, ...spec });
const lookup = (n: string, targets: string[], spec: ColumnSpec = {}) => column(n, 'Lookup', { targets, ...spec });
const readOnly: ColumnSpec = { validForCreate: false, validForUpdate: false };
const choice = (n: string, options: [number, string][]) =>
  column(n, 'Picklist', { options: options.map(([value, label]) => ({ value, label })) });

/** statecode and statuscode: `states` [value, label, default status]; `statuses` [value, label, state]. */
function stateColumns(states: [number, string, number][], statuses: [number, string, number][]): Column[] {
  return [
    column('statecode', 'State', {
      options: states.map(([value, label]) => ({ value, label })),
      validForCreate: false,
    }),
    column('statuscode', 'Status', { options: statuses.map(([value, label, state]) => ({ value, label, state })) }),
  ];
}

const ACTIVE_INACTIVE = stateColumns(
  [
    [0, 'Active', 1],
    [1, 'Inactive', 2],
  ],
  [
    [1, 'Active', 0],
    [2, 'Inactive', 1],
  ],
);

interface TableSpec {
  readonly logicalName: string;
  readonly entitySetName?: string;
  readonly primaryName: string;
  readonly displayName: string;
  readonly columns: readonly Column[];
  readonly collections?: Record<string, { table: string; via: string }>;
  readonly isCustom?: boolean;
}

/** A table with its primary key and the system columns every Dataverse table has. */
export function defineTable(spec: TableSpec): Table {
  const primaryId = `${spec.logicalName}id`;
  const columns = [
    column(primaryId, 'Uniqueidentifier', { validForUpdate: false }),
    column('versionnumber', 'BigInt', readOnly),
    column('createdon', 'DateTime', readOnly),
    column('modifiedon', 'DateTime', readOnly),
    ...spec.columns,
  ];
  const state = columns.find((c) => c.type === 'State');
  const status = columns.find((c) => c.type === 'Status');
  const defaultStatus = new Map<number, number>();
  for (const o of state?.options ?? []) {
    const first = status?.options?.find((s) => s.state === o.value);
    if (first) defaultStatus.set(o.value, first.value);
  }
  return {
    logicalName: spec.logicalName,
    entitySetName: spec.entitySetName ?? `${spec.logicalName}s`,
    primaryId,
    primaryName: spec.primaryName,
    columns: new Map(columns.map((c) => [c.logicalName, c])),
    keys: [],
    collections: new Map(Object.entries(spec.collections ?? {})),
    defaultStatus,
    changeTracking: true,
    isCustom: spec.isCustom ?? false,
    metadataId: crypto.randomUUID(),
    displayName: spec.displayName,
  };
}

const ADDRESS = ['line1', 'line2', 'line3', 'city', 'stateorprovince', 'postalcode', 'country'].map((p) =>
  str(`address1_${p}`, p.startsWith('line') ? 250 : 80),
);

/** The out-of-the-box tables the relay touches, plus the plug-in registration tables webhooks need. */
export function standardTables(): Table[] {
  return [
    defineTable({
      logicalName: 'account',
      primaryName: 'name',
      displayName: 'Account',
      columns: [
        str('name', 160, { required: 'ApplicationRequired' }),
        str('accountnumber', 20),
        choice(
          'customertypecode',
          ['Competitor', 'Consultant', 'Customer', 'Investor', 'Partner', 'Influencer', 'Press', 'Prospect', 'Reseller', 'Supplier', 'Vendor', 'Other'].map(
            (l, i) => [i + 1, l],
          ),
        ),
        ...ADDRESS,
        str('telephone1', 50),
        str('emailaddress1', 100),
        memo('description'),
        money('creditlimit'),
        lookup('primarycontactid', ['contact']),
        lookup('defaultpricelevelid', ['pricelevel']),
        lookup('transactioncurrencyid', ['transactioncurrency']),
        ...ACTIVE_INACTIVE,
      ],
      collections: { contact_customer_accounts: { table: 'contact', via: 'parentcustomerid' } },
    }),
    defineTable({
      logicalName: 'contact',
      primaryName: 'fullname',
      displayName: 'Contact',
      columns: [
        str('firstname', 50),
        str('lastname', 50, { required: 'ApplicationRequired' }),
        str('fullname', 160, readOnly),
        str('emailaddress1', 100),
        str('telephone1', 50),
        str('jobtitle', 100),
        lookup('parentcustomerid', ['account', 'contact']),
        ...ACTIVE_INACTIVE,
      ],
    }),
    defineTable({
      logicalName: 'transactioncurrency',
      entitySetName: 'transactioncurrencies',
      primaryName: 'currencyname',
      displayName: 'Currency',
      columns: [str('currencyname', 100), str('isocurrencycode', 5), str('currencysymbol', 10)],
    }),
    defineTable({
      logicalName: 'uomschedule',
      primaryName: 'name',
      displayName: 'Unit Group',
      columns: [str('name', 200, { required: 'SystemRequired' }), str('baseuomname', 100, { validForUpdate: false }), memo('description')],
      collections: { uomschedule_uom: { table: 'uom', via: 'uomscheduleid' } },
    }),
    defineTable({
      logicalName: 'uom',
      primaryName: 'name',
      displayName: 'Unit',
      columns: [
        str('name', 100, { required: 'SystemRequired' }),
        lookup('uomscheduleid', ['uomschedule'], { required: 'SystemRequired', validForUpdate: false }),
        lookup('baseuom', ['uom'], { required: 'ApplicationRequired' }),
        column('quantity', 'Decimal', { precision: 10, required: 'ApplicationRequired' }),
      ],
    }),
    defineTable({
      logicalName: 'pricelevel',
      primaryName: 'name',
      displayName: 'Price List',
      columns: [
        str('name', 100, { required: 'SystemRequired' }),
        lookup('transactioncurrencyid', ['transactioncurrency'], { required: 'ApplicationRequired' }),
        column('begindate', 'DateTime'),
        column('enddate', 'DateTime'),
        memo('description'),
        ...stateColumns(
          [
            [0, 'Active', 100001],
            [1, 'Inactive', 100002],
          ],
          [
            [100001, 'Active', 0],
            [100002, 'Inactive', 1],
          ],
        ),
      ],
      collections: { price_level_product_price_levels: { table: 'productpricelevel', via: 'pricelevelid' } },
    }),
    defineTable({
      logicalName: 'productpricelevel',
      primaryName: 'productnumber',
      displayName: 'Price List Item',
      columns: [
        str('productnumber', 100, readOnly),
        lookup('pricelevelid', ['pricelevel'], { required: 'SystemRequired' }),
        lookup('productid', ['product'], { required: 'SystemRequired' }),
        lookup('uomid', ['uom'], { required: 'SystemRequired' }),
        lookup('transactioncurrencyid', ['transactioncurrency'], readOnly),
        money('amount'),
        choice('pricingmethodcode', [
          [1, 'Currency Amount'],
          [2, 'Percent of List'],
          [3, 'Percent Markup - Current Cost'],
          [4, 'Percent Margin - Current Cost'],
          [5, 'Percent Markup - Standard Cost'],
          [6, 'Percent Margin - Standard Cost'],
        ]),
      ],
    }),
    defineTable({
      logicalName: 'product',
      primaryName: 'name',
      displayName: 'Product',
      columns: [
        str('name', 100, { required: 'SystemRequired' }),
        str('productnumber', 100, { required: 'SystemRequired' }),
        memo('description'),
        lookup('defaultuomscheduleid', ['uomschedule'], { required: 'ApplicationRequired' }),
        lookup('defaultuomid', ['uom'], { required: 'ApplicationRequired' }),
        lookup('pricelevelid', ['pricelevel']),
        lookup('transactioncurrencyid', ['transactioncurrency']),
        money('price'),
        money('standardcost'),
        money('currentcost'),
        column('quantitydecimal', 'Integer', { required: 'SystemRequired' }),
        choice('producttypecode', [
          [1, 'Sales Inventory'],
          [2, 'Miscellaneous Charges'],
          [3, 'Services'],
          [4, 'Flat Fees'],
        ]),
        ...stateColumns(
          [
            [0, 'Active', 1],
            [1, 'Retired', 2],
            [2, 'Draft', 0],
            [3, 'Under Revision', 3],
          ],
          [
            [1, 'Active', 0],
            [2, 'Retired', 1],
            [0, 'Draft', 2],
            [3, 'Under Revision', 3],
          ],
        ),
      ],
    }),
    ...salesTables(),
    ...registrationTables(),
  ];
}

function salesTables(): Table[] {
  const header = (name: string) => [
    str('name', 300, { required: 'ApplicationRequired' }),
    str(`${name}number`, 100, readOnly),
    lookup('customerid', ['account', 'contact'], { required: 'SystemRequired' }),
    lookup('pricelevelid', ['pricelevel'], { required: 'ApplicationRequired' }),
    lookup('transactioncurrencyid', ['transactioncurrency'], { validForUpdate: false }),
    memo('description'),
    money('totalamount', readOnly),
    money('totallineitemamount', readOnly),
    money('discountamount'),
    money('freightamount'),
    choice('paymenttermscode', [
      [1, 'Net 30'],
      [2, '2% 10, Net 30'],
      [3, 'Net 45'],
      [4, 'Net 60'],
    ]),
    column('ispricelocked', 'Boolean', readOnly),
  ];
  const detail = (parent: string) => [
    lookup(`${parent}id`, [parent], { required: 'SystemRequired', validForUpdate: false }),
    lookup('productid', ['product']),
    column('isproductoverridden', 'Boolean'),
    str('productdescription', 500),
    column('quantity', 'Decimal', { precision: 5, required: 'ApplicationRequired' }),
    money('priceperunit'),
    column('ispriceoverridden', 'Boolean'),
    lookup('uomid', ['uom']),
    money('manualdiscountamount'),
    money('tax'),
    column('lineitemnumber', 'Integer'),
    money('baseamount', readOnly),
    money('extendedamount', readOnly),
  ];
  return [
    defineTable({
      logicalName: 'salesorder',
      primaryName: 'name',
      displayName: 'Order',
      columns: [
        ...header('order'),
        column('datefulfilled', 'DateTime'),
        column('submitdate', 'DateTime'),
        lookup('quoteid', ['quote'], { validForUpdate: false }),
        ...stateColumns(
          [
            [0, 'Active', 1],
            [1, 'Submitted', 3],
            [2, 'Canceled', 4],
            [3, 'Fulfilled', 100001],
            [4, 'Invoiced', 100003],
          ],
          [
            [1, 'New', 0],
            [2, 'Pending', 0],
            [3, 'In Progress', 1],
            [4, 'No Money', 2],
            [100001, 'Complete', 3],
            [100002, 'Partial', 3],
            [100003, 'Invoiced', 4],
          ],
        ),
      ],
      collections: { order_details: { table: 'salesorderdetail', via: 'salesorderid' } },
    }),
    defineTable({
      logicalName: 'salesorderdetail',
      primaryName: 'productdescription',
      displayName: 'Order Product',
      columns: detail('salesorder'),
    }),
    defineTable({
      logicalName: 'invoice',
      primaryName: 'name',
      displayName: 'Invoice',
      columns: [
        ...header('invoice'),
        lookup('salesorderid', ['salesorder']),
        column('duedate', 'DateTime'),
        column('datedelivered', 'DateTime'),
        ...stateColumns(
          [
            [0, 'Active', 1],
            [1, 'Closed', 3],
            [2, 'Paid', 100001],
            [3, 'Canceled', 100003],
          ],
          [
            [1, 'New', 0],
            [2, 'Partially Shipped', 0],
            [4, 'Billed', 0],
            [5, 'Booked (applies to services)', 0],
            [6, 'Installed (applies to services)', 0],
            [3, 'Canceled (deprecated)', 1],
            [7, 'Paid in Full (deprecated)', 1],
            [100001, 'Complete', 2],
            [100002, 'Partial', 2],
            [100003, 'Canceled', 3],
          ],
        ),
      ],
      collections: { invoice_details: { table: 'invoicedetail', via: 'invoiceid' } },
    }),
    defineTable({
      logicalName: 'invoicedetail',
      primaryName: 'productdescription',
      displayName: 'Invoice Product',
      columns: detail('invoice'),
    }),
  ];
}

/** serviceendpoint (contract 8 = Webhook), sdkmessage, sdkmessagefilter, sdkmessageprocessingstep(image). */
function registrationTables(): Table[] {
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

/** Navigation property name → (lookup column, target table) of a table's single-valued lookups. */
export function navigationProperties(table: Table): Map<string, { column: string; target: string }> {
  const out = new Map<string, { column: string; target: string }>();
  for (const c of table.columns.values()) {
    if (c.type !== 'Lookup') continue;
    const targets = c.targets ?? [];
    if (targets.length === 1) out.set(c.logicalName, { column: c.logicalName, target: targets[0]! });
    else for (const t of targets) out.set(`${c.logicalName}_${t}`, { column: c.logicalName, target: t });
  }
  return out;
}
