/**
 * @module
 * What went wrong, in words a bookkeeper can act on. Turns the request processor's HRESULTs
 * (connectionError, receiveResponseXML) and the relay's own session problems into a stable code,
 * a message for getLastError / the QBWC status column, and the connection health it implies.
 */
import type { HealthStatus } from '../../store/connections.ts';

export interface BookkeeperMessage {
  /** Stable snake_case code (`qbwc_` prefix). */
  readonly code: string;
  readonly message: string;
  readonly health: HealthStatus;
  /** Whether connectionError should ask QBWC to try the open company file once more. */
  readonly retryOnce?: boolean;
}

const HRESULTS: Record<string, Omit<BookkeeperMessage, 'health'> & { health?: HealthStatus }> = {
  '0x80040400': {
    code: 'qbwc_qbxml_rejected',
    message:
      'QuickBooks could not read a request from Ledgerbridge (0x80040400). This is a Ledgerbridge problem: nothing was changed in QuickBooks; please contact support with the time of this update.',
  },
  '0x80040401': {
    code: 'qbwc_qb_unreachable',
    message:
      'The Web Connector could not reach QuickBooks (0x80040401). Restart QuickBooks and the Web Connector, then run the update again.',
  },
  '0x80040402': {
    code: 'qbwc_qb_unexpected',
    message:
      'QuickBooks reported an unexpected error (0x80040402). Restart QuickBooks; if it happens again, send qbsdklog.txt to support.',
  },
  '0x80040408': {
    code: 'qbwc_qb_not_running',
    message:
      'QuickBooks is not running or no one is logged in to the company file (0x80040408). Open QuickBooks, log in to the company file, and leave it open while the Web Connector runs.',
  },
  '0x8004040a': {
    code: 'qbwc_wrong_company_file',
    message:
      'A different company file is open in QuickBooks (0x8004040A). Close it and open the company file this connection was set up for, then run the update again.',
  },
  '0x8004040d': {
    code: 'qbwc_qb_ticket_invalid',
    message:
      'QuickBooks rejected the session (0x8004040D). Run the update again; if it persists, restart the Web Connector.',
    retryOnce: false,
  },
  '0x80040410': {
    code: 'qbwc_file_mode',
    message:
      'The company file is open in a different mode (single-user vs multi-user) than requested (0x80040410). Switch the file mode in QuickBooks (File menu) and run the update again.',
  },
  '0x80040414': {
    code: 'qbwc_modal_dialog',
    message:
      'A window is open in QuickBooks that blocks other programs (0x80040414), for example an update prompt or a message box. Close it in QuickBooks, then run the update again.',
  },
  '0x80040416': {
    code: 'qbwc_qb_not_running',
    message:
      'QuickBooks is not running and no company file was given (0x80040416). Open QuickBooks with the company file this connection was set up for.',
  },
  '0x80040418': {
    code: 'qbwc_not_authorized',
    message:
      'Ledgerbridge has not been given access to this company file yet (0x80040418). Log in to QuickBooks as the Admin user in single-user mode, run the update once, and answer "Yes, always" when QuickBooks asks.',
  },
  '0x8004041a': {
    code: 'qbwc_not_authorized',
    message:
      'Ledgerbridge is not allowed to use this company file (0x8004041A). In QuickBooks, Edit > Preferences > Integrated Applications > Company Preferences: allow access for Ledgerbridge.',
  },
  '0x8004041b': {
    code: 'qbwc_qb_busy',
    message:
      'QuickBooks could not lock the data it needs (0x8004041B), usually because someone is editing the same records. The update will be retried.',
    health: 'warning',
    retryOnce: true,
  },
  '0x8004041d': {
    code: 'qbwc_unattended_not_allowed',
    message:
      'Ledgerbridge is not allowed to log in automatically when QuickBooks is closed (0x8004041D). In QuickBooks, Edit > Preferences > Integrated Applications > Company Preferences > Ledgerbridge > Properties: tick "Allow this application to login automatically" and pick a user.',
  },
  '0x8004041e': {
    code: 'qbwc_certificate_expired',
    message: 'The Ledgerbridge application certificate has expired (0x8004041E). Contact support.',
  },
  '0x80040420': {
    code: 'qbwc_access_denied',
    message:
      'The QuickBooks user denied Ledgerbridge access (0x80040420). Log in as the Admin user and grant access in Edit > Preferences > Integrated Applications.',
  },
  '0x80040422': {
    code: 'qbwc_single_user_required',
    message:
      'Another application is using the company file in a way that conflicts with Ledgerbridge (0x80040422). Close the other application and run the update again.',
  },
  '0x80040423': {
    code: 'qbwc_qbxml_version',
    message:
      'This version of QuickBooks is too old for Ledgerbridge (0x80040423). Ledgerbridge needs QuickBooks Desktop 2014 (qbXML 13.0) or later.',
  },
  '0x80040424': {
    code: 'qbwc_qb_starting',
    message: 'QuickBooks had not finished starting (0x80040424). The update will be retried.',
    health: 'warning',
    retryOnce: true,
  },
};

