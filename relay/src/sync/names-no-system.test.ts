/**
 * The sync core names no system: its code (comments aside) holds no system's object names,
 * tables, API words or direction literals. Systems plug in through the adapters; a name here would
 * tie the engine to one of them.
 */
import fs from 'node:fs';
import path from 'node:path';

const RULES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a Salesforce custom object, field or relationship', pattern: /\w__[cr]\b/ },
  {
    what: 'a Salesforce standard object',
    pattern:
      /['"`](Account|Contact|Opportunity|OpportunityLineItem|Product2|PricebookEntry|Pricebook2|Order|Lead)['"`]/,
  },
  { what: "one system's word for a record kind", pattern: /\bsobjects?\b/i },
  { what: 'a Web Connector table', pattern: /\b(qbwc_\w+|auth_throttle)\b/ },
  { what: 'a direction literal', pattern: /\b(qb|qbo|qbd|sf|dyn|crm)_to_(qb|qbo|qbd|sf|dyn|crm)\b/ },
  { what: 'a system by name', pattern: /\b(QuickBooks|Salesforce|Dynamics|qbXML|QBWC|SOQL|Web Connector)\b/i },
];

/** The code of a TypeScript source without its comments (line and block; `://` in URLs kept). */
function codeOf(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Every rule a source breaks, with the line. */
function violations(file: string, source: string): string[] {
  return codeOf(source)
    .split('\n')
    .flatMap((line, i) =>
      RULES.filter((r) => r.pattern.test(line)).map((r) => `${file}:${i + 1}: ${r.what}: ${line.trim()}`),
    );
}

const dir = import.meta.dirname;
const sources = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();

describe('relay/src/sync names no system', () => {
  it('reads the whole sync core', () => {
    expect(sources).toEqual(expect.arrayContaining(['adapters.ts', 'dispatch.ts', 'engine.ts', 'ingest.ts']));
  });

  it.each(sources)('%s holds no system names in its code', (file) => {
    expect(violations(file, fs.readFileSync(path.join(dir, file), 'utf8'))).toEqual([]);
  });

  // The contract suites every source and target runs hold to the same rule: a new system runs them unchanged.
  const contracts = path.resolve(dir, '../../../test/contract');
  it.each(['source-contract.ts', 'target-contract.ts'])(
    'test/contract/%s holds no system names in its code',
    (file) => {
      expect(violations(file, fs.readFileSync(path.join(contracts, file), 'utf8'))).toEqual([]);
    },
  );

  it('catches an injected violation of every rule, and lets comments speak of systems', () => {
    const injected = [
      "const a = 'QuickBooks_Invoice__c';",
      "await idMap.get(c, 'Account', ext);",
      'const object = item.sobject;',
      "await db.query('SELECT COUNT(*) FROM qbwc_sessions');",
      "runs.start(id, c, 'qb_to_sf');",
      "log.warn('Salesforce refused');",
      '// a Web Connector session, QuickBooks_Invoice__c, qb_to_sf',
      '/* Salesforce, sobject */ const fine = 1;',
      "const url = 'https://example.com/x';",
    ].join('\n');
    expect(violations('injected.ts', injected).map((v) => v.split(':')[1])).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});
