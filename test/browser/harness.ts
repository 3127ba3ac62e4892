/**
 * @module
 * Browser-test plumbing: Debian's Chromium through playwright-core, one page per case with the
 * clock pinned, page errors and console errors collected (any one fails the case), visible-text
 * helpers, and PNG screenshots into `test-results/screenshots/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
/** The moment every case starts at (the fixtures' "now"). */
export const NOW = new Date('2026-03-15T18:00:00Z');

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
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
