/**
 * @module
 * The `.qwc` file an admin opens in the QuickBooks Web Connector to add Ledgerbridge (QBWC
 * Programmer's Guide ch.4, Table 4-1). It names the relay's URL, the connection's user name (never
 * the password: the admin types it into QBWC), Ledgerbridge's OwnerID and the connection's FileID,
 * and how often QBWC runs. {@link qwcWarnings} lists what QBWC would refuse.
 */
import { escapeXml } from './soap/xml-text.ts';

/** Ledgerbridge's OwnerID: one per application, never per file or version. */
export const LEDGERBRIDGE_OWNER_ID = '{4B7E2D91-6C0A-4F3B-9E85-2A1D7C6F0B34}';

export interface QwcInput {
  readonly appName: string;
  /** The relay's public base URL, e.g. `https://relay.example.com`. */
  readonly publicUrl: string;
  readonly username: string;
  readonly ownerId: string;
  readonly fileId: string;
  readonly runEveryMinutes: number;
  readonly description?: string;
}

/**
 * @example
 * const xml = buildQwc({ appName: 'Ledgerbridge', publicUrl: 'https://relay.example.com', username: 'acme',
 *   ownerId: LEDGERBRIDGE_OWNER_ID, fileId: '{…}', runEveryMinutes: 15 });
 */
export function buildQwc(q: QwcInput): string {
  const base = q.publicUrl.replace(/\/$/, '');
  const el = (name: string, value: string) => `  <${name}>${escapeXml(value)}</${name}>\n`;
  return (
    '<?xml version="1.0"?>\n<QBWCXML>\n' +
    el('AppName', q.appName) +
    el('AppID', '') +
    el('AppURL', `${base}/qbwc`) +
    el('AppDescription', (q.description ?? 'Keeps QuickBooks and Salesforce in agreement').slice(0, 80)) +
    el('AppSupport', `${base}/qbwc/support`) +
    el('UserName', q.username) +
    el('OwnerID', q.ownerId) +
    el('FileID', q.fileId) +
    el('QBType', 'QBFS') +
    el('Style', 'Document') +
    el('IsReadOnly', 'false') +
    el('PersonalDataPref', 'pdpNotNeeded') +
    el('UnattendedModePref', 'umpOptional') +
    el('AuthFlags', '0xF') +
    `  <Scheduler>\n    <RunEveryNMinutes>${Math.max(1, Math.round(q.runEveryMinutes))}</RunEveryNMinutes>\n  </Scheduler>\n` +
    '</QBWCXML>\n'
  );
}

/**
 * What the Web Connector would refuse about this URL (QBWC1001/1002 IP address, QBWC1010/1051
 * plain http on a host other than localhost).
 * @example qwcWarnings('http://relay.example.com') // ['… https …']
 */
export function qwcWarnings(publicUrl: string): string[] {
  const warnings: string[] = [];
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return [`PUBLIC_URL "${publicUrl}" is not a URL.`];
  }
  const host = url.hostname;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) {
    warnings.push(
      `The Web Connector refuses IP addresses in AppURL (QBWC1001/QBWC1002): set PUBLIC_URL to a host name${host === '127.0.0.1' ? ' (http://localhost:<port> on the QuickBooks machine)' : ''}.`,
    );
  }
  if (url.protocol !== 'https:' && host !== 'localhost') {
    warnings.push(
      'The Web Connector requires https for every host except localhost (QBWC1010/QBWC1051): put the relay behind TLS (see README) and set PUBLIC_URL to its https address.',
    );
  }
  return warnings;
}
