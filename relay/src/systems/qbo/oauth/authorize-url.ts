/**
 * @module
 * The address of Intuit's consent screen (reference §1.2): `client_id`, `response_type=code`,
 * `scope`, `redirect_uri` (exactly as registered) and `state` (against forged callbacks). The
 * callback gets `code`, `state` and `realmId`.
 */

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

export interface AuthorizeUrlOptions {
  /** `https://appcenter.intuit.com/connect/oauth2`, or a simulator's. */
  readonly authorizeUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Space-separated scopes. Default: the accounting scope. */
  readonly scope?: string;
}

/**
 * @example
 * authorizeUrl({ authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2', clientId: 'AB…', redirectUri: 'https://relay.example/qbo/callback', state })
 * // 'https://appcenter.intuit.com/connect/oauth2?client_id=AB…&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=…&state=…'
 */
export function authorizeUrl({
  authorizeUrl: base,
  clientId,
  redirectUri,
  state,
  scope = ACCOUNTING_SCOPE,
}: AuthorizeUrlOptions): string {
  const url = new URL(base);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scope);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}
