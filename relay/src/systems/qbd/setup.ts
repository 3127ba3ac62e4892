/**
 * @module
 * Setting up QuickBooks Desktop connections and preparing the store when the relay starts:
 * the connection named by `QBWC_USERNAME`/`QBWC_PASSWORD` is created (or its password hash
 * refreshed), and sessions a previous relay process left running are ended cleanly, so the next
 * Web Connector run starts a fresh session that resumes from the durable cursors.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Connection } from '../../store/connections.ts';
import type { Store } from '../../store/index.ts';
import { hashPassword, verifyPassword } from './auth.ts';
import { SESSION_MESSAGES } from './messages.ts';
import { LEDGERBRIDGE_OWNER_ID } from './qwc.ts';

/** @example newFileId() // '{9F3C…}' */
export function newFileId(): string {
  return `{${randomUUID().toUpperCase()}}`;
}

/**
 * Creates the connection for a Web Connector user, or updates its password hash if it exists.
 * @example const c = await upsertConnection(store, { username: 'acme', password: '…' });
 */
export async function upsertConnection(
  store: Store,
  { username, password, fileId }: { username: string; password: string; fileId?: string },
): Promise<Connection> {
  const existing = await store.connections.byUsername(username);
  if (existing && (await verifyPassword(password, existing.passwordHash))) return existing;
  return store.connections.upsert({
    id: existing?.id ?? randomUUID(),
    qbwcUsername: username,
    passwordHash: await hashPassword(password),
    ownerId: existing?.ownerId ?? LEDGERBRIDGE_OWNER_ID,
    fileId: existing?.fileId ?? fileId ?? newFileId(),
  });
}

/**
 * Start-up work for the Web Connector endpoint, run once when the relay starts (never lazily on a
 * first request: with several relays on one store, a late set-up would end sessions another relay
 * is serving): ensure the configured connection, end sessions abandoned by a stopped relay.
 * @example await prepareQbwc(store, config, log);
 */
export async function prepareQbwc(store: Store, config: Pick<Config, 'qbwc'>, log: Logger): Promise<void> {
  const { username, password } = config.qbwc;
  if (username && password) await upsertConnection(store, { username, password });
  const ended = await store.sessions.closeAbandoned('relay_restarted', SESSION_MESSAGES.relayRestarted, {
    shared: store.db.profile.multiProcess,
  });
  if (ended > 0) log.info('ended Web Connector sessions interrupted by a restart', { sessions: ended });
}
