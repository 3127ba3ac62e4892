/** Conductor’s documented error object, the codes a bookkeeper can act on, and exact numbers. */
import fs from 'node:fs';
import path from 'node:path';
import { faultError, readFault } from './errors.ts';
import { parseJson } from './json.ts';

const SPEC = path.join(import.meta.dirname, '../../../../../test/simulators/conductor/spec');
const documented = fs.readFileSync(path.join(SPEC, 'error.response.from-openapi-examples.json'), 'utf8');

const body = (type: string, status: number, more: Record<string, string> = {}) =>
  JSON.stringify({
    error: {
      message: `Conductor says ${type}`,
      userFacingMessage: 'An internal server error occurred. Please try again later.',
      type,
      code: 'SOME_CODE',
      httpStatusCode: status,
      requestId: 'req_1',
      ...more,
    },
  });

describe('Conductor errors', () => {
  it('reads the spec’s error object whole and keeps it as the cause', () => {
    const e = faultError(401, documented);
    expect(e).toMatchObject({ code: 'cdt_unauthorized', retryable: false });
    expect(e.cause).toEqual({
      status: 401,
      type: 'AUTHENTICATION_ERROR',
      code: 'API_KEY_INVALID',
      message: "Invalid API key provided: 'sk_live_...1234'",
      userFacingMessage: 'An internal server error occurred. Please try again.',
      integrationCode: '0x80040420',
      requestId: 'req_1234567890',
    });
    expect(e.message).toMatch(/^Conductor did not accept the relay’s secret key/);
    expect(e.message).toContain(
      "Conductor said: Invalid API key provided: 'sk_live_...1234' (code API_KEY_INVALID, QuickBooks code 0x80040420, request req_1234567890).",
    );
    expect(e.message).not.toContain('An internal server error occurred'); // Conductor's masked sentence says nothing
  });

  it.each([
    ['AUTHENTICATION_ERROR', 401, {}, 'cdt_unauthorized', false],
    ['PERMISSION_ERROR', 403, {}, 'cdt_forbidden', false],
    [
      'INVALID_REQUEST_ERROR',
      404,
      { message: "No EndUser exists with id 'end_usr_x'." },
      'cdt_unknown_end_user',
      false,
    ],
    ['INVALID_REQUEST_ERROR', 404, { message: 'Unrecognized request URL (GET /v1/x).' }, 'cdt_not_found', false],
    ['INVALID_REQUEST_ERROR', 400, {}, 'cdt_invalid_request', false],
    ['INVALID_REQUEST_ERROR', 422, {}, 'cdt_invalid_request', false],
    ['INVALID_REQUEST_ERROR', 429, {}, 'cdt_rate_limited', true],
    [
      'INVALID_REQUEST_ERROR',
      400,
      { message: 'The cursor "abc" has expired or does not exist.' },
      'cdt_cursor_expired',
      true,
    ],
    ['INTEGRATION_CONNECTION_ERROR', 502, { integrationCode: '0x80040408' }, 'cdt_quickbooks_unreachable', true],
    ['INTEGRATION_CONNECTION_ERROR', 504, {}, 'cdt_quickbooks_unreachable', true],
    ['INTEGRATION_ERROR', 502, { integrationCode: '3200' }, 'cdt_stale_revision', false],
    ['INTEGRATION_ERROR', 502, { integrationCode: '500' }, 'cdt_not_found', false],
    ['INTEGRATION_ERROR', 502, { integrationCode: '3100' }, 'cdt_quickbooks_refused', false],
    ['INTERNAL_ERROR', 500, {}, 'cdt_internal', true],
  ] as const)('%s %i %j → %s (retryable %s)', (type, status, more, code, retryable) => {
    expect(faultError(status, body(type, status, more))).toMatchObject({ code, retryable });
  });

  it('goes by the status when the answer has no Conductor error object', () => {
    expect(faultError(503, 'Service Unavailable')).toMatchObject({ code: 'cdt_unavailable', retryable: true });
    expect(faultError(408, '')).toMatchObject({ code: 'cdt_unavailable', retryable: true });
    expect(faultError(429, '')).toMatchObject({ code: 'cdt_rate_limited', retryable: true });
    expect(faultError(401, '<html/>').code).toBe('cdt_unauthorized');
    expect(faultError(418, '').code).toBe('cdt_invalid_request');
    expect(faultError(503, 'Service Unavailable').message).toContain('Conductor said: HTTP 503.');
    expect(readFault(502, '{"error":{"type":"X"}}').type).toBe('');
  });

  it('puts QuickBooks’ words for the bookkeeper first, after what the relay does', () => {
    const e = faultError(
      502,
      body('INTEGRATION_CONNECTION_ERROR', 502, {
        userFacingMessage: 'A window is open in QuickBooks Desktop that is waiting for an answer. Close it.',
      }),
    );
    expect(e.message).toMatch(
      /^The relay could not reach QuickBooks Desktop .* A window is open in QuickBooks Desktop that is waiting for an answer\. Close it\. Conductor said: /,
    );
  });
});

describe('Conductor JSON', () => {
  it('keeps every number that is not a safe integer as its exact text, never a float', () => {
    expect(parseJson('{"quantity":2.50000,"sublevel":0,"balance":"1000.00","big":12345678901234567890}')).toEqual({
      quantity: '2.50000',
      sublevel: 0,
      balance: '1000.00',
      big: '12345678901234567890',
    });
    expect(parseJson('not json')).toBeUndefined();
  });
});
