/**
 * @module
 * Who owns each field of an entity kept on both sides of a link, and what happens when both sides
 * changed it: a three-way decision per field, as a pure function. The CRM's package says the
 * policy (see `Reporter.fieldPolicy`); the engine keeps, per entity and field, the value both
 * sides last agreed on and whether a write of it is still on its way to one side
 * (`store/field-states.ts`). A record read from one side then sends only what that side changed
 * and may change; a field the other side changed meanwhile, whose write to this side has not
 * landed, is a conflict, settled by the policy — keep one side, or flag it for a person.
 *
 * Fields are canonical paths (`customer.billing`, `customer.contact.firstName`), or a custom field
 * of the books a CRM's field mapping gives (`custom`: by its name in the books, kept apart from the
 * paths); values are compared as JSON. Fields no rule names flow as they always did: whole, from
 * whichever side changed (a mapped field too: the last change wins, with no conflict).
 */
import type { CustomValue } from './model.ts';

/**
 * The fields a policy may name, per record kind: the engine keeps their state from a record's
 * first crossing on, before any policy is read (a first sync reads none: it only creates).
 */
export const POLICY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  customer: [
    'name',
    'billing',
    'shipping',
    'phone',
    'email',
    'terms',
    'contact.firstName',
    'contact.lastName',
    'contact.phone',
  ],
  vendor: ['name', 'address', 'phone', 'email'],
  item: ['name', 'description', 'price', 'itemType'],
};

/** The books (QuickBooks), the CRM, or whichever side changed the field last. */
export type FieldOwner = 'books' | 'crm' | 'latest';
/** On a conflict: keep the books' value, the CRM's, or ask a person. */
export type OnConflict = 'books' | 'crm' | 'review';
/** The two sides of a link. */
export type Side = 'books' | 'crm';

export interface FieldRule {
  /** Canonical record kind and path: `customer`, `billing`. */
  readonly recordType: string;
  readonly field: string;
  /** `field` is a custom field of the books a field mapping gives (`CustomValue`, by its name there), not a path. */
  readonly custom?: true;
  readonly owner: FieldOwner;
  readonly onConflict: OnConflict;
  /** The field in the words of the policy's author (`Account Billing Address`). */
  readonly label: string;
  readonly reason?: string;
}

export type FieldPolicy = readonly FieldRule[];

/** A write of the agreed value still on its way to a connection: the outbox row and the fields of it this field sets. */
export interface PendingWrite {
  readonly object: string;
  readonly externalId: string;
  readonly fields: readonly string[];
  /** A custom field's: the entries it sets of the write's fields that hold values by name (a target's mapped fields). */
  readonly nested?: readonly NestedEntries[];
}

/** Entries of one field of a write that holds values by name: `{ field: '$mapped', names: ['a CRM field'] }`. */
export interface NestedEntries {
  readonly field: string;
  readonly names: readonly string[];
}

/** What the engine keeps of one field of one entity. */
export interface FieldState {
  /** The value both sides agree on, or are being brought to (JSON). */
  readonly value: string;
  /** The connection a write of `value` is on its way to, and what that side held before it. */
  readonly to?: string;
  readonly was?: string;
  readonly pending?: PendingWrite;
  /** Flagged for review: the value each connection holds, until one of them changes. */
  readonly review?: Readonly<Record<string, string>>;
  /**
   * Flagged for review: by the connection it goes to, the write that carries the other side's
   * value there (its outbox row, from `source`, and the fields of it this field sets), for a
   * person's decision to send.
   */
  readonly carry?: Readonly<Record<string, CarryWrite>>;
  /**
   * The write of `value` landed on connection `on` at `at` (the relay's clock), over `was`: a
   * record of `on` stored no later may have been read before it, and show `was` still.
   */
  readonly landed?: { readonly on: string; readonly at: number; readonly was: string };
}

/** A write that carries one side's value of a field to the other, as a decision sends it. */
export interface CarryWrite extends PendingWrite {
  /** The connection the write comes from (the outbox row's). */
  readonly source: string;
  /**
   * What the write sets of `fields`, when its row may not hold it: a record read whose mirror was
   * not written again (all else as last mirrored, see `policy-step.ts`) leaves the row as it was.
   */
  readonly values?: Readonly<Record<string, unknown>>;
}

export type EntityFields = Readonly<Record<string, FieldState>>;

export interface Conflict {
  readonly rule: FieldRule;
  /** The value read now, from the side the record came from, and the one the other side holds. */
  readonly ours: string;
  readonly theirs: string;
  /** Who keeps the field: the side read now, the other side, or nobody until a person decides. */
  readonly kept: 'ours' | 'theirs' | 'review';
  /** The other side's write to this side, to be stopped (kept ours, or review). */
  readonly stop?: PendingWrite;
}

