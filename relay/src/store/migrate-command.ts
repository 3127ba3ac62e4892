/**
 * @module
 * `ledgerbridge migrate`: applies pending store migrations (the relay also does at start-up) and
 * prints the schema version.
 */
import type { Config } from '../config.ts';
import { openStore, storeLocation } from './index.ts';

/**
 * @example const code = await runMigrate(loadConfig(process.env), (s) => process.stdout.write(s));
 */
export async function runMigrate(config: Config, out: (text: string) => void): Promise<number> {
  const store = await openStore(storeLocation(config));
  try {
    const { applied, current } = store.migrations;
    out(
      applied.length
        ? `Applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}; the ${config.store.kind} store is at version ${current}.\n`
        : `Nothing to do: the ${config.store.kind} store is at version ${current}.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
