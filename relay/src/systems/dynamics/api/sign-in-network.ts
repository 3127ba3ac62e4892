/**
 * @module
 * msal-node's network client (`system.networkClient`, its `INetworkModule`) over a `fetch`, so the
 * sign-in's HTTP goes where the relay says: the global `fetch` in production, a `fetch` that trusts
 * a test authority's throwaway certificate in tests, each call bounded by a timeout. It answers as
 * msal's own `HttpClient` does: lower-case headers, the JSON body parsed, the status; a failed
 * connection or a body that is not JSON throws, and msal turns that into its own error.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * @example
 * new ConfidentialClientApplication({ auth, system: { networkClient: fetchNetworkClient(fetch, 30_000) } });
 */
export function fetchNetworkClient(fetchImpl: typeof fetch, timeoutMs: number): INetworkModule {
  const send = async <T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions, timeout?: number) => {
    const res = await fetchImpl(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      signal: AbortSignal.timeout(timeout ?? timeoutMs),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => void (headers[key] = value));
    const response: NetworkResponse<T> = { headers, body: (await res.json()) as T, status: res.status };
    return response;
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
