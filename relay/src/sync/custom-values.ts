/**
 * @module
 * The schema of a CRM record's custom values as a stored page carries them (`CustomValue`: by the
 * books field's name, in the books' terms, `''` for cleared, with the facts of the mapping that
 * gave each), read back by each CRM's source when the page is decoded. A page stored before they
 * travelled has none.
 */
import { z } from 'zod';

const FACTS = z.object({
  mapping: z.string(),
  holds: z.enum(['text', 'number', 'date']),
  longest: z.number().int().nonnegative().optional(),
  cut: z.literal(true).optional(),
});

/** A page's custom values, or none. */
export const CustomValues = z
  .array(z.object({ name: z.string().min(1), value: z.string(), facts: FACTS.optional() }))
  .nullish();
