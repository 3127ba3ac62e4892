import type { Flow } from '../store/topology.ts';
import type { CanonicalRecord } from './model.ts';
import { routeOf } from './routing.ts';

const flowTo = (target: string): Flow => ({
  id: `flow-${target}`,
  linkId: `link-${target}`,
  sourceConnectionId: 'salesforce',
  targetConnectionId: target,
  objects: ['customer'],
});
const account = (assignedTo?: string | null): CanonicalRecord => ({
  type: 'customer',
  id: '001000000000001AAA',
  updatedAt: '2026-12-01T00:00:00Z',
  name: 'Acme',
  fullName: 'Acme',
  isActive: true,
  ...(assignedTo === undefined ? {} : { assignedTo }),
});
const partners = ['qbo-east', 'qbo-west'];

describe('routeOf: which flow carries a record its system assigns to a connection', () => {
  it('the flow into the connection it names, and no other', () => {
    expect(routeOf(account('qbo-west'), flowTo('qbo-west'), partners)).toBe('carried');
    expect(routeOf(account('qbo-west'), flowTo('qbo-east'), partners)).toBe('elsewhere');
  });

  it('unassigned: the flow into the first partner only', () => {
    expect(routeOf(account(null), flowTo('qbo-east'), partners)).toBe('carried');
    expect(routeOf(account(null), flowTo('qbo-west'), partners)).toBe('elsewhere');
  });

  it('with no assignment at all (a QuickBooks record, a product): every flow', () => {
    expect(routeOf(account(), flowTo('qbo-west'), partners)).toBe('carried');
    expect(routeOf(account(), flowTo('qbo-east'), partners)).toBe('carried');
  });

  it('naming a connection not linked: a failure in words, told by the first partner’s flow only', () => {
    const told = routeOf(account('qbo-gone'), flowTo('qbo-east'), partners);
    expect(told).toMatchObject({
      sourceType: 'customer',
      sourceId: '001000000000001AAA',
      error: { code: 'assigned_connection_unlinked', message: expect.stringContaining('"qbo-gone"') },
    });
    expect(routeOf(account('qbo-gone'), flowTo('qbo-west'), partners)).toBe('elsewhere');
  });
});
