import fs from 'node:fs';
import path from 'node:path';
import { unescapeXml } from './charset.ts';
import { parseQbxmlResponse, type QbxmlResponseSet } from './parse.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');

/** The qbXML inside a receiveResponseXML envelope (escaped as QBWC sends it, or raw in hand-annotated captures). */
function responseOf(envelope: string): string {
  const m = /<response>([\s\S]*)<\/response>/.exec(envelope);
  if (!m?.[1]) throw new Error('no <response> in envelope');
  return m[1].trimStart().startsWith('&lt;') ? unescapeXml(m[1]) : m[1];
}

function load(file: string): string {
  const text = fs.readFileSync(path.join(REAL, file), 'utf8');
  return file.includes('receiveResponseXML') ? responseOf(text) : text;
}

function parsed(xml: string): QbxmlResponseSet {
  const r = parseQbxmlResponse(xml);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('parseQbxmlResponse on real QuickBooks responses', () => {
  const files = fs.readdirSync(REAL).filter((f) => f.endsWith('.xml'));

  it('finds the recorded samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  it.each(files)('parses %s', (file) => {
    const set = parsed(load(file));
    expect(set.responses.length).toBeGreaterThan(0);
    for (const rs of set.responses) {
      expect(rs.name).toMatch(/Rs$/);
      expect(Number.isInteger(rs.statusCode)).toBe(true);
    }
  });

  it('reads an iterator page (remaining count and iterator ID)', () => {
    const [rs] = parsed(load('qbwc-qbxml__customer_query_terator_rs.xml')).responses;
    expect(rs).toMatchObject({
      requestId: '1',
      statusCode: 0,
      iteratorRemainingCount: 18,
      iteratorId: '{eb05f701-e727-472f-8ade-6753c4f67a46}',
    });
    expect(rs?.records[0]).toMatchObject({
      kind: 'customer',
      listId: '110000-1232697602',
      editSequence: '1232697602',
      fullName: '10th Customer',
      isActive: true,
    });
  });

  it('keeps amounts as exact decimal strings', () => {
    const bills = parsed(load('intuit-sdk__BillQueryRs_LastResponse.xml')).responses[0]?.records ?? [];
    expect(bills.length).toBe(3);
    expect(bills.map((b) => [b.kind, b.kind === 'bill' ? typeof b.amountDue : 'n/a'])).toEqual([
      ['bill', 'string'],
      ['bill', 'string'],
      ['bill', 'string'],
    ]);
  });

  it('attributes each status in a continueOnError batch to its request, decoding &quot; in messages', () => {
    const set = parsed(load('hotglue__customer-batch-mixed.response.xml'));
    expect(set.responses.map((r) => [r.requestId, r.statusCode, r.status.action])).toEqual([
      ['ext-mix-1', 0, 'ok'],
      ['ext-mix-2', 3100, 'fix_data'],
      ['ext-mix-3', 3250, 'give_up'],
      ['ext-mix-4', 3130, 'fix_data'],
      ['ext-mix-5', 0, 'ok'],
    ]);
    expect(set.responses[1]?.statusMessage).toBe(
      'The name "HG-BATCH-MIX-1785964184-1" of the list element is already in use.',
    );
    expect(set.responses[1]?.status.errorCode).toBe('qbxml_duplicate_name');
  });

  it('reads invoice lines, payments with applied transactions and item types', () => {
    const inv = parsed(load('flowlink__receiveResponseXML_invoice_add_rs.xml')).responses[0]?.records[0];
    expect(inv).toMatchObject({ kind: 'invoice', txnId: 'C5-1417118624', customer: { fullName: 'spree@example.com' } });
    expect(inv?.kind === 'invoice' && inv.lines.length).toBe(1);
    const pay = parsed(load('qbwc-qbxml__receive_payment_query_rs.xml')).responses[0]?.records[0];
    expect(pay?.kind).toBe('payment');
    const items =
      parsed(load('flowlink__receiveResponseXML_item_inventory_query_rs_raw.xml')).responses[0]?.records ?? [];
    expect(new Set(items.map((i) => (i.kind === 'item' ? i.itemType : i.kind)))).toEqual(new Set(['Inventory']));
  });

  it('keeps unknown Rets as plain data and trimmed write answers as partial records', () => {
    const po = parsed(load('qbwc-qbxml__purchase_order_query_rs.xml')).responses[0]?.records[0];
    expect(po).toMatchObject({ kind: 'other', retName: 'PurchaseOrderRet' });
    const batch = parsed(load('hotglue__customer-batch-valid.response.xml')).responses;
    expect(batch[1]?.records[0]).toMatchObject({ kind: 'partial', retName: 'CustomerRet', id: '80002748-1785964187' });
  });
});

