/**
 * @module
 * Dataverse rows exactly as the Web API returns them (after `parseExactJson`: decimals as exact
 * text): lookups as `_<column>_value`, `@odata.etag`, and the related rows a read may `$expand`
 * (an account's primary contact, a row's currency, an order's products). Lenient about columns not
 * listed; the reads that fetch them select these columns (`ROW_QUERIES`).
 */
import { z } from 'zod';
import { CustomValues } from '../../../sync/custom-values.ts';

const text = z.string().nullish();
const decimal = z.union([z.string().regex(/^-?\d+(?:\.\d+)?$/), z.number().int()]).nullish();
const guid = z.string().regex(/^[0-9a-fA-F-]{36}$/, 'a GUID');
const version = z.union([z.number().int(), z.string()]).nullish();
const currency = z.looseObject({ isocurrencycode: text }).nullish();

const linked = {
  lb_quickbooksconnection: text,
  lb_quickbooksid: text,
  modifiedon: z.string(),
  createdon: z.string().nullish(),
  versionnumber: version,
  statecode: z.number().int(),
};

export const ContactRow = z.looseObject({
  contactid: guid,
  firstname: text,
  lastname: text,
  emailaddress1: text,
  telephone1: text,
  jobtitle: text,
});
export type ContactRow = z.infer<typeof ContactRow>;

export const AccountRow = z.looseObject({
  ...linked,
  accountid: guid,
  name: z.string(),
  customertypecode: z.number().int().nullish(),
  address1_line1: text,
  address1_line2: text,
  address1_line3: text,
  address1_city: text,
  address1_stateorprovince: text,
  address1_postalcode: text,
  address1_country: text,
  telephone1: text,
  emailaddress1: text,
  primarycontactid: ContactRow.nullish(),
  transactioncurrencyid: currency,
  /** The values the field mappings send to QuickBooks, added as the row was read (`field-mappings/apply.ts`). */
  '@lb.custom': CustomValues,
});
export type AccountRow = z.infer<typeof AccountRow>;

export const ProductRow = z.looseObject({
  ...linked,
  productid: guid,
  name: z.string(),
  productnumber: text,
  description: text,
  producttypecode: z.number().int().nullish(),
  price: decimal,
});
export type ProductRow = z.infer<typeof ProductRow>;

export const OrderLineRow = z.looseObject({
  salesorderdetailid: guid,
  _productid_value: guid.nullish(),
  productdescription: text,
  quantity: decimal,
  priceperunit: decimal,
  extendedamount: decimal,
  lineitemnumber: z.number().int().nullish(),
});
export type OrderLineRow = z.infer<typeof OrderLineRow>;

export const SalesOrderRow = z.looseObject({
  ...linked,
  salesorderid: guid,
  name: text,
  ordernumber: text,
  _customerid_value: guid,
  submitdate: text,
  totalamount: decimal,
  transactioncurrencyid: currency,
  order_details: z.array(OrderLineRow),
});
export type SalesOrderRow = z.infer<typeof SalesOrderRow>;

const LINK = ['lb_quickbooksconnection', 'lb_quickbooksid', 'modifiedon', 'createdon', 'versionnumber', 'statecode'];
const ADDRESS = ['line1', 'line2', 'line3', 'city', 'stateorprovince', 'postalcode', 'country'].map(
  (p) => `address1_${p}`,
);
const CONTACT = ['contactid', 'firstname', 'lastname', 'emailaddress1', 'telephone1', 'jobtitle'];

/** How a table's rows are read: its entity set, primary key, `$select` columns and `$expand` text. */
export interface RowRead {
  readonly entitySet: string;
  readonly key: string;
  readonly select: readonly string[];
  readonly expand?: string;
}

/** The reads whose rows these schemas describe, as parts (the change feed adds its own `$filter`). */
export const ROW_READS = {
  account: {
    entitySet: 'accounts',
    key: 'accountid',
    select: ['accountid', 'name', 'customertypecode', ...ADDRESS, 'telephone1', 'emailaddress1', ...LINK],
    expand: `primarycontactid($select=${CONTACT.join(',')}),transactioncurrencyid($select=isocurrencycode)`,
  },
  contact: { entitySet: 'contacts', key: 'contactid', select: [...CONTACT, ...LINK] },
  product: {
    entitySet: 'products',
    key: 'productid',
    select: ['productid', 'name', 'productnumber', 'description', 'producttypecode', 'price', ...LINK],
  },
  salesorder: {
    entitySet: 'salesorders',
    key: 'salesorderid',
    select: ['salesorderid', 'name', 'ordernumber', '_customerid_value', 'submitdate', 'totalamount', ...LINK],
    expand:
      'transactioncurrencyid($select=isocurrencycode),order_details($select=salesorderdetailid,_productid_value,productdescription,quantity,priceperunit,extendedamount,lineitemnumber;$orderby=lineitemnumber)',
  },
} as const satisfies Record<string, RowRead>;

export type RowTable = keyof typeof ROW_READS;

const queryOf = (r: RowRead) => `${r.entitySet}?$select=${r.select.join(',')}${r.expand ? `&$expand=${r.expand}` : ''}`;

/** The reads (below `/api/data/v9.2/`) whose rows these schemas describe, as query text. */
export const ROW_QUERIES = {
  account: queryOf(ROW_READS.account),
  contact: queryOf(ROW_READS.contact),
  product: queryOf(ROW_READS.product),
  salesorder: queryOf(ROW_READS.salesorder),
} as const;
