/**
 * The Dynamics source keeps the source contract, fed the pages its feed stored from the Dataverse
 * simulator (`relay/src/systems/dynamics/fixtures/pages.simulator.json`), and pages made of them
 * with the feed's own encoder (`feed/page.ts`). Dynamics answers no writes in what it stores: the
 * failures it reports are rows that do not map, the rest of the page used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodePage, type Page } from '../../relay/src/systems/dynamics/feed/page.ts';
import { createDynamicsSource } from '../../relay/src/systems/dynamics/source.ts';
import { runSourceContract, type RecordedPayload } from './source-contract.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../relay/src/systems/dynamics/fixtures');
const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pages.simulator.json'), 'utf8')) as {
  requestKind: string;
  payload: Page;
}[];
const page = (kind: string) => recorded.find((p) => p.requestKind === kind)!.payload;
const stored = (p: Page, name: string): RecordedPayload => ({ kind: p.table, name, payload: encodePage(p).payload });

runSourceContract('Dynamics', async () => {
  const accounts = page('account');
  const deleted = [{ id: '00000000-0000-4000-8000-000000000009', deletedAt: '2026-11-03T08:00:00.000Z' }];
  return {
    source: createDynamicsSource({ now: () => 0, orderTrigger: 'submitted', productItemType: 'NonInventory' }),
    connectionId: 'dynamics',
    ctx: { homeCurrency: 'USD' },
    valid: recorded.map((r) => stored(r.payload, `the ${r.requestKind} page`)),
    refusing: [
      stored(
        { ...accounts, rows: [{ ...accounts.rows[0], name: 42 }, accounts.rows[1]!] },
        'an account named by a number',
      ),
    ],
    deleting: [
      stored({ table: 'account', rows: [], deleted }, 'a deleted account'),
      stored({ table: 'product', rows: [], deleted }, 'a deleted product'),
    ],
    malformed: [
      { kind: 'account', name: 'a page of another table', payload: encodePage(page('product')).payload },
      {
        kind: 'lead',
        name: 'a table the relay does not read',
        payload: JSON.stringify({ table: 'lead', rows: [], deleted: [] }),
      },
    ],
  };
});
