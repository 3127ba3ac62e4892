import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { createCompany } from '../../../../../test/simulators/qbd/company/index.ts';
import { unescapeXml } from './charset.ts';
import { readXml, type El } from './xml-tree.ts';

/**
 * The reference: the tree as fast-xml-parser builds it (ordered, entities left alone, values
 * trimmed), converted to `El`. `readXml` builds the same tree in one pass; this test holds it to it.
 */
const reference = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: false,
  ignorePiTags: false,
  commentPropName: false,
});
type Raw = Record<string, unknown>;
const keyOf = (item: Raw) => Object.keys(item).find((k) => k !== ':@');
function toEl(name: string, raw: Raw): El {
  const attrs = Object.fromEntries(
    Object.entries((raw[':@'] as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k, unescapeXml(v)]),
  );
  const children: El[] = [];
  let text = '';
  for (const item of (raw[name] as Raw[] | undefined) ?? []) {
    const key = keyOf(item);
    if (key === '#text') text += String(item[key]);
    else if (key !== undefined && !key.startsWith('?') && !key.startsWith('!')) children.push(toEl(key, item));
  }
  return { name, attrs, children, text: unescapeXml(text) };
}
function referenceDoc(xml: string) {
  const instructions: Record<string, Record<string, string>> = {};
  let root: El | undefined;
  for (const item of reference.parse(xml) as Raw[]) {
    const key = keyOf(item);
    if (key === undefined || key === '#text') continue;
    if (key.startsWith('?')) instructions[key.slice(1)] = { ...((item[':@'] as Record<string, string>) ?? {}) };
    else root ??= toEl(key, item);
  }
  return { root, instructions };
}

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const files = ['real', 'simulated'].flatMap((dir) =>
  fs
    .readdirSync(path.join(FIXTURES, dir))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => path.join(dir, f)),
);

describe('readXml builds the same tree as the reference parser', () => {
  it.each(files)('%s', (file) => {
    const xml = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const doc = readXml(xml);
    expect(doc.ok).toBe(true);
    expect(doc.ok && doc.value).toEqual(referenceDoc(xml));
  });

  it('a generated page of invoices with lines, bills, payments and customers', () => {
    const company = createCompany({
      seed: 7,
      customers: 40,
      vendors: 5,
      items: 10,
      invoices: 120,
      bills: 20,
      payments: 30,
      journalEntries: 5,
      deletions: 3,
    });
    const kinds = {
      Customer: 'customer',
      Invoice: 'invoice',
      Bill: 'bill',
      ReceivePayment: 'payment',
      JournalEntry: 'journalEntry',
    } as const;
    for (const [type, kind] of Object.entries(kinds)) {
      const xml = company.process(
        `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError"><${type}QueryRq requestID="1"><MaxReturned>500</MaxReturned></${type}QueryRq></QBXMLMsgsRq></QBXML>`,
      );
      const doc = readXml(xml);
      expect(doc.ok && doc.value).toEqual(referenceDoc(xml));
      // The whole table in one page (MaxReturned 500), active list entries only (QuickBooks' default).
      const answered = company.list(kind).filter((r) => !('isActive' in r) || r.isActive);
      expect(doc.ok && doc.value.root.children[0]!.children[0]!.children.length).toBe(answered.length);
    }
  });

  it('edge cases: quoted >, entities, comments, CDATA, self-closing tags, mixed content, instructions', () => {
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<?qbxml version="13.0"?>',
      '<!-- a comment <with> tags -->',
      `<QBXML a="x &gt; y" b='q"uote' c="1>2">`,
      '  <Name>  Baker &amp; Sons &#233;  </Name>',
      '  <Empty/><Empty2 k="v" />',
      '  <Memo><![CDATA[raw <b>&amp;</b>]]></Memo>',
      '  <Mixed> one <I>i</I> two </Mixed>',
      '  <Deep><A><B><C>x</C></B></A></Deep>',
      '  <Status code=" 3200 " message="out-of-date. "/>',
      '</QBXML>',
    ].join('\n');
    const doc = readXml(xml);
    expect(doc.ok && doc.value).toEqual(referenceDoc(xml));
    expect(doc.ok && doc.value.root.attrs).toEqual({ a: 'x > y', b: 'q"uote', c: '1>2' });
    expect(doc.ok && doc.value.root.children.map((c) => c.name)).toEqual([
      'Name',
      'Empty',
      'Empty2',
      'Memo',
      'Mixed',
      'Deep',
      'Status',
    ]);
  });
});
