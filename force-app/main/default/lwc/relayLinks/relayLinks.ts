/**
 * @module
 * Links into the relay: the Web Connector `.qwc` download (QuickBooks Desktop), built from a
 * connection's `Relay_URL__c` and `Connection_Key__c`, and the one-time Intuit connect link the
 * relay answers a "Connect QuickBooks Online" request with (QuickBooks Online). Only `https:`
 * relays, or `http:` on localhost, give a link.
 */

/** Relay path that serves a Desktop connection's `.qwc` file to an authenticated admin. */
export const QWC_PATH = '/qbwc/qwc';
/** Relay path of a one-time link that starts the Intuit OAuth consent (QuickBooks Online). */
export const CONNECT_PATH = '/qbo/connect';

function relayBase(relayUrl: string | null): { origin: string; path: string } | null {
  if (!relayUrl) return null;
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    return null;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null;
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

function link(relayUrl: string | null, path: string, connectionKey: string | null): string | null {
  const base = relayBase(relayUrl);
  if (!base) return null;
  const url = new URL(`${base.path}${path}`, base.origin);
  if (connectionKey) url.searchParams.set('connection', connectionKey);
  return url.href;
}

/**
 * The `.qwc` download link for a Desktop connection, or null without a usable relay URL.
 * @example
 * qwcUrl('https://relay.example.com/', 'acme-desktop'); // 'https://relay.example.com/qbwc/qwc?connection=acme-desktop'
 */
export function qwcUrl(relayUrl: string | null, connectionKey: string | null): string | null {
  return link(relayUrl, QWC_PATH, connectionKey);
}

/**
 * The one-time link the relay answered a "Connect QuickBooks Online" request with (its
 * `Result__c`), or null when the text is not such a link into a usable relay.
 * @example
 * connectLink('https://relay.example.com/qbo/connect?token=abc'); // 'https://relay.example.com/qbo/connect?token=abc'
 * connectLink('QuickBooks Online is not set up on this relay: …'); // null
 */
export function connectLink(result: string | null): string | null {
  const base = relayBase(result);
  if (!base || !result) return null;
  const url = new URL(result);
  return base.path.endsWith(CONNECT_PATH) && url.searchParams.get('token') ? url.href : null;
}
