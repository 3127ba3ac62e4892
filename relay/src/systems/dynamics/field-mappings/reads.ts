/**
 * @module
 * The feed's reads of accounts with the field mappings towards QuickBooks applied: the client the
 * feed reads with, but an account read with the feed's columns (`ROW_READS.account`) also selects
 * the columns those mappings name (read at most hourly) and carries their values in QuickBooks'
 * terms (`apply.ts`). Every other read goes as it was.
 */
import type { DataverseClient } from '../api/types.ts';
import { ROW_READS } from '../mapping/rows.ts';
import { columnsToRead, withCustomValues } from './apply.ts';
import type { DynamicsMappingReader } from './reader.ts';

const ACCOUNTS = ROW_READS.account;

/** @example clientFor: (id) => withMappedReads(clients.get(id), readers.get(id)) */
export function withMappedReads(client: DataverseClient, reader: Pick<DynamicsMappingReader, 'read'>): DataverseClient {
  return {
    ...client,
    async *select(entitySet, opts) {
      if (entitySet !== ACCOUNTS.entitySet || !opts?.select?.includes(ACCOUNTS.key)) {
        yield* client.select(entitySet, opts);
        return;
      }
      const { mappings } = await reader.read();
      const extra = columnsToRead(mappings).filter((c) => !opts.select!.includes(c));
      for await (const page of client.select(entitySet, { ...opts, select: [...opts.select, ...extra] }))
        yield page.ok ? { ok: true, value: page.value.map((row) => withCustomValues(row, mappings)) } : page;
    },
  };
}
