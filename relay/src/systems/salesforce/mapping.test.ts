import path from 'node:path';
import fs from 'node:fs';
import { loadPackageMetadata } from '../../../../test/metadata/package-metadata.ts';
import type { CanonicalRecord, Deletion, RecordType } from '../../sync/model.ts';
import { deletionWrites, toSalesforceWrites, transactionStatus, type SalesforceWrite } from './mapping.ts';
import { SCHEMA } from './schema.ts';

const fixtures = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'canonical-records.json'), 'utf8'),
) as Record<string, CanonicalRecord>;
const expected = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'salesforce-writes.json'), 'utf8'),
) as Record<string, SalesforceWrite[]>;
const ctx = { connectionKey: 'acme', today: '2026-11-22' };
const meta = loadPackageMetadata(path.resolve(import.meta.dirname, '../../../../force-app/main/default'));

/** The field a key names: `Account__r`/`Parent` are relationships, resolved to their lookup field. */
function resolve(sobject: string, key: string): { field: string; target?: string } | undefined {
  const object = meta.objects.get(sobject)!;
  for (const f of object.fields.values()) {
    if (f.name === key) return { field: f.name };
    if (f.relationshipName && (f.relationshipName === key || `${f.name.replace(/__c$/, '')}__r` === key)) {
      return { field: f.name, target: f.referenceTo };
    }
  }
  return undefined;
}

