/**
 * @module
 * The bookkeeper's Web Connector, for the tests that restart the relay: the .qwc file is fetched
 * once from the relay (it stays valid across restarts), each session runs against whichever relay
 * process runs now, and QuickBooks remembers the last request it was sent, so a test can kill the
 * relay just before the answer to a given page reaches it.
 */
import type { Company } from '../../simulators/qbd/company/index.ts';
import { createWebConnector, type RunReport } from '../../simulators/qbd/webconnector/client.ts';
import { fetchQwc } from './relay-process.ts';

export type BeforeCall = (operation: string) => void | Promise<void>;

export interface Bookkeeper {
  /** One Web Connector update against the relay at `relayUrl`. */
  session(relayUrl: string, beforeCall?: BeforeCall): Promise<RunReport>;
  /**
   * beforeCall hook: `kill` the relay just before the `n`th receiveResponseXML (counting only the
   * answers to `query` requests when given), so that page never reaches the inbox.
   */
  killBeforeReceive(kill: () => Promise<unknown>, n: number, query?: string): BeforeCall;
}

/** @example const bookkeeper = await bookkeeperOf(company, relay.url, USER, PASSWORD); await bookkeeper.session(relay.url); */
export async function bookkeeperOf(
  company: Company,
  relayUrl: string,
  username: string,
  password: string,
): Promise<Bookkeeper> {
  const qwc = await fetchQwc(relayUrl, username, password);
  let lastRequest = '';
  const quickbooks = {
    ...company,
    processAsync: (xml: string) => {
      lastRequest = xml;
      return company.processAsync(xml);
    },
  };
  return {
    session: (url, beforeCall) =>
      createWebConnector({
        url: `${url}/qbwc`,
        username,
        password,
        ownerId: qwc.ownerId,
        fileId: qwc.fileId,
        company: quickbooks,
        ...(beforeCall ? { beforeCall } : {}),
      }).run(),
    killBeforeReceive(kill, n, query) {
      let seen = 0;
      return async (operation) => {
        if (operation !== 'receiveResponseXML') return;
        if (query && !lastRequest.includes(`<${query}Rq`)) return;
        if (++seen === n) await kill();
      };
    },
  };
}
