/**
 * @module
 * What the relay reads of a QuickBooks Online company, in the order references need (what a
 * record points to first), and which of Intuit's entities are name lists (never deleted, only
 * made inactive: queries must ask for inactive ones too).
 */

/** The entities the relay mirrors, parents before children. */
export const READ_ENTITIES = ['Account', 'Item', 'Customer', 'Vendor', 'Invoice', 'Bill', 'Payment'] as const;
export type ReadEntity = (typeof READ_ENTITIES)[number];

const NAME_LISTS = new Set<string>(['Account', 'Item', 'Customer', 'Vendor', 'Department', 'Class']);

export const isNameList = (entity: string) => NAME_LISTS.has(entity);
export const isReadEntity = (entity: string): entity is ReadEntity => (READ_ENTITIES as readonly string[]).includes(entity);
