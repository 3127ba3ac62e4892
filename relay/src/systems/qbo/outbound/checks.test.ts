import { LIMITS, nameless, unsendable } from './checks.ts';

describe('what QuickBooks Online would refuse, found before sending', () => {
  it('a DisplayName of at most 500 characters and no colon', () => {
    expect(unsendable('Customer', { DisplayName: 'x'.repeat(LIMITS.displayName), Active: true })).toBeUndefined();
    const long = unsendable('Customer', { DisplayName: 'x'.repeat(501), Active: true });
    expect(long).toMatchObject({ code: 'qbo_name_too_long', retryable: false });
    expect(long?.message).toContain('501 characters long (QuickBooks Online takes 500)');
    const colon = unsendable('Customer', { DisplayName: 'Acme: West', Active: true });
    expect(colon?.code).toBe('qbo_name_colon');
    expect(colon?.message).toMatch(/the customer name "Acme: West" contains a colon .*Correct it in Salesforce/);
    expect(unsendable('Customer', { DisplayName: '  ', Active: true })?.code).toBe('qbo_name_missing');
  });

  it('a write leaving the name out (as the record has it) is not refused, but can make no record', () => {
    const fields = { BillAddr: { City: 'Ashland' }, Active: true };
    expect(unsendable('Customer', fields)).toBeUndefined();
    expect(nameless('Customer', fields)?.code).toBe('qbo_name_missing');
    expect(nameless('Customer', { DisplayName: 'Acme', Active: true })).toBeUndefined();
    expect(nameless('Item', { Active: false })?.code).toBe('qbo_name_missing');
    expect(nameless('Invoice', { Line: [] })).toBeUndefined();
  });

  it('an item Name of at most 100 characters and no colon', () => {
    expect(unsendable('Item', { Name: 'y'.repeat(100), Type: 'Service', Active: true })).toBeUndefined();
    expect(unsendable('Item', { Name: 'y'.repeat(101), Type: 'Service', Active: true })?.code).toBe(
      'qbo_name_too_long',
    );
    expect(unsendable('Item', { Name: 'Parts:Bolt', Type: 'Service', Active: true })?.code).toBe('qbo_name_colon');
    expect(unsendable('Item', { Name: ' ', Type: 'Service', Active: true })?.code).toBe('qbo_name_missing');
  });

  it('an update that leaves the name as QuickBooks has it (held back, not set) has no name to check', () => {
    expect(unsendable('Item', { UnitPrice: '128.00', Active: true })).toBeUndefined();
    expect(unsendable('Customer', { PrimaryPhone: { FreeFormNumber: '555-0100' }, Active: true })).toBeUndefined();
    expect(unsendable('Item', { Name: null, UnitPrice: '128.00' })?.code).toBe('qbo_name_missing');
  });

  it('an invoice number of at most 21 characters (characters, not bytes)', () => {
    const fields = (DocNumber?: string) => ({ TxnDate: '2026-11-30', ...(DocNumber ? { DocNumber } : {}) });
    expect(unsendable('Invoice', fields('é'.repeat(21)))).toBeUndefined();
    expect(unsendable('Invoice', fields())).toBeUndefined();
    expect(unsendable('Invoice', fields('1'.repeat(22)))?.code).toBe('qbo_doc_number_too_long');
  });
});
