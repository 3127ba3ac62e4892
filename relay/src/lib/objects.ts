/**
 * @module
 * Small object helpers shared by the systems' mappings.
 */

/**
 * The object without its `undefined` properties (a value that is absent, not one that is empty).
 * @example withoutUndefined({ a: 1, b: undefined, c: null }) // { a: 1, c: null }
 */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
