/**
 * @module
 * The custom fields a books connection's company defines, as last read from it (migration 33):
 * replaced whole at each read, and read back for the checks of the field mappings
 * (`sync/books-fields.ts`). Undefined before the first read: the mappings then go as they are.
 */
import type { BooksFieldDefinition, FieldHolds } from '../sync/books-fields.ts';
import type { Db } from './db.ts';

interface Row {
  name: string;
  books_type: string;
  holds: string;
  max_length: number | null;
  record_types: string;
}

const HOLDS = new Set<string>(['text', 'number', 'date']);

/** @example await customFieldDefinitionsRepo(db, now).replace('qbd', [{ name: 'Sales Region', … }]); */
export function customFieldDefinitionsRepo(db: Db, now: () => number = Date.now) {
  return {
    /** The company's definitions as just read (all of them: those not in `defs` are gone). */
    async replace(connectionId: string, defs: readonly BooksFieldDefinition[]): Promise<void> {
      await db.query('DELETE FROM custom_field_definitions WHERE connection_id = $1', [connectionId]);
      for (const d of defs) {
        await db.query(
          `INSERT INTO custom_field_definitions (connection_id, name, books_type, holds, max_length, record_types)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (connection_id, name) DO NOTHING`,
          [connectionId, d.name, d.type, d.holds, d.maxLength ?? null, JSON.stringify(d.recordTypes)],
        );
      }
      await db.query(
        `INSERT INTO custom_field_reads (connection_id, read_at) VALUES ($1, $2)
         ON CONFLICT (connection_id) DO UPDATE SET read_at = excluded.read_at`,
        [connectionId, now()],
      );
    },
    /** The definitions last read, by name; undefined when the company was never read. */
    async of(connectionId: string): Promise<BooksFieldDefinition[] | undefined> {
      const [read] = await db.query('SELECT read_at FROM custom_field_reads WHERE connection_id = $1', [connectionId]);
      if (!read) return undefined;
      const rows = await db.query<Row>(
        `SELECT name, books_type, holds, max_length, record_types FROM custom_field_definitions
         WHERE connection_id = $1 ORDER BY name`,
        [connectionId],
      );
      return rows.map((r) => ({
        name: r.name,
        type: r.books_type,
        holds: (HOLDS.has(r.holds) ? r.holds : 'text') as FieldHolds,
        ...(r.max_length === null ? {} : { maxLength: Number(r.max_length) }),
        recordTypes: JSON.parse(r.record_types) as string[],
      }));
    },
  };
}
