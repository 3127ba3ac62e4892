/**
 * `npm run sim:qbd -- --url http://localhost:8080/qbwc --user acme --password '…'`: plays the
 * QuickBooks Web Connector against a relay with a generated company file, once or on a schedule.
 * OwnerID/FileID come from `--qwc FILE`, or from the relay's own .qwc download (GET /qbwc/qwc
 * with the same credentials).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createCompany } from './company/index.ts';
import { createWebConnector, type RunReport } from './webconnector/client.ts';
import type { Dialect } from './webconnector/envelopes.ts';
import { readQwc } from './webconnector/qwc.ts';

const USAGE = `npm run sim:qbd -- --url URL --user NAME --password PASSWORD [options]

  --url URL          the relay's Web Connector URL (…/qbwc)
  --user, --password the connection's Web Connector sign-in
  --qwc FILE         take OwnerID/FileID from this .qwc (default: download it from the relay)
  --seed N           company generator seed (default 1)
  --customers N      customers in the generated company (default 200); also --vendors, --items, --invoices
  --runs N           scheduled updates to run (default 1)
  --every SECONDS    pause between updates (default 60; authenticate's postpone time wins)
  --dialect D        document | prefixed | rpc-encoded (default document)
  --version V        Web Connector version sent in clientVersion (default 2.3.0.215)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      qwc: { type: 'string' },
      seed: { type: 'string', default: '1' },
      customers: { type: 'string', default: '200' },
      vendors: { type: 'string', default: '40' },
      items: { type: 'string', default: '30' },
      invoices: { type: 'string', default: '150' },
      runs: { type: 'string', default: '1' },
      every: { type: 'string', default: '60' },
      dialect: { type: 'string', default: 'document' },
      version: { type: 'string', default: '2.3.0.215' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.url || !values.user || values.password === undefined) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const url = values.url;
  let app: { ownerId: string; fileId: string };
  if (values.qwc) {
    app = readQwc(fs.readFileSync(values.qwc, 'utf8'));
  } else {
    const res = await fetch(url.replace(/\/?$/, '/qwc'), {
      headers: { authorization: `Basic ${Buffer.from(`${values.user}:${values.password}`).toString('base64')}` },
    });
    if (!res.ok) {
      process.stderr.write(`Could not download the .qwc file from the relay (HTTP ${res.status}); pass --qwc FILE.\n`);
      return 1;
    }
    app = readQwc(await res.text());
  }
  const company = createCompany({
    seed: Number(values.seed),
    customers: Number(values.customers),
    vendors: Number(values.vendors),
    items: Number(values.items),
    invoices: Number(values.invoices),
  });
  const wc = createWebConnector({
    url,
    username: values.user,
    password: values.password,
    ownerId: app.ownerId,
    fileId: app.fileId,
    company,
    version: values.version,
    dialect: values.dialect as Dialect,
  });
  let failed = false;
  const runs = Number(values.runs);
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const report: RunReport = await wc.run();
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      JSON.stringify({
        run: i + 1,
        status: report.status,
        message: report.message,
        lastError: report.lastError,
        qbwcError: report.qbwcError,
        roundTrips: report.calls.length,
        requests: report.requests.length,
        progress: report.progress,
        ms,
      }) + '\n',
    );
    failed ||= report.status === 'error' || report.status === 'transport_error';
    if (i + 1 < runs) {
      const wait = report.postponeSeconds ?? Number(values.every);
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
