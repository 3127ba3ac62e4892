/**
 * @module
 * QuickBooks Desktop, as the registry sees it: the Web Connector user the environment names is
 * ensured at start-up (with sessions a stopped relay left ended), the Web Connector's SOAP
 * endpoint is its route, and stored qbXML pages are its source. Writes into Desktop (a later
 * flow) are pulled: the Web Connector leases them in its next session.
 */
import type { System } from '../registry.ts';
import { qbwcRoutes } from './routes.ts';
import { prepareQbwc } from './setup.ts';
import { createQbdSource } from './source.ts';

export const qbd: System = {
  name: 'qbd',
  prepare: ({ store, config, log }) => prepareQbwc(store, config, log),
  routes: (ctx) => qbwcRoutes(ctx),
  source: ({ store }) => createQbdSource({ connections: store.connections }),
};
