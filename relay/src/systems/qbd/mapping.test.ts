import fs from 'node:fs';
import path from 'node:path';
import { parseQbxmlResponse } from './qbxml/parse.ts';
import type { QbxmlRecord } from './qbxml/record-types.ts';
import { toCanonical, toDeletion } from './mapping.ts';

const real = path.join(import.meta.dirname, 'fixtures', 'real');
const expected = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'canonical.expected.json'), 'utf8'),
) as Record<string, unknown[]>;
const ctx = { homeCurrency: 'USD' };

/** Real QuickBooks responses; those captured inside a receiveResponseXML envelope are unwrapped. */
function records(file: string): QbxmlRecord[] {
  let xml = fs.readFileSync(path.join(real, file), 'utf8');
  const wrapped = /<response>([\s\S]*?)<\/response>/.exec(xml);
  if (wrapped) {
    xml = wrapped[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  }
  const parsed = parseQbxmlResponse(xml);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.value.responses.flatMap((r) => r.records);
}

describe('QuickBooks Desktop → canonical mapping', () => {
  it.each(Object.keys(expected))('maps the real response %s to the recorded canonical records', (file) => {
    const mapped = records(file)
      .map((r) => toCanonical(r, ctx))
      .filter((r) => !r.ok || r.value !== undefined); // kinds the sync does not mirror
    expect(mapped).toStrictEqual(expected[file]);
  });

  it('keeps amounts exact: invoice total is subtotal plus tax, balance as QuickBooks says', () => {
    const [real] = records('flowlink__receiveResponseXML_invoice_add_rs.xml') as (QbxmlRecord & { kind: 'invoice' })[];
    const line = real!.lines[0]!;
    const invoice: QbxmlRecord = {
      ...real!,
      // 0.1 + 0.2 style sums that binary floating point gets wrong
      lines: [
        { ...line, txnLineId: 'L1', amount: '0.1' },
        { ...line, txnLineId: 'L2', amount: '0.20' },
        { ...line, txnLineId: 'L3', amount: '1234567890123.07' },
      ],
      subtotal: '1234567890123.37',
      salesTaxTotal: '0.03',
      balanceRemaining: '17.5',
    };
    const result = toCanonical(invoice, ctx);
    expect(result.ok && result.value).toMatchObject({
      type: 'invoice',
      total: '1234567890123.40',
      balance: '17.50',
      lines: [{ amount: '0.10' }, { amount: '0.20' }, { amount: '1234567890123.07' }],
    });
  });

  it('refuses a transaction whose customer has no ListID', () => {
    const [invoice] = records('flowlink__receiveResponseXML_invoice_add_rs.xml');
    const broken = { ...(invoice as QbxmlRecord & { kind: 'invoice' }), customer: { fullName: 'Someone' } };
    const result = toCanonical(broken, ctx);
    expect(result.ok ? 'ok' : result.error.code).toBe('qbd_missing_reference');
  });

  it('recognises a voided invoice (zeroed, memo "VOID:")', () => {
    const [invoice] = records('flowlink__receiveResponseXML_invoice_add_rs.xml') as (QbxmlRecord & {
      kind: 'invoice';
    })[];
    const voided = {
      ...invoice!,
      subtotal: '0.00',
      salesTaxTotal: '0.00',
      balanceRemaining: '0.00',
      memo: 'VOID: duplicate',
    };
    const result = toCanonical(voided, ctx);
    expect(result.ok && result.value).toMatchObject({ isVoided: true, total: '0.00' });
  });

  it('gives an invoice its class (the header’s, else the one class its item lines name) and exchange rate', () => {
    const [invoice] = records('flowlink__receiveResponseXML_invoice_add_rs.xml') as (QbxmlRecord & {
      kind: 'invoice';
    })[];
    // Two item lines: the recorded one and a second like it.
    const two = [invoice!.lines[0]!, { ...invoice!.lines[0]!, txnLineId: 'X-2' }];
    const classed = (cls: (string | undefined)[]) =>
      two.map((l, i) => ({ ...l, class: cls[i] ? { fullName: cls[i] } : undefined }));
    const map = (r: QbxmlRecord) => {
      const out = toCanonical(r, ctx);
      return out.ok ? out.value : out.error;
    };
    const all = ['East:Retail', 'East:Retail'];
    expect(map({ ...invoice!, class: { fullName: 'West' }, exchangeRate: '1.35', lines: classed(all) })).toMatchObject({
      className: 'West',
      exchangeRate: '1.35',
    });
    expect(map({ ...invoice!, lines: classed(all) })).toMatchObject({ className: 'East:Retail' });
    expect(map({ ...invoice!, lines: classed(['East:Retail']) })).not.toHaveProperty('className');
  });

  it('turns list and transaction deletions into canonical deletions, ignoring types not mirrored', () => {
    const base = { timeCreated: '2026-01-01T10:00:00-08:00', timeDeleted: '2026-11-20T10:00:00-08:00' };
    expect(
      toDeletion({ kind: 'deletedList', listDelType: 'Customer', listId: 'C1', fullName: 'Acme:Job', ...base }),
    ).toEqual({
      type: 'deletion',
      recordType: 'customer',
      id: 'C1',
      deletedAt: '2026-11-20T10:00:00-08:00',
      name: 'Acme:Job',
    });
    expect(toDeletion({ kind: 'deletedList', listDelType: 'ItemService', listId: 'I1', ...base })?.recordType).toBe(
      'item',
    );
    expect(toDeletion({ kind: 'deletedTxn', txnDelType: 'ReceivePayment', txnId: 'P1', ...base })?.recordType).toBe(
      'payment',
    );
    expect(toDeletion({ kind: 'deletedList', listDelType: 'Employee', listId: 'E1', ...base })).toBeUndefined();
    expect(toDeletion({ kind: 'deletedTxn', txnDelType: 'Check', txnId: 'K1', ...base })).toBeUndefined();
  });

  it('maps journal entry lines with their sides and accounts', () => {
    const entry: QbxmlRecord = {
      kind: 'journalEntry',
      txnId: 'J1-1',
      timeCreated: '2026-11-01T09:00:00-08:00',
      timeModified: '2026-11-01T09:00:00-08:00',
      editSequence: '1',
      txnDate: '2026-11-01',
      refNumber: 'JE-7',
      lines: [
        {
          txnLineId: 'L1',
          type: 'Debit',
          account: { listId: 'A1', fullName: 'Rent' },
          amount: '1200.5',
          memo: 'Nov rent',
        },
        { txnLineId: 'L2', type: 'Credit', account: { listId: 'A2', fullName: 'Checking' }, amount: '1200.50' },
      ],
    };
    const result = toCanonical(entry, ctx);
    expect(result.ok && result.value).toEqual({
      type: 'journalEntry',
      id: 'J1-1',
      version: '1',
      updatedAt: '2026-11-01T09:00:00-08:00',
      number: 'JE-7',
      txnDate: '2026-11-01',
      currency: 'USD',
      lines: [
        { id: 'L1', accountId: 'A1', side: 'debit', amount: '1200.50', memo: 'Nov rent' },
        { id: 'L2', accountId: 'A2', side: 'credit', amount: '1200.50' },
      ],
    });
  });
  describe('currencies', () => {
    const invoice = () =>
      records('flowlink__receiveResponseXML_invoice_add_rs.xml')[0] as QbxmlRecord & { kind: 'invoice' };
    const withCurrency = (fullName: string) => ({ ...invoice(), currency: { listId: 'CUR-1', fullName } });

    it('codes a named currency by the table, not by its first letters', () => {
      const result = toCanonical(withCurrency('Danish Krone'), ctx);
      expect(result.ok && result.value).toMatchObject({ type: 'invoice', currency: 'DKK' });
    });

    it('takes the home currency for a record that names none', () => {
      const result = toCanonical({ ...invoice(), currency: undefined }, { homeCurrency: 'CAD' });
      expect(result.ok && result.value).toMatchObject({ type: 'invoice', currency: 'CAD' });
    });

    it('fails a record in a currency it has no ISO code for, in words, with no made-up code', () => {
      const inv = invoice();
      const result = toCanonical(withCurrency('Galactic Credit'), ctx);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('qbd_unknown_currency');
      expect(result.error.retryable).toBe(false);
      expect(result.error.message).toBe(
        `QuickBooks currency 'Galactic Credit' on invoice ${inv.refNumber} has no ISO 4217 code Ledgerbridge knows; give the currency its standard name (or its three-letter ISO code) in QuickBooks' currency list, then sync again.`,
      );
    });

    it.each([
      ['qbwc-qbxml__customer_query_rs.xml', 'customer'],
      ['intuit-sdk__BillQueryRs_LastResponse.xml', 'bill'],
      ['qbwc-qbxml__receive_payment_query_rs.xml', 'payment'],
    ])('fails a %s record (%s) in an unknown currency too', (file, kind) => {
      const record = records(file).find((r) => r.kind === kind)!;
      const result = toCanonical({ ...record, currency: { fullName: 'Galactic Credit' } } as QbxmlRecord, ctx);
      expect(result.ok ? 'ok' : result.error.code).toBe('qbd_unknown_currency');
      expect(result.ok ? '' : result.error.message).toMatch(
        new RegExp(`^QuickBooks currency 'Galactic Credit' on ${kind} `),
      );
    });
  });

  it('maps a sales order read back to an invoice that is a sales order: its lines and total exact, nothing owed', () => {
    const xml =
      '<QBXML><QBXMLMsgsRs><SalesOrderQueryRs requestID="read-back" statusCode="0" statusSeverity="Info" statusMessage="Status OK">' +
      '<SalesOrderRet><TxnID>1F-1709312404</TxnID><TimeCreated>2024-03-01T09:00:04-08:00</TimeCreated><TimeModified>2024-03-01T09:00:04-08:00</TimeModified>' +
      '<EditSequence>1709312404</EditSequence><TxnNumber>31</TxnNumber><CustomerRef><ListID>80000031-1709312403</ListID><FullName>Northwind</FullName></CustomerRef>' +
      '<TxnDate>2026-11-30</TxnDate><RefNumber>1001</RefNumber><Subtotal>436.50</Subtotal><SalesTaxTotal>0.00</SalesTaxTotal><TotalAmount>436.50</TotalAmount>' +
      '<IsManuallyClosed>false</IsManuallyClosed><IsFullyInvoiced>false</IsFullyInvoiced><ExternalGUID>{3F2504E0-4F89-41D3-9A0C-0305E82C3301}</ExternalGUID>' +
      '<SalesOrderLineRet><TxnLineID>1-31</TxnLineID><ItemRef><ListID>8000001F-1</ListID></ItemRef><Quantity>3</Quantity><Rate>95.5</Rate><Amount>286.50</Amount></SalesOrderLineRet>' +
      '<SalesOrderLineRet><TxnLineID>2-31</TxnLineID><ItemRef><ListID>80000020-1</ListID></ItemRef><Quantity>1</Quantity><Rate>150</Rate><Amount>150.00</Amount></SalesOrderLineRet>' +
      '</SalesOrderRet></SalesOrderQueryRs></QBXMLMsgsRs></QBXML>';
    const parsed = parseQbxmlResponse(xml);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const mapped = toCanonical(parsed.value.responses[0]!.records[0]!, ctx);
    expect(mapped).toEqual({
      ok: true,
      value: expect.objectContaining({
        type: 'invoice',
        isSalesOrder: true,
        id: '1F-1709312404',
        version: '1709312404',
        customerId: '80000031-1709312403',
        txnDate: '2026-11-30',
        total: '436.50',
        balance: '0.00',
        lines: [
          { id: '1-31', itemId: '8000001F-1', quantity: '3', rate: '95.5', amount: '286.50' },
          { id: '2-31', itemId: '80000020-1', quantity: '1', rate: '150', amount: '150.00' },
        ],
      }),
    });
  });
});
