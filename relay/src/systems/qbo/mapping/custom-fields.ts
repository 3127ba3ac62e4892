/**
 * @module
 * A company's sales-form custom fields as Preferences gives them (`SalesFormsPrefs.CustomField`:
 * groups of name/value pairs — `SalesFormsPrefs.UseSalesCustomN`, BooleanType, whether slot N is
 * on; `SalesFormsPrefs.SalesCustomNameN`, StringType, its name), as the definitions a write names:
 * slot N is the `DefinitionId` a transaction's `CustomField` carries. Only the ones turned on and
 * named are definitions; a value holds at most {@link CUSTOM_FIELD_LENGTH} characters.
 */
import { z } from 'zod';
import { ok, type Result } from '../../../lib/result.ts';
import { readPayload } from './payloads.ts';

/** The most characters a StringType custom field holds in QuickBooks Online. */
export const CUSTOM_FIELD_LENGTH = 31;

/** One custom field a company's invoices have: its `DefinitionId` and its name. */
export interface CustomFieldDefinition {
  readonly id: string;
  readonly name: string;
}

const Pair = z.object({
  Name: z.string(),
  BooleanValue: z.boolean().optional(),
  StringValue: z.string().optional(),
});
const Prefs = z.object({
  SalesFormsPrefs: z
    .object({ CustomField: z.array(z.object({ CustomField: z.array(Pair).default([]) })).default([]) })
    .optional(),
});

/**
 * @example readSalesCustomFields(parseExactJson(text).Preferences) // ok([{ id: '1', name: 'Crew #' }])
 */
export function readSalesCustomFields(json: unknown): Result<CustomFieldDefinition[]> {
  const r = readPayload(Prefs, 'Preferences', json);
  if (!r.ok) return r;
  const pairs = (r.value.SalesFormsPrefs?.CustomField ?? []).flatMap((g) => g.CustomField);
  const on = (n: string) => pairs.some((p) => p.Name === `SalesFormsPrefs.UseSalesCustom${n}` && p.BooleanValue);
  return ok(
    pairs.flatMap((p) => {
      const n = /^SalesFormsPrefs\.SalesCustomName(\d+)$/.exec(p.Name)?.[1];
      return n && p.StringValue && on(n) ? [{ id: n, name: p.StringValue }] : [];
    }),
  );
}
