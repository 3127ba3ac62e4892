/**
 * @module
 * The out-of-the-box tables the relay touches, as a fresh Dynamics 365 Sales environment has them
 * (entity reference: account.md, contact.md, product.md, uom.md; reference §3.3): accounts, contacts,
 * currencies, unit groups and units, price lists and their items, products; then the sales tables and
 * the plug-in registration tables webhooks need.
 */
import {
  ACTIVE_INACTIVE,
  choice,
  column,
  defineTable,
  lookup,
  memo,
  money,
  readOnly,
  stateColumns,
  str,
  type Table,
} from './schema.ts';
import { registrationTables } from './registration-tables.ts';
import { salesTables } from './sales-tables.ts';

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
          [
            'Competitor',
            'Consultant',
            'Customer',
            'Investor',
            'Partner',
            'Influencer',
            'Press',
            'Prospect',
            'Reseller',
            'Supplier',
            'Vendor',
            'Other',
          ].map((l, i) => [i + 1, l]),
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
      // One row: the environment itself (organization.md); its base currency is the default one.
      logicalName: 'organization',
      primaryName: 'name',
      displayName: 'Organization',
      columns: [
        str('name', 160, { validForUpdate: false }),
        lookup('basecurrencyid', ['transactioncurrency'], { validForUpdate: false }),
      ],
    }),
    defineTable({
      logicalName: 'uomschedule',
      primaryName: 'name',
      displayName: 'Unit Group',
      columns: [
        str('name', 200, { required: 'SystemRequired' }),
        str('baseuomname', 100, { validForUpdate: false }),
        memo('description'),
      ],
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
