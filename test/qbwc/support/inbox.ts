/**
 * @module
 * Reading back what the relay stored: the records in a connection's inbox, by request kind, with
 * the qbXML engine's parser (what the sync engine will do later).
 */
import type { Store } from '../../../relay/src/store/index.ts';
import { parseQbxmlResponse } from '../../../relay/src/systems/qbd/qbxml/parse.ts';

export interface StoredRecord {
  readonly kind: string;
  readonly id: string;
  readonly editSequence: string;
  readonly session: string | null;
}

/** Every record in the inbox of `connectionId` (pending rows), in arrival order. */
export async function inboxRecords(store: Store, connectionId: string): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for (const item of await store.inbox.list(connectionId, { status: 'pending' })) {
    const parsed = parseQbxmlResponse(item.payload);
    if (!parsed.ok) throw new Error(`inbox ${item.id} does not parse: ${parsed.error.message}`);
    for (const rs of parsed.value.responses) {
      for (const r of rs.records) {
        const rec = r as { kind: string; listId?: string; txnId?: string; editSequence?: string; timeDeleted?: string };
        out.push({
          kind: rec.kind,
          id: rec.listId ?? rec.txnId ?? '',
          editSequence: rec.editSequence ?? rec.timeDeleted ?? '',
          session: item.sessionId,
        });
      }
    }
  }
  return out;
}

/** IDs of one record kind, as a sorted unique list. */
export function idsOf(records: readonly StoredRecord[], kind: string): string[] {
  return [...new Set(records.filter((r) => r.kind === kind).map((r) => r.id))].sort();
}
