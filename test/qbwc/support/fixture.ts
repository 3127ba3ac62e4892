/**
 * @module
 * One relay + store + connection for an end-to-end test, and a Web Connector for it.
 */
import type { Store } from '../../../relay/src/store/index.ts';
import type { Connection } from '../../../relay/src/store/connections.ts';
import { upsertConnection } from '../../../relay/src/systems/qbd/setup.ts';
import {
  createWebConnector,
  type QuickBooksLike,
  type WebConnectorOptions,
} from '../../simulators/qbd/webconnector/client.ts';
import { startTestRelay, type TestRelay } from './relay.ts';
import { testBackends, type TestBackend } from './stores.ts';

export interface Fixture {
  readonly store: Store;
  readonly relay: TestRelay;
  readonly connection: Connection;
  readonly password: string;
  webConnector(company: QuickBooksLike, extra?: Partial<WebConnectorOptions>): ReturnType<typeof createWebConnector>;
  close(): Promise<void>;
}

export async function openFixture({
  username = 'acme-books',
  password = 'correct horse battery staple',
  env,
  now,
  backend = testBackends()[0] as TestBackend,
}: {
  username?: string;
  password?: string;
  env?: Record<string, string>;
  now?: () => number;
  backend?: TestBackend;
} = {}): Promise<Fixture> {
  const store = await backend.open(now ? { now } : {});
  const connection = await upsertConnection(store, { username, password });
  const relay = await startTestRelay({ store, ...(env ? { env } : {}), ...(now ? { now } : {}) });
  return {
    store,
    relay,
    connection,
    password,
    webConnector: (company, extra = {}) =>
      createWebConnector({
        url: `${relay.url}/qbwc`,
        username,
        password,
        ownerId: connection.ownerId,
        fileId: connection.fileId,
        company,
        noOpDelayMs: 0,
        ...extra,
      }),
    close: async () => {
      await relay.close();
      await store.close();
    },
  };
}
