/**
 * @module
 * `ledgerbridge qwc`: writes the .qwc file an admin opens in the QuickBooks Web Connector for one
 * connection (the one named by `--user`, else `QBWC_USERNAME`, else the only one), creating the
 * configured connection first if needed. With `--password-stdin` it sets up another company file's
 * connection (its Web Connector user and password), which flows into the same org as the first.
 * Prints what QBWC would refuse about PUBLIC_URL.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { openStore, storeLocation } from '../../store/index.ts';
import { buildQwc, qwcWarnings } from './qwc.ts';
import { upsertConnection } from './setup.ts';

/** Shortest Web Connector password `--password-stdin` accepts. */
const MIN_PASSWORD = 12;

export const QWC_USAGE = `ledgerbridge qwc [--user NAME] [--password-stdin] [--out FILE]

Writes the .qwc file to open in the QuickBooks Web Connector (File > Add an application).
  --user NAME        the connection's Web Connector user name (default: QBWC_USERNAME, or the only connection)
  --password-stdin   create the connection for --user (another company file) or change its password,
                     reading the password from standard input (at least ${MIN_PASSWORD} characters)
  --out FILE         where to write it (default: ledgerbridge-<user>.qwc; "-" for standard output)
The Web Connector asks for the password when you add the file; it is never written into it.`;

/**
 * @example await runQwc(['--out', '-'], config, { out, err });
 */
export async function runQwc(
  args: string[],
  config: Config,
  io: { out: (s: string) => void; err: (s: string) => void; input?: () => Promise<string> },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, out: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  let secret: string | undefined;
  if (values['password-stdin']) {
    if (!values.user) {
      io.err('--password-stdin sets the password of the connection named by --user NAME.\n');
      return 2;
    }
    secret = (await (io.input ?? (() => Promise.resolve('')))()).replace(/\r?\n$/, '');
    if (secret.length < MIN_PASSWORD) {
      io.err(`The Web Connector password must be at least ${MIN_PASSWORD} characters (it read ${secret.length}).\n`);
      return 2;
    }
  }
  const store = await openStore(storeLocation(config));
  try {
    const { username, password } = config.qbwc;
    if (username && password) await upsertConnection(store, { username, password });
    if (values.user && secret !== undefined) {
      await upsertConnection(store, { username: values.user, password: secret });
      io.err(`Web Connector user "${values.user}" can sign in with that password.\n`);
    }
    const wanted = values.user ?? username;
    const all = await store.connections.list();
    const connection = wanted ? all.find((c) => c.qbwcUsername === wanted) : all.length === 1 ? all[0] : undefined;
    if (!connection) {
      io.err(
        wanted
          ? `No connection for Web Connector user "${wanted}". Set QBWC_USERNAME and QBWC_PASSWORD to create it.\n`
          : all.length === 0
            ? 'No connection yet. Set QBWC_USERNAME and QBWC_PASSWORD (the Web Connector sign-in) and run this again.\n'
            : `Several connections exist; name one with --user (${all.map((c) => c.qbwcUsername).join(', ')}).\n`,
      );
      return 1;
    }
    for (const w of qwcWarnings(config.publicUrl)) io.err(`warning: ${w}\n`);
    const xml = buildQwc({
      appName: config.qbwc.appName,
      publicUrl: config.publicUrl,
      username: connection.qbwcUsername,
      ownerId: connection.ownerId,
      fileId: connection.fileId,
      runEveryMinutes: config.qbwc.runEveryMinutes,
    });
    const target = values.out ?? `ledgerbridge-${connection.qbwcUsername.replace(/[^\w.-]/g, '_')}.qwc`;
    if (target === '-') io.out(xml);
    else {
      fs.writeFileSync(target, xml);
      io.err(`Wrote ${target} for Web Connector user "${connection.qbwcUsername}".\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
