/**
 * @module
 * Change Data Capture field bitmaps turned into field names. A change event's header lists
 * `changedFields`, `nulledFields` and `diffFields` as hex bitmaps over the positions of the
 * fields in the event's Avro schema: `'0x400010'` sets bits 4 and 22 of the top-level record;
 * `'4-0x06'` sets bits 1 and 2 of the record inside top-level field 4 (a compound field such as
 * `BillingAddress`), which names `BillingAddress.City` and `BillingAddress.State`. Names come
 * top-level first, in schema order, then compound children (as Salesforce's samples list them); a
 * compound field named through its children is listed by its children only.
 *
 * @see https://developer.salesforce.com/docs/platform/pub-sub-api/guide/event-deserialization-considerations.html
 */

/** The field names of one Avro record, in schema order, and those of its compound fields. */
export interface FieldLayout {
  readonly names: readonly string[];
  /** Child field names of the compound field at a position (absent: not a compound field). */
  childNames(position: number): readonly string[] | undefined;
}

const TOP_LEVEL = /^0x([0-9a-f]+)$/i;
const CHILD = /^(\d+)-0x([0-9a-f]+)$/i;

/**
 * Decodes the bitmaps of one header field into field names, compound children as `Parent.Child`.
 * A bitmap that is malformed or names a position the schema does not have means the event was
 * decoded with the wrong schema: that is a bug or a protocol change, so it throws.
 *
 * @example fieldNamesFromBitmaps(['0x400010', '4-0x06'], layout) // ['LastModifiedDate', 'BillingAddress.City', 'BillingAddress.State']
 */
export function fieldNamesFromBitmaps(bitmaps: readonly string[], layout: FieldLayout): string[] {
  const topLevel = new Map<number, string>();
  const children = new Map<number, string[]>();
  for (const bitmap of bitmaps) {
    const top = TOP_LEVEL.exec(bitmap);
    if (top) {
      for (const bit of setBits(top[1]!)) topLevel.set(bit, nameAt(layout.names, bit, bitmap));
      continue;
    }
    const child = CHILD.exec(bitmap);
    if (!child) throw new Error(`Change event field bitmap '${bitmap}' is neither '0x..' nor 'N-0x..'`);
    const parent = Number(child[1]);
    const parentName = nameAt(layout.names, parent, bitmap);
    const childNames = layout.childNames(parent);
    if (!childNames) throw new Error(`Change event field bitmap '${bitmap}' names ${parentName}, not a compound field`);
    children.set(
      parent,
      setBits(child[2]!).map((bit) => `${parentName}.${nameAt(childNames, bit, bitmap)}`),
    );
  }
  const names = [...topLevel].filter(([position]) => !children.has(position)).map(([, name]) => name);
  for (const expanded of children.values()) names.push(...expanded);
  return names;
}

/** Positions of the set bits of a hex number, lowest first (read nibble by nibble: bitmaps exceed 53 bits). */
function setBits(hex: string): number[] {
  const bits: number[] = [];
  for (let nibble = 0; nibble < hex.length; nibble++) {
    const value = parseInt(hex[hex.length - 1 - nibble]!, 16);
    for (let bit = 0; bit < 4; bit++) if (value & (1 << bit)) bits.push(nibble * 4 + bit);
  }
  return bits;
}

function nameAt(names: readonly string[], position: number, bitmap: string): string {
  const name = names[position];
  if (name === undefined) {
    throw new Error(`Change event field bitmap '${bitmap}' names position ${position}; the schema has ${names.length}`);
  }
  return name;
}
