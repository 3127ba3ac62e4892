/**
 * @module
 * The company of `parity-company.ts` as its bookkeeper enters it in the Conductor simulator's
 * company file (`create`, with every check of Conductor's API), and the same edit: the customer's
 * phone, and the invoice's lines sent again without one. Returns the QuickBooks ids it made by the
 * names `parity-company.ts` gives them.
 */
import type { SimCompany } from '../../simulators/conductor/index.ts';
import { otherListId } from '../../simulators/conductor/other-lists.ts';
import type { JsonObject } from '../../simulators/conductor/shapes.ts';
import { ACCOUNTS, CO, type IdNames } from './parity-company.ts';

/** QuickBooks Desktop through Conductor: the same entries, made through the API's checks. */
export function enterConductor(co: SimCompany): IdNames {
  const ids: IdNames = new Map();
  const make = (name: string, resource: Parameters<SimCompany['create']>[0], body: JsonObject) => {
    const id = String(co.create(resource, body).id);
    ids.set(name, id);
    return id;
  };
  const snake = (t: string) => t.replace(/[A-Z]/g, (m, at: number) => `${at ? '_' : ''}${m.toLowerCase()}`);
  for (const [name, type] of ACCOUNTS) make(`account:${name}`, 'accounts', { name, accountType: snake(type) });
  const c = CO.customer;
  const acme = make(`customer:${c.name}`, 'customers', {
    name: c.name,
    companyName: c.company,
    salutation: c.salutation,
    firstName: c.first,
    lastName: c.last,
    jobTitle: c.title,
    billingAddress: c.bill,
    shippingAddress: c.ship,
    phone: c.phone,
    alternatePhone: c.mobile,
    fax: c.fax,
    email: c.email,
    termsId: otherListId('terms', c.terms),
    classId: otherListId('class', c.className),
  });
  const job = make(`customer:${c.name}:${CO.job}`, 'customers', { name: CO.job, parentId: acme });
  const g = CO.inactive;
  make(`customer:${g.name}`, 'customers', { name: g.name, isActive: false, phone: g.phone, email: g.email });
  const v = CO.vendor;
  const vendor = make(`vendor:${v.name}`, 'vendors', {
    name: v.name,
    companyName: v.company,
    phone: v.phone,
    email: v.email,
    billingAddress: CO.vendorAddress,
    termsId: otherListId('terms', v.terms),
  });
  const account = (name: string) => ids.get(`account:${name}`)!;
  for (const i of CO.items) {
    const details = { description: i.description, price: i.price, postingAccountId: account('Services') };
    if (i.kind === 'Inventory')
      make(`item:${i.name}`, 'inventory-items', {
        name: i.name,
        salesDescription: i.description,
        salesPrice: i.price,
        incomeAccountId: account('Product Sales'),
        cogsAccountId: account('Cost of Goods Sold'),
        assetAccountId: account('Inventory Asset'),
      });
    else
      make(
        `item:${i.name}`,
        i.kind === 'Service'
          ? 'service-items'
          : i.kind === 'NonInventory'
            ? 'non-inventory-items'
            : 'other-charge-items',
        { name: i.name, salesOrPurchaseDetails: details },
      );
  }
  for (const inv of CO.invoices) {
    const created = co.create('invoices', {
      customerId: inv.to === 'job' ? job : acme,
      transactionDate: inv.date,
      refNumber: inv.number,
      dueDate: inv.due,
      termsId: otherListId('terms', c.terms),
      ...(inv.memo ? { memo: inv.memo } : {}),
      ...(inv.className ? { classId: otherListId('class', inv.className) } : {}),
      lines: inv.lines.map((l): JsonObject =>
        l.item
          ? { itemId: ids.get(`item:${l.item}`)!, description: l.description, quantity: Number(l.qty), rate: l.rate! }
          : { description: l.description },
      ),
    });
    ids.set(`invoice:${inv.number}`, String(created.id));
    (created.lines as JsonObject[]).forEach((l, n) => ids.set(`invoice:${inv.number}:line ${n + 1}`, String(l.id)));
  }
  const p = CO.payment;
  make(`payment:${p.number}`, 'receive-payments', {
    customerId: job,
    transactionDate: p.date,
    refNumber: p.number,
    totalAmount: p.amount,
    paymentMethodId: otherListId('paymentMethod', p.method),
    memo: p.memo,
    applyToTransactions: [{ transactionId: ids.get('invoice:1001')!, paymentAmount: p.amount }],
  });
  const b = CO.bill;
  make(`bill:${b.number}`, 'bills', {
    vendorId: vendor,
    transactionDate: b.date,
    refNumber: b.number,
    dueDate: b.due,
    memo: b.memo,
    expenseLines: [{ accountId: account('Office Supplies'), amount: b.amount }],
  });
  return ids;
}

/** The edit through Conductor's simulator as the bookkeeper makes it: the lines sent again without one. */
export function editConductor(co: SimCompany, ids: IdNames): void {
  co.update('customers', ids.get(`customer:${CO.customer.name}`)!, { phone: CO.edit.phone });
  const id = ids.get(`invoice:${CO.edit.invoice}`)!;
  const lines = (co.get('invoices', id)!.lines as JsonObject[]).filter((_l, n) => n !== CO.edit.dropLine);
  const kept = lines.map((l): JsonObject => {
    const item = l.item as { id: string } | null;
    return {
      id: String(l.id),
      ...(item ? { itemId: item.id, quantity: l.quantity, rate: l.rate } : {}),
      ...(l.description ? { description: l.description } : {}),
    };
  });
  co.update('invoices', id, { lines: kept });
}