export interface Decision {
  /** Fields written to the other side (those not named stay as the other side has them). */
  readonly send: readonly string[];
  readonly hold: readonly string[];
  readonly conflicts: readonly Conflict[];
  /** Review flags a change cleared (a person changed one side). */
  readonly resolved: readonly FieldRule[];
  readonly next: EntityFields;
}

export interface DecideInput {
  readonly rules: readonly FieldRule[];
  /** The record's values, by rule field (JSON; `null` when empty). */
  readonly values: Readonly<Record<string, string>>;
  readonly state: EntityFields;
  /** The side and connection the record was read from, and the connection it goes to. */
  readonly side: Side;
  readonly from: string;
  readonly to: string;
  /** Whether the other side has the entity already (otherwise everything goes, to create it). */
  readonly exists: boolean;
  /** When the record was stored as read (the relay's clock), to tell a read from before a write landed. */
  readonly readAt?: number;
}

/** The decision for one record read from one side. */
export function decide(input: DecideInput): Decision {
  const { rules, values, state, side, from, to, exists, readAt } = input;
  const send: string[] = [];
  const hold: string[] = [];
  const conflicts: Conflict[] = [];
  const resolved: FieldRule[] = [];
  const next: Record<string, FieldState> = { ...state };
  for (const rule of rules) {
    const f = rule.field;
    const ours = values[f] ?? 'null';
    let st = state[f];
    if (st?.landed?.on === from) {
      // Read no later than our write landed there, showing what it replaced: the read predates it.
      if (readAt !== undefined && readAt <= st.landed.at) {
        if (ours === st.landed.was) {
          hold.push(f);
          continue;
        }
      } else {
        st = { value: st.value };
        next[f] = st;
      }
    }
    const sendIt = (was: string | undefined) => {
      send.push(f);
      next[f] = { value: ours, to, ...(was === undefined ? {} : { was }) };
    };
    if (exists && rule.owner !== 'latest' && rule.owner !== side) {
      // The other side's field: never sent from here once the record exists.
      hold.push(f);
      if (st?.to === from && ours === st.value) next[f] = { value: st.value };
      continue;
    }
    if (!exists || !st) {
      sendIt(undefined);
      continue;
    }
    const landed = st.to === from && ours === st.value;
    if (st.review) {
      if (ours === st.review[from]) hold.push(f);
      else {
        resolved.push(rule);
        sendIt(st.review[to]);
      }
      continue;
    }
    if (ours === st.value && st.to === to) {
      // Our own change still on its way there, read again: it stays in the write that replaces it.
      send.push(f);
    } else if (ours === st.value) {
      hold.push(f);
      if (landed) next[f] = { value: st.value };
    } else if (st.to === from && ours === st.was) {
      hold.push(f); // the other side's change is on its way here; what we read predates it
    } else if (st.to === from) {
      // Both changed it since they last agreed: the other side's value has not landed here yet.
      const kept = rule.owner === side ? 'ours' : rule.owner !== 'latest' ? 'theirs' : keeper(rule.onConflict, side);
      const stop = st.pending;
      conflicts.push({ rule, ours, theirs: st.value, kept, ...(kept !== 'theirs' && stop ? { stop } : {}) });
      if (kept === 'ours') sendIt(st.value);
      else if (kept === 'theirs') hold.push(f);
      else {
        hold.push(f);
        next[f] = { value: st.value, review: { [from]: ours, [to]: st.value } };
      }
    } else {
      sendIt(st.to === to ? st.was : st.value);
    }
  }
  return { send, hold, conflicts, resolved, next };
}

const keeper = (onConflict: OnConflict, side: Side): Conflict['kept'] =>
  onConflict === 'review' ? 'review' : onConflict === side ? 'ours' : 'theirs';

/** A record's value at a dotted path, as JSON (`null` when empty). */
export function valueAt(record: object, path: string): string {
  let v: unknown = record;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v === undefined || v === '' ? 'null' : stableJson(v);
}

/** A record's custom value of the books' field `name`, as JSON (`null` when empty or absent). */
export function customValueOf(record: object, name: string): string {
  const custom = 'custom' in record ? (record.custom as readonly CustomValue[] | undefined) : undefined;
  const v = custom?.find((c) => c.name === name)?.value;
  return v === undefined || v === '' ? 'null' : JSON.stringify(v);
}

function stableJson(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined && o[k] !== '')
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
