/** Dataverse's recorded error bodies, and the codes a person can act on. */
import fs from 'node:fs';
import path from 'node:path';
import { SPEC } from '../../../../../test/simulators/dynamics/test-client.ts';
import { faultError } from './errors.ts';
import { bind, idInEntityUrl, rowPath } from './keys.ts';
import { exactNumber, parseExactJson } from './json.ts';

const recorded = (file: string) => fs.readFileSync(path.join(SPEC, file), 'utf8');

describe('Dataverse errors', () => {
  it('maps the recorded answers to stable codes, keeping Dataverse’s words', () => {
    const cases: [number, string, string][] = [
      [404, 'error-404-upsert-if-match-star.response.json', 'dyn_not_found'],
      [412, 'error-412-etag-mismatch.response.json', 'dyn_concurrency'],
      [412, 'error-412-upsert-if-none-match-star.response.json', 'dyn_already_exists'],
      [400, 'error-400-plugin-with-annotations.response.json', 'dyn_plugin_refused'],
    ];
    for (const [status, file, code] of cases) {
      const e = faultError(status, recorded(file));
      expect([file, e.code, e.retryable]).toEqual([file, code, false]);
      const said = (JSON.parse(recorded(file)) as { error: { message: string } }).error.message;
      expect(e.message).toContain(`Dynamics said: ${said}`);
    }
  });

  it('keeps a plug-in’s trace line and help link, so whoever maintains it can act', () => {
    const e = faultError(400, recorded('error-400-plugin-with-annotations.response.json'));
    expect(e.message).toMatch(/^A plug-in or business rule in Dynamics refused the change/);
    expect(e.message).toContain('(code 0x80040265)');
    expect(e.message).toContain('Plug-in trace: Entering MyClass plug-in.');
    expect(e.message).toContain('Help: http://go.microsoft.com/fwlink/?LinkID=398563');
    expect(e.cause).toMatchObject({
      status: 400,
      code: '0x80040265',
      details: { 'ErrorDetails.SubErrorCode': '12345' },
    });
  });

  it('names the known hex codes whatever the status, and keeps an unknown one as Dataverse sent it', () => {
    const body = (code: string, message: string) => JSON.stringify({ error: { code, message } });
    expect(faultError(400, body('0x80040237', 'Cannot insert duplicate key.')).code).toBe('dyn_duplicate_record');
    expect(faultError(403, body('0x80040220', 'Principal user is missing prvReadAccount privilege')).code).toBe(
      'dyn_forbidden',
    );
    expect(faultError(400, body('0x80060892', 'A record that has the attribute values … already exists.')).code).toBe(
      'dyn_duplicate_record',
    );
    expect(faultError(429, body('0x80072322', 'Number of requests exceeded')).retryable).toBe(true);
    const unknown = faultError(400, body('0x8004f00d', 'Something only this org says.'));
    expect(unknown.code).toBe('dyn_rejected');
    expect(unknown.message).toContain('Something only this org says. (code 0x8004f00d)');
    expect(faultError(502, '<html>Bad Gateway</html>')).toMatchObject({ code: 'dyn_unavailable', retryable: true });
  });
});

describe('keys and exact numbers', () => {
  it('quotes and encodes alternate key values, lower-cases GUIDs, and reads ids back from OData-EntityId', () => {
    expect(rowPath('accounts', { lb_quickbooksconnection: 'a b', lb_quickbooksid: "it's" })).toEqual({
      ok: true,
      value: "accounts(lb_quickbooksconnection='a%20b',lb_quickbooksid='it''s')",
    });
    expect(bind('accounts', 'AED2AE8B-3C94-ED11-AAD1-000D3A9933C9')).toEqual({
      ok: true,
      value: '/accounts(aed2ae8b-3c94-ed11-aad1-000d3a9933c9)',
    });
    expect(idInEntityUrl("https://x/api/data/v9.2/accounts(lb_quickbooksid='1')")).toBeUndefined();
  });

  it('keeps decimals exact both ways', () => {
    expect(parseExactJson('{"revenue":5000000.0000,"n":0.1}')).toEqual({ revenue: '5000000.0000', n: '0.1' });
    expect(JSON.stringify({ amount: exactNumber('0.10'), big: exactNumber('12345678901234567890.01') })).toBe(
      '{"amount":0.10,"big":12345678901234567890.01}',
    );
    expect(() => exactNumber('1e5')).toThrow(/Not a decimal/);
  });
});
