/**
 * @module
 * `npm run test:browser`: builds the preview (LWC OSS + base components + fixture shims), serves it
 * on 127.0.0.1, opens every component state in Chromium (Debian's, or the one inside the npm
 * package @sparticuz/chromium; see chromium.ts) through playwright-core, checks
 * what a person sees, and writes PNG screenshots to `test-results/screenshots/`. A case fails on a
 * wrong assertion, a page error or a console error; the process exits non-zero if any case fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildPreview } from '../../preview/build.ts';
import { startPreviewServer } from '../../preview/serve.ts';
import { launch, openCase, SCREENSHOT_DIR } from './harness.ts';
import type { BrowserCase } from './cases/types.ts';
import { accountInvoicesCases } from './cases/accountInvoices.ts';
import { accountQuickBooksCases } from './cases/accountQuickBooks.ts';
import { syncWithQuickBooksCases } from './cases/syncWithQuickBooks.ts';
import { connectionHealthCases } from './cases/connectionHealth.ts';
import { fieldPolicyCases } from './cases/fieldPolicy.ts';
import { fieldMappingsCases } from './cases/fieldMappings.ts';
import { syncFailureLogCases } from './cases/syncFailureLog.ts';
import { recordPanelCases } from './cases/recordPanels.ts';
import { pushToQuickBooksCases } from './cases/pushToQuickBooks.ts';
import { needsReviewCases } from './cases/needsReview.ts';

const ALL: BrowserCase[] = [
  ...accountInvoicesCases,
  ...accountQuickBooksCases,
  ...syncWithQuickBooksCases,
  ...connectionHealthCases,
  ...fieldPolicyCases,
  ...fieldMappingsCases,
  ...syncFailureLogCases,
  ...recordPanelCases,
  ...pushToQuickBooksCases,
  ...needsReviewCases,
];

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const cases = ALL.filter((c) => wanted.length === 0 || wanted.some((w) => c.name.includes(w)));
  fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  const built = await buildPreview();
  console.log(`preview built in ${(built.ms / 1000).toFixed(1)} s`);
  const server = await startPreviewServer();
  const browser = await launch();
  let failed = 0;
  try {
    for (const testCase of cases) {
      const started = Date.now();
      const { ctx, errors, close } = await openCase(browser, server.url, testCase);
      let problem: string | undefined;
      try {
        await testCase.run(ctx);
        if (errors.length) problem = errors.join('\n    ');
      } catch (error) {
        problem = [error instanceof Error ? error.message : String(error), ...errors].join('\n    ');
        await ctx.screenshot(`${testCase.name}-failure`).catch(() => undefined);
      } finally {
        await close();
      }
      const ms = Date.now() - started;
      if (problem) {
        failed++;
        console.log(`✗ ${testCase.name} (${ms} ms)\n    ${problem}`);
      } else {
        console.log(`✓ ${testCase.name} (${ms} ms)`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(
    `\n${cases.length - failed} passed, ${failed} failed; screenshots in ${path.relative(process.cwd(), SCREENSHOT_DIR)}/`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