describe('canonical → Salesforce mapping', () => {
  it.each(Object.keys(fixtures))('maps the %s fixture to the recorded writes', (name) => {
    expect(toSalesforceWrites(fixtures[name]!, ctx)).toStrictEqual(expected[name]);
  });

  it('writes only fields and picklist values the relay schema and the package define', () => {
    const writes = Object.values(fixtures).flatMap((r) => toSalesforceWrites(r, ctx));
    const deletions = (['customer', 'vendor', 'item', 'account', 'invoice', 'bill', 'payment'] as RecordType[]).flatMap(
      (t) =>
        deletionWrites(
          { type: 'deletion', recordType: t, id: 'X1', deletedAt: '2026-11-20T10:00:00Z' } satisfies Deletion,
          ctx,
        ),
    );
    expect(writes.length).toBeGreaterThan(10);
    const violations: string[] = [];
    for (const w of [...writes, ...deletions]) {
      const spec = SCHEMA[w.sobject] as { fields: readonly string[]; picklists?: Record<string, readonly string[]> };
      if (!meta.objects.get(w.sobject)?.fields.get(w.externalIdField)?.externalId) {
        violations.push(`${w.sobject}.${w.externalIdField} is not an external ID`);
      }
      for (const [key, value] of Object.entries(w.fields)) {
        const resolved = resolve(w.sobject, key);
        if (!resolved || !spec.fields.includes(resolved.field))
          violations.push(`${w.sobject}.${key} is not in the schema`);
        if (resolved?.target && value && typeof value === 'object') {
          const [refField] = Object.keys(value);
          if (!meta.objects.get(resolved.target)?.fields.get(refField!)?.externalId) {
            violations.push(`${w.sobject}.${key} references ${resolved.target}.${refField}, not an external ID`);
          }
        }
        const allowed = spec.picklists?.[key];
        if (allowed && !allowed.includes(String(value))) violations.push(`${w.sobject}.${key} = ${String(value)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('gives a won deal its sales order id and Synced, and mirrors nothing else of a sales order', () => {
    const order = {
      type: 'invoice',
      isSalesOrder: true,
      id: '1F-1709312404',
      updatedAt: '2026-12-01T15:00:00Z',
      number: '1001',
      customerId: '80000031-1',
      txnDate: '2026-11-30',
      total: '436.50',
      balance: '0.00',
      lines: [{ id: '1-31', itemId: '8000001F-1', quantity: '3', rate: '95.5', amount: '286.50' }],
    } as const satisfies CanonicalRecord;
    expect(toSalesforceWrites(order, { ...ctx, knownId: '006000000000001AAA' })).toEqual([
      {
        sobject: 'Opportunity',
        externalIdField: 'Id',
        externalId: '006000000000001AAA',
        source: { type: 'invoice', id: '1F-1709312404' },
        fields: { QuickBooks_Sales_Order_Id__c: 'acme:1F-1709312404', QuickBooks_Sync_Status__c: 'Synced' },
      },
    ]);
    // One no deal of ours made (the relay reads no other sales orders): nothing to write it to.
    expect(toSalesforceWrites(order, ctx)).toEqual([]);
  });

  it('puts the invoice’s department and class on its mirror and its Opportunity, a deal Salesforce won too', () => {
    const writes = toSalesforceWrites(fixtures.invoice!, ctx);
    expect(writes.find((w) => w.sobject === 'QuickBooks_Invoice__c')!.fields).toMatchObject({
      Department__c: 'East:Boston',
      Class__c: 'Remodel',
      Exchange_Rate__c: '1.3456789012',
    });
    const won = toSalesforceWrites(fixtures.invoice!, { ...ctx, knownId: '006000000000001AAA' });
    expect(won.find((w) => w.sobject === 'Opportunity')!.fields).toEqual({
      QuickBooks_Invoice_Id__c: 'acme:1A4-1646382600',
      QuickBooks_Sync_Status__c: 'Synced',
      QuickBooks_Department__c: 'East:Boston',
      QuickBooks_Class__c: 'Remodel',
    });
    const { department: _d, className: _c, ...plain } = fixtures.invoice as CanonicalRecord & { type: 'invoice' };
    const none = toSalesforceWrites(plain, { ...ctx, knownId: '006000000000001AAA' });
    expect(none.find((w) => w.sobject === 'Opportunity')!.fields).toMatchObject({
      QuickBooks_Department__c: null,
      QuickBooks_Class__c: null,
    });
  });

  it('leaves a customer’s class to its roll-up (its most recent invoice’s, or its own)', () => {
    const [account] = toSalesforceWrites({ ...fixtures.customer!, className: 'Remodel' } as CanonicalRecord, ctx);
    expect(account!.fields).not.toHaveProperty('QuickBooks_Class__c');
    expect(account!.fields).not.toHaveProperty('QuickBooks_Department__c');
  });

  it('keeps the Opportunity equal to the invoice to the cent', () => {
    // A description-only line cannot be an Opportunity product: the total goes on the Opportunity.
    const mixed = toSalesforceWrites(fixtures.invoice!, ctx);
    expect(mixed.filter((w) => w.sobject === 'QuickBooks_Invoice_Line__c')).toHaveLength(2);
    expect(mixed.filter((w) => w.sobject === 'OpportunityLineItem')).toHaveLength(0);
    expect(mixed.find((w) => w.sobject === 'Opportunity')!.fields.Amount).toBe('1402.50');
    // Every line an item and the lines add up: products carry it, via TotalPrice (not UnitPrice).
    const items = toSalesforceWrites(fixtures.paidInvoiceWithProducts!, ctx);
    const products = items.filter((w) => w.sobject === 'OpportunityLineItem');
    expect(products.map((w) => w.fields.TotalPrice)).toEqual(['213.00']);
    expect(items.find((w) => w.sobject === 'Opportunity')!.fields).toMatchObject({ StageName: 'Closed Won' });
    expect(items.find((w) => w.sobject === 'Opportunity')!.fields.Amount).toBeUndefined();
  });

  it('gives an invoice with an inactive item no Opportunity products, and its subtotal again after the lines', () => {
    const invoice = fixtures.paidInvoiceWithProducts!;
    const writes = toSalesforceWrites(invoice, { ...ctx, inactiveItems: new Set(['80000020-1646382400']) });
    expect(writes.filter((w) => w.sobject === 'OpportunityLineItem')).toHaveLength(0);
    expect(writes.filter((w) => w.sobject === 'QuickBooks_Invoice_Line__c')).toHaveLength(1);
    expect(writes.filter((w) => w.sobject === 'Opportunity').map((w) => [w.slot, w.fields.Amount])).toEqual([
      [undefined, '213.00'],
      ['amount', '213.00'],
    ]);
    // Another item inactive changes nothing for this invoice.
    const other = toSalesforceWrites(invoice, { ...ctx, inactiveItems: new Set(['80000099-1']) });
    expect(other).toStrictEqual(toSalesforceWrites(invoice, ctx));
  });

  it('derives invoice status from balance, due date and voids', () => {
    const today = '2026-11-22';
    expect(transactionStatus({ total: '100.00', balance: '0.00' }, today)).toBe('Paid');
    expect(transactionStatus({ total: '100.00', balance: '40.00', dueDate: '2026-12-01' }, today)).toBe(
      'Partially Paid',
    );
    expect(transactionStatus({ total: '100.00', balance: '40.00', dueDate: '2026-11-21' }, today)).toBe('Overdue');
    expect(transactionStatus({ total: '100.00', balance: '100', dueDate: '2026-11-22' }, today)).toBe('Open');
    expect(transactionStatus({ total: '100.00', balance: '100.00', isVoided: true }, today)).toBe('Voided');
    expect(transactionStatus({ total: '0.00', balance: '0.00' }, today)).toBe('Open');
  });

  it('deactivates or voids on deletion, never deletes', () => {
    const d = (recordType: RecordType) =>
      deletionWrites({ type: 'deletion', recordType, id: 'X1', deletedAt: '2026-11-20T10:00:00Z' }, ctx);
    expect(d('customer')).toEqual([
      expect.objectContaining({ sobject: 'Account', fields: { QuickBooks_Active__c: false } }),
    ]);
    expect(d('invoice').map((w) => [w.sobject, w.fields])).toEqual([
      ['QuickBooks_Invoice__c', { Status__c: 'Voided', Balance__c: '0.00' }],
      ['Opportunity', { StageName: 'Closed Lost' }],
    ]);
    expect(d('item')[0]!.fields).toEqual({ IsActive: false });
  });
});
