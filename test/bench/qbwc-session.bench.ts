/**
 * QuickBooks Web Connector session benchmark: a generated 20,000-customer company pulled through a
 * real relay process (`ledgerbridge start`, embedded store on disk) by the Web Connector simulator.
 * Reports QBWC round trips, relay CPU per 1,000 records (whole relay process, from /proc), the
 * parse cost alone per 1,000 records, and receiveResponseXML latency for 500-record pages as the
 * Web Connector sees it. Prints figures; does not assert.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSoapRequest } from '../../relay/src/systems/qbd/soap/envelope.ts';
import { summarizeResponse } from '../../relay/src/systems/qbd/session/page.ts';
import { parseQbxmlResponse } from '../../relay/src/systems/qbd/qbxml/parse.ts';
import { createCompany } from '../simulators/qbd/company/index.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { requestEnvelope } from '../simulators/qbd/webconnector/envelopes.ts';
import { readQwc } from '../simulators/qbd/webconnector/qwc.ts';

const CUSTOMERS = 20_000;
const PAGE = 500;
const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-'));
const port = 18000 + Math.floor(Math.random() * 1000);
const user = 'bench';
const password = 'bench password for the web connector';

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const f1 = (n: number) => n.toFixed(1);

async function main() {
  const relay = spawn(process.execPath, ['--no-warnings', path.join(root, 'relay/bin/ledgerbridge.js'), 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      LEDGERBRIDGE_DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      QBWC_USERNAME: user,
      QBWC_PASSWORD: password,
      QBWC_PAGE_SIZE: String(PAGE),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (i > 100) throw new Error('relay did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const qwc = readQwc(
      await (
        await fetch(`${url}/qbwc/qwc`, {
          headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
        })
      ).text(),
    );

    let t = performance.now();
    const company = createCompany({ seed: 20, customers: CUSTOMERS, vendors: 200, items: 100, invoices: 500 });
    console.log(`company generated: ${CUSTOMERS} customers in ${f1(performance.now() - t)} ms`);

    const wc = createWebConnector({
      url: `${url}/qbwc`,
      username: user,
      password,
      ownerId: qwc.ownerId,
      fileId: qwc.fileId,
      company,
    });
    const cpuBefore = cpuMs(relay.pid as number);
    t = performance.now();
    const report = await wc.run();
    const wall = performance.now() - t;
    const relayCpu = cpuMs(relay.pid as number) - cpuBefore;
    if (report.status !== 'completed')
      throw new Error(`update ended ${report.status}: ${report.message} ${report.lastError ?? ''}`);

    const recordsMatch = /(\d+) new or changed records/.exec(report.message);
    const records = Number(recordsMatch?.[1] ?? NaN);
    // receiveResponseXML calls answering full 500-customer pages.
    const receives = report.calls.filter((c) => c.operation === 'receiveResponseXML');
    const sends = report.calls.filter((c) => c.operation === 'sendRequestXML');
    const customerPages: number[] = [];
    let page = 0;
    for (let i = 0; i < report.requests.length; i++) {
      if (report.requests[i]?.includes('<CustomerQueryRq')) {
        const call = receives[i];
        if (call && call.requestBytes > 100_000) customerPages.push(call.ms);
        page++;
      }
    }

    console.log(
      `QBWC round trips (SOAP calls): ${report.calls.length} (${sends.length} sendRequestXML, ${receives.length} receiveResponseXML), ${page} customer pages of ${PAGE}`,
    );
    console.log(`records received: ${records} in ${f1(wall / 1000)} s wall`);
    console.log(`relay process CPU: ${f1(relayCpu)} ms total, ${f1((relayCpu * 1000) / records)} ms per 1,000 records`);
    console.log(
      `receiveResponseXML, ${customerPages.length} pages of ${PAGE} customers (client-observed): p50 ${f1(pct(customerPages, 50))} ms, p99 ${f1(pct(customerPages, 99))} ms, max ${f1(Math.max(...customerPages))} ms (target p99 < 200 ms)`,
    );

    // Parse cost alone, in this process: SOAP envelope + page summary (what receiveResponseXML does),
    // and the engine's full typed parse (what the sync engine does later from the inbox).
    const fresh = createCompany({ seed: 21, customers: 5000 });
    fresh.beginSession('');
    const { buildQbxml } = await import('../../relay/src/systems/qbd/qbxml/requests.ts');
    const pageXml = fresh.process(
      buildQbxml([{ type: 'CustomerQuery', requestId: 'b', iterator: 'Start', maxReturned: PAGE }], {
        onError: 'stopOnError',
      }),
    );
    const envelope = requestEnvelope(
      'receiveResponseXML',
      [
        ['ticket', 't'],
        ['response', pageXml],
        ['hresult', ''],
        ['message', ''],
      ],
      'document',
    );
    const rounds = 20;
    let c0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) {
      const env = parseSoapRequest(envelope);
      if (!env.ok) throw new Error(env.error.message);
      const s = summarizeResponse(env.value.params.response ?? '');
      if (!s.ok || s.value[0]?.records.length !== PAGE) throw new Error('bad page');
    }
    let c1 = process.cpuUsage(c0);
    const receivePath = (c1.user + c1.system) / 1000 / rounds / (PAGE / 1000);
    c0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) {
      const r = parseQbxmlResponse(pageXml);
      if (!r.ok || r.value.responses[0]?.records.length !== PAGE) throw new Error('bad parse');
    }
    c1 = process.cpuUsage(c0);
    const fullParse = (c1.user + c1.system) / 1000 / rounds / (PAGE / 1000);
    console.log(
      `page of ${PAGE} customers: ${f1(pageXml.length / 1024)} KiB of qbXML, ${f1(envelope.length / 1024)} KiB SOAP`,
    );
    console.log(
      `CPU per 1,000 records: receiveResponseXML parse path ${f1(receivePath)} ms; full typed qbXML parse ${f1(fullParse)} ms`,
    );
  } finally {
    relay.kill('SIGTERM');
    await new Promise((r) => relay.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
