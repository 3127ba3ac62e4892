/**
 * @module
 * Links into the relay, built from a connection's `Relay_URL__c` and `Connection_Key__c`: the
 * Web Connector `.qwc` download (QuickBooks Desktop) and the Intuit (re)authorization start
 * (QuickBooks Online). Only `https:` relays, or `http:` on localhost, produce a link.
 */

/** Relay path that serves a Desktop connection's `.qwc` file to an authenticated admin. */
export const QWC_PATH = '/qbwc/qwc';
/** Relay path that starts the Intuit OAuth consent for an Online connection. */
export const AUTHORIZE_PATH = '/qbo/connect';

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
 * The (re)authorization link for an Online connection, or null without a usable relay URL.
 * @example
 * authorizeUrl('https://relay.example.com', 'acme-online'); // 'https://relay.example.com/qbo/connect?connection=acme-online'
 */
export function authorizeUrl(relayUrl: string | null, connectionKey: string | null): string | null {
  return link(relayUrl, AUTHORIZE_PATH, connectionKey);
}
