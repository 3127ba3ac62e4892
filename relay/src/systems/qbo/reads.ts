/**
 * @module
 * What the relay reads of a QuickBooks Online company, in the order references need (what a
 * record points to first).
 */

/** The entities the relay mirrors, parents before children. */
export const READ_ENTITIES = ['Account', 'Item', 'Customer', 'Vendor', 'Invoice', 'Bill', 'Payment'] as const;
export type ReadEntity = (typeof READ_ENTITIES)[number];
export const isReadEntity = (entity: string): entity is ReadEntity =>
  (READ_ENTITIES as readonly string[]).includes(entity);