/**
 * Canonical lower-case `0x…` form of an HRESULT as QBWC sends it (`0x80040408`, `80040408`, or
 * the signed decimal `-2147220472`); `undefined` for empty.
 * @example normalizeHresult('-2147220472') // '0x80040408'
 */
export function normalizeHresult(hresult: string | undefined): string | undefined {
  const h = (hresult ?? '').trim();
  if (h === '') return undefined;
  // Signed (negative) or unsigned 32-bit decimal; eight digits without 0x are hex as QBWC prints them.
  if (/^-\d+$/.test(h) || /^\d{9,10}$/.test(h)) return `0x${(Number(h) >>> 0).toString(16).padStart(8, '0')}`;
  const hex = h.replace(/^0x/i, '');
  return /^[0-9a-f]{1,8}$/i.test(hex) ? `0x${hex.toLowerCase().padStart(8, '0')}` : h.toLowerCase();
}

/**
 * The bookkeeper's message for an HRESULT; unknown ones keep QuickBooks' own text.
 * @example describeHresult('0x80040414', 'A modal dialog box is showing').code // 'qbwc_modal_dialog'
 */
export function describeHresult(hresult: string | undefined, qbMessage: string | undefined): BookkeeperMessage {
  const key = normalizeHresult(hresult);
  const known = key ? HRESULTS[key] : undefined;
  if (known) return { health: 'error', ...known };
  const said = (qbMessage ?? '').trim();
  return {
    code: 'qbwc_qb_error',
    message: `QuickBooks reported an error${key ? ` (${key.toUpperCase().replace('0X', '0x')})` : ''}${said ? `: ${said}` : ''}. Check that QuickBooks is open on the right company file with no windows waiting for an answer, then run the update again.`,
    health: 'error',
  };
}

/** Session-level problems the relay itself reports through getLastError. */
export const SESSION_MESSAGES = {
  unknownTicket: {
    code: 'qbwc_unknown_ticket',
    message:
      'This update session is unknown or has expired. The next scheduled update starts a new one; nothing was lost.',
    health: 'warning',
  },
  outOfSequence: {
    code: 'qbwc_out_of_sequence',
    message:
      'The Web Connector and Ledgerbridge got out of step (a call arrived out of order, usually after a network interruption). This update was stopped without changing anything; the next update resumes where this one left off.',
    health: 'warning',
  },
  relayRestarted: {
    code: 'qbwc_relay_restarted',
    message:
      'Ledgerbridge restarted during this update. Everything received so far is kept; the next scheduled update resumes where this one left off.',
    health: 'warning',
  },
  malformedResponse: {
    code: 'qbwc_response_unreadable',
    message:
      'QuickBooks sent an answer Ledgerbridge could not read. The update was stopped; the answer was kept for support, and the next update asks again. If this repeats, rebuild the company file (File > Utilities > Verify Data).',
    health: 'error',
  },
  versionTooOld: {
    code: 'qbwc_qbxml_version',
    message:
      'This version of QuickBooks is too old for Ledgerbridge: it needs QuickBooks Desktop 2014 (qbXML 13.0) or later.',
    health: 'error',
  },
  noHostInfo: {
    code: 'qbwc_no_company_info',
    message:
      'The Web Connector did not send the QuickBooks company information Ledgerbridge needs to check the company file. Update the QuickBooks Web Connector and run the update again.',
    health: 'error',
  },
} as const satisfies Record<string, BookkeeperMessage>;

/**
 * The message for a company file other than the connection's.
 * @example wrongCompanyFile('Acme Ltd', 'Beta Inc')
 */
export function wrongCompanyFile(expected: string | null, actual: string | null): BookkeeperMessage {
  return {
    code: 'qbwc_wrong_company_file',
    message: `The company file open in QuickBooks${actual ? ` ("${actual}")` : ''} is not the one this connection was set up for${expected ? ` ("${expected}")` : ''}. Nothing was read or changed. Open the right company file in QuickBooks, or set up a separate connection for this one.`,
    health: 'error',
  };
}
