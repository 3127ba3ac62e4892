/**
 * @module
 * Whether a change event is one the relay's own writes caused, from the change origin Salesforce
 * stamps on it. Apart from the Avro decoding (`decode.ts`), so what reads notices does not load
 * the Pub/Sub client and its dependencies (gRPC, Avro) unless the change feed is on.
 */

/** The part of a change event this needs. */
export interface ChangeOrigin {
  /** `com/salesforce/api/rest/66.0;client=<Sforce-Call-Options client>`, or ''. */
  readonly changeOrigin: string;
}

/**
 * True when the change was made by our own API calls (`client=<clientName>` in `changeOrigin`,
 * from the `Sforce-Call-Options` header the relay sends; Salesforce may append `/<version>` or a
 * trailing `/`): the echo fast path skips those. The whole name must match, not a prefix of it.
 *
 * @example isOwnChange(event, 'qb-relay')
 */
export function isOwnChange(event: ChangeOrigin, clientName: string): boolean {
  const client = /;client=([^;]*)/.exec(event.changeOrigin)?.[1];
  return client !== undefined && (client === clientName || client.startsWith(`${clientName}/`));
}
