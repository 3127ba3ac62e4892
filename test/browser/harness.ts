/**
 * @module
 * Browser-test plumbing: Chromium (chromium.ts says which) through playwright-core, one page per
 * case with the clock pinned, page errors and console errors collected (any one fails the case),
 * visible-text helpers, and PNG screenshots into `test-results/screenshots/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import npmChromium from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { chooseChromium } from './chromium.ts';

export const SCREENSHOT_DIR = path.join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
/** The moment every case starts at (the fixtures' "now"). */
export const NOW = new Date('2026-03-15T18:00:00Z');

/** Launches headless Chromium and says which one, once per run. */
export async function launch(): Promise<Browser> {
  const choice = await chooseChromium(npmChromium);
  console.log(choice.description);
  return chromium.launch({ executablePath: choice.executablePath, headless: true, args: [...choice.args] });
}

export interface CaseContext {
  page: Page;
  /** The component's host element. */
  host: Locator;
  /** Saves `test-results/screenshots/<name>.png`. */
  screenshot(name: string): Promise<string>;
}

export interface OpenOptions {
  component: string;
  scenario: string;
  /** Extra query parameters (e.g. `locale`). */
  query?: Record<string, string>;
  viewport?: { width: number; height: number };
}

/** Opens one component state on a fresh page; returns the context and the errors seen so far. */
export async function openCase(
  browser: Browser,
  baseUrl: string,
  options: OpenOptions,
): Promise<{ ctx: CaseContext; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.clock.install({ time: NOW });
  const query = new URLSearchParams({ component: options.component, scenario: options.scenario, ...options.query });
  await page.goto(`${baseUrl}?${query}`);
  await page.locator('#root[data-ready="true"]').waitFor({ timeout: 15_000 });
  const host = page.locator('#root > *').first();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    errors,
    ctx: {
      page,
      host,
      async screenshot(name) {
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        // Icons arrive as lazily loaded chunks; let them land before the picture is taken.
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
    },
    close: () => context.close(),
  };
}

/** Text as a person reads it: whitespace collapsed. */
export async function visibleText(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}
