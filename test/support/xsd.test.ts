import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseXsdValidator, validateQbxml13 } from './xsd.ts';

const doc = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="13.0"?>\n<QBXML><QBXMLMsgsRq onError="stopOnError">${body}</QBXMLMsgsRq></QBXML>\n`;

describe('qbXML 13.0 schema check through xmllint-wasm (no system xmllint)', () => {
  const wasm = { kind: 'xmllint-wasm' } as const;

  it('accepts a valid request and names the offending element of each invalid one, in order, in one call', async () => {
    const results = await validateQbxml13(
      [
        { name: 'valid', xml: doc('<CustomerQueryRq requestID="1"><MaxReturned>5</MaxReturned></CustomerQueryRq>') },
        {
          name: 'misordered',
          xml: doc(
            '<CustomerQueryRq requestID="2"><FromModifiedDate>2024-01-01T00:00:00</FromModifiedDate><MaxReturned>5</MaxReturned></CustomerQueryRq>',
          ),
        },
        {
          name: 'outside enumeration',
          xml: doc('<CustomerQueryRq requestID="3"><ActiveStatus>Sometimes</ActiveStatus></CustomerQueryRq>'),
        },
        { name: 'not well-formed', xml: doc('<CustomerQueryRq requestID="4">') },
      ],
      wasm,
    );
    expect(results.map((r) => [r.name, r.valid])).toEqual([
      ['valid', true],
      ['misordered', false],
      ['outside enumeration', false],
      ['not well-formed', false],
    ]);
    expect(results[0]?.errors).toEqual([]);
    expect(results[1]?.errors.join('\n')).toMatch(
      /Schemas validity error : Element 'MaxReturned': This element is not expected\./,
    );
    expect(results[2]?.errors.join('\n')).toMatch(
      /Element 'ActiveStatus': \[facet 'enumeration'\] The value 'Sometimes' is not an element of the set/,
    );
    expect(results[3]?.errors.join('\n')).toMatch(/parser error/);
  });
});

describe('choosing the validator', () => {
  let bin: string;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-xsd-path-'));
    fs.writeFileSync(path.join(bin, 'xmllint'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  it("uses Debian's xmllint when it is on PATH, as a speed-up", () => {
    expect(chooseXsdValidator({ PATH: bin })).toEqual({ kind: 'xmllint', bin: path.join(bin, 'xmllint') });
  });

  it('falls back to xmllint-wasm without one', () => {
    expect(chooseXsdValidator({ PATH: os.tmpdir() + '/lb-no-such-dir' })).toEqual({ kind: 'xmllint-wasm' });
  });

  it('ignores the system one when LEDGERBRIDGE_TEST_NPM_ONLY=1', () => {
    expect(chooseXsdValidator({ PATH: bin, LEDGERBRIDGE_TEST_NPM_ONLY: '1' })).toEqual({ kind: 'xmllint-wasm' });
  });
});
