/**
 * @module
 * QuickBooks Desktop as a sync source: a stored qbXML response (from the Web Connector, via the
 * inbox) → canonical records and deletions. Responses whose status is an error become failures
 * attributed to the request that caused them; info and warnings (1 = no match) are not failures.
 * Records are decoded in the company's home currency as the connection last recorded it (each
 * session reads it from the company's preferences; before the first, the edition's country decides).
 * A response that cannot be read at all is refused whole, with the reason in words.
 */
import { err, ok, relayError } from '../../lib/result.ts';
import type { ConnectionsRepo } from '../../store/connections.ts';
import type { SourceAdapter, SourceFailure } from '../../sync/adapters.ts';
import type { CanonicalRecord, Deletion } from '../../sync/model.ts';
import { homeCurrencyOf } from '../../lib/qb-currencies.ts';
import { withHeld } from '../../lib/qb-writes.ts';
import { toCanonical } from './mapping.ts';
import { parseQbxmlResponse } from './qbxml/parse.ts';
import { READ_BACK_ID } from './session/write-phase.ts';
import { unreadablePage } from './unreadable.ts';

/** The kind of record behind a Ret element, for attributing a failure. */
const idOf = (r: { kind: string; listId?: string; txnId?: string }) => r.listId ?? r.txnId ?? '';

/**
 * @example const source = createQbdSource({ connections: store.connections });
 */
export function createQbdSource({ connections }: { connections: Pick<ConnectionsRepo, 'byId'> }): SourceAdapter {
  return {
    system: 'qb',
    serves: 'qbd',
    // The Web Connector calls the relay: pages arrive in its sessions.
    delivery: 'pull',
    name: 'QuickBooks Desktop',
    edition: 'Desktop',
    readBack: (item) => item.requestId === READ_BACK_ID,
    // A delivery is a Web Connector session: pages keep coming until it closes or idles out.
    async receiving(db, connectionId, now) {
      const [row] = await db.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM qbwc_sessions WHERE connection_id = $1 AND closed_at IS NULL AND expires_at > $2',
        [connectionId, now],
      );
      return Number(row?.n ?? 0) > 0;
    },
    // A session cut mid-page (the Web Connector gone) ends when it idles out, and its run with it.
    async deliveryOpen(db, connectionId, sessionId, now) {
      const [row] = await db.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM qbwc_sessions WHERE connection_id = $1 AND id = $2 AND closed_at IS NULL AND expires_at > $3',
        [connectionId, sessionId, now],
      );
      return Number(row?.n ?? 0) > 0;
    },
    async context(connectionId) {
      const connection = await connections.byId(connectionId);
      if (!connection) throw new Error(`no connection ${connectionId}`);
      const company = connection.company;
      return {
        homeCurrency:
          company?.homeCurrency ??
          homeCurrencyOf({ country: company?.country ?? null, multiCurrency: false, homeCurrencyName: null }).code,
      };
    },
    decode(payload, kind, ctx) {
      const parsed = parseQbxmlResponse(payload);
      if (!parsed.ok) {
        return err(relayError(parsed.error.code, unreadablePage(kind, parsed.error.message), { cause: parsed.error }));
      }
      const records: (CanonicalRecord | Deletion)[] = [];
      const failures: SourceFailure[] = [];
      for (const rs of parsed.value.responses) {
        if (rs.status.level === 'error') {
          failures.push({
            sourceType: rs.type,
            sourceId: rs.requestId ?? rs.name,
            error: relayError(rs.status.errorCode, rs.status.message, { retryable: rs.status.retryable }),
          });
          continue;
        }
        for (const record of rs.records) {
          const mapped = toCanonical(record, ctx);
          if (!mapped.ok) {
            failures.push({ sourceType: record.kind, sourceId: idOf(record as never), error: mapped.error });
          } else if (mapped.value) {
            records.push(withHeld(mapped.value));
          }
        }
      }
      return ok({ records, failures });
    },
  };
}
