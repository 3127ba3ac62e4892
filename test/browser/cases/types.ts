/**
 * @module
 * What a browser case is: a component state to open and what a person should see in it.
 */
import type { CaseContext, OpenOptions } from '../harness.ts';

export interface BrowserCase extends OpenOptions {
  /** Also the screenshot name stem. */
  name: string;
  run(ctx: CaseContext): Promise<void>;
}

/** Runs code in the page against the preview store (the relay's stand-in). */
/** Computed background colour of an element, read in the page. */
export const BACKGROUND = (element: unknown) =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element)
    .backgroundColor;

export const PATCH = ({ id, values }: { id: string; values: Record<string, unknown> }) => {
  const preview = (globalThis as unknown as { __preview: { store: { patchRecord(i: string, v: unknown): unknown } } })
    .__preview;
  preview.store.patchRecord(id, values);
};
