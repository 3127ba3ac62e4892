/**
 * @module
 * What the org computes itself after a save or a delete: an Opportunity with products is worth
 * the sum of its products' TotalPrice (Salesforce keeps `Opportunity.Amount` equal to it; the
 * products' own amounts are exact decimals, summed here in cents, never as floats).
 */
import type { DmlContext } from './dml.ts';
import type { SimObject } from './schema.ts';
import type { Tx } from './store.ts';

const cents = (v: unknown): bigint => {
  const [whole = '0', frac = ''] = String(v ?? '0').split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '') || '0') * 100n + BigInt((frac + '00').slice(0, 2)));
};
const decimalOf = (c: bigint): number => {
  const abs = c < 0n ? -c : c;
  return Number(`${c < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`);
};

/** Recomputes the Amount of the Opportunity a saved or deleted product belongs to. */
export function rollUpOpportunity(ctx: DmlContext, object: SimObject, opportunityId: unknown, tx?: Tx): void {
  if (object.name !== 'OpportunityLineItem' || typeof opportunityId !== 'string') return;
  const opportunities = ctx.schema.object('Opportunity');
  if (!opportunities || !ctx.store.get(opportunities, opportunityId)) return;
  const lines = ctx.store.referencing(object, 'OpportunityId', opportunityId).map((id) => ctx.store.get(object, id)!);
  if (lines.length === 0) return;
  const total = lines.reduce((acc, l) => acc + cents(l.TotalPrice), 0n);
  ctx.store.update(opportunities, opportunityId, { Amount: decimalOf(total) }, tx);
}