describe('parseQbxmlResponse safety and leniency', () => {
  const wrap = (inner: string) => `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>${inner}</QBXMLMsgsRs></QBXML>`;
  const customer = (extra = '', id = '<ListID>80000001-1</ListID>', seq = '<EditSequence>1</EditSequence>') =>
    wrap(
      `<CustomerQueryRs requestID="q" statusCode="0" statusSeverity="Info" statusMessage="Status OK" retCount="1"><CustomerRet>${id}<TimeCreated>2024-01-01T10:00:00-08:00</TimeCreated><TimeModified>2024-01-01T10:00:00-08:00</TimeModified>${seq}<Name>A</Name>${extra}</CustomerRet></CustomerQueryRs>`,
    );

  it('refuses a billion-laughs entity expansion without expanding anything', () => {
    const attack =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><QBXML><QBXMLMsgsRs>&lol3;</QBXMLMsgsRs></QBXML>';
    const started = process.hrtime.bigint();
    const r = parseQbxmlResponse(attack);
    expect(r).toMatchObject({ ok: false, error: { code: 'qbxml_doctype_forbidden' } });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });

  it('refuses any DOCTYPE, including external entities', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE QBXML SYSTEM "file:///etc/passwd"><QBXML/>';
    expect(parseQbxmlResponse(xxe)).toMatchObject({ ok: false, error: { code: 'qbxml_doctype_forbidden' } });
  });

  it('leaves undeclared entities unexpanded and decodes only the predefined five and character references', () => {
    const set = parsed(customer('<CompanyName>A &amp; B &lt;&#233;&#x20AC;&gt; &foo;</CompanyName>'));
    expect(set.responses[0]?.records[0]).toMatchObject({ companyName: 'A & B <é€> &foo;' });
  });

  it('says where malformed XML breaks only as far as the parser knows (no "column undefined")', () => {
    const empty = parseQbxmlResponse('');
    expect(empty).toMatchObject({ ok: false, error: { code: 'qbxml_malformed' } });
    expect(!empty.ok && empty.error.message).toBe('The XML is not well-formed (line 1): Start tag expected.');
    const cut = parseQbxmlResponse('<QBXML><QBXMLMsgsRs>');
    expect(!cut.ok && cut.error.message).toMatch(/^The XML is not well-formed \(line 1, column \d+\): /);
  });

  it('refuses malformed XML and documents that are not qbXML', () => {
    expect(parseQbxmlResponse('<QBXML><QBXMLMsgsRs><CustomerQueryRs></QBXMLMsgsRs></QBXML>')).toMatchObject({
      ok: false,
      error: { code: 'qbxml_malformed' },
    });
    expect(parseQbxmlResponse('')).toMatchObject({ ok: false });
    expect(parseQbxmlResponse('<html><body>Error</body></html>')).toMatchObject({
      ok: false,
      error: { code: 'qbxml_not_qbxml' },
    });
    expect(parseQbxmlResponse('x'.repeat(100), { maxChars: 10 })).toMatchObject({
      ok: false,
      error: { code: 'qbxml_too_large' },
    });
  });

  it('is strict about identity', () => {
    expect(parseQbxmlResponse(customer('', ''))).toMatchObject({
      ok: false,
      error: { code: 'qbxml_invalid_identity', message: expect.stringContaining('no ListID') },
    });
    expect(parseQbxmlResponse(customer('', undefined, ''))).toMatchObject({
      ok: false,
      error: { code: 'qbxml_invalid_identity', message: expect.stringContaining('EditSequence') },
    });
    expect(parseQbxmlResponse(customer('', undefined, '<EditSequence>12345678901234567</EditSequence>'))).toMatchObject(
      { ok: false },
    );
    expect(parseQbxmlResponse(customer('', '<ListID>has space</ListID>'))).toMatchObject({ ok: false });
  });

  it('is lenient about order, unknown elements and unknown enum values', () => {
    const set = parsed(
      customer(
        '<Sublevel>0</Sublevel><CompanyName>After Sublevel</CompanyName><PreferredDeliveryMethod>Mail</PreferredDeliveryMethod><FutureElement>x</FutureElement><Balance>10.10</Balance>',
      ),
    );
    expect(set.responses[0]?.records[0]).toMatchObject({
      companyName: 'After Sublevel',
      preferredDeliveryMethod: 'Mail',
      balance: '10.10',
    });
  });

  it('reads statuses without records, and missing requestID/retCount', () => {
    const set = parsed(
      wrap(
        '<InvoiceQueryRs statusCode="1" statusSeverity="Info" statusMessage="A query request did not find a matching object in QuickBooks" />',
      ),
    );
    expect(set.responses[0]).toMatchObject({
      requestId: undefined,
      statusCode: 1,
      retCount: undefined,
      records: [],
      status: { level: 'info', action: 'ok' },
    });
  });

  it('keeps debits and credits of a journal entry in document order', () => {
    const je = wrap(
      '<JournalEntryQueryRs requestID="j" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><JournalEntryRet><TxnID>1-1</TxnID><TimeCreated>2024-01-01T00:00:00</TimeCreated><TimeModified>2024-01-01T00:00:00</TimeModified><EditSequence>5</EditSequence><TxnDate>2024-01-01</TxnDate>' +
        '<JournalCreditLine><TxnLineID>2</TxnLineID><Amount>5.00</Amount></JournalCreditLine><JournalDebitLine><TxnLineID>3</TxnLineID><Amount>5.00</Amount></JournalDebitLine></JournalEntryRet></JournalEntryQueryRs>',
    );
    const rec = parsed(je).responses[0]?.records[0];
    expect(rec?.kind === 'journalEntry' && rec.lines.map((l) => `${l.type}:${l.amount}`)).toEqual([
      'Credit:5.00',
      'Debit:5.00',
    ]);
  });
});
