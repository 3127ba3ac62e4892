/**
 * @module
 * Orders and invoices with their lines (salesorder.md, invoice.md, reference §3.3): header columns,
 * computed amounts (read-only), and the state/status pairs — orders Active/Submitted/Canceled/
 * Fulfilled/Invoiced, invoices Active/Closed/Paid/Canceled.
 */
import { choice, column, defineTable, lookup, memo, money, readOnly, stateColumns, str, type Table } from './schema.ts';

export function salesTables(): Table[] {
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
