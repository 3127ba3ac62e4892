/**
 * qbXML parse cost: relay CPU time per 1,000 records for 500-record iterator pages of customers and
 * invoices (with line items) from a generated 20,000-customer company. Pages come from the company
 * simulator; only `parseQbxmlResponse` is measured. Prints figures; asserts nothing about timing.
 */
import { buildQbxml, continueIterator, type QbxmlQuery } from '../../relay/src/systems/qbd/qbxml/requests.ts';
import { parseQbxmlResponse } from '../../relay/src/systems/qbd/qbxml/parse.ts';
import { createCompany } from '../simulators/qbd/company/company.ts';

const PAGE = 500;
const CUSTOMERS = 20_000;
const INVOICES = 10_000;

function pages(company: ReturnType<typeof createCompany>, start: QbxmlQuery & { iterator?: string }): string[] {
  const out: string[] = [];
  let request: QbxmlQuery = start;
  for (let n = 1; ; n++) {
    const xml = company.process(buildQbxml([request], { onError: 'stopOnError' }));
    out.push(xml);
    const remaining = /iteratorRemainingCount="(\d+)"/.exec(xml)?.[1];
    const id = /iteratorID="([^"]+)"/.exec(xml)?.[1];
    if (remaining === undefined || remaining === '0' || id === undefined) return out;
    request = continueIterator(start as QbxmlQuery & { iterator: 'Start' }, id, `page-${n + 1}`) as QbxmlQuery;
  }
}

function measure(label: string, docs: readonly string[]): void {
  // warm-up (JIT), then measure each page
  for (const d of docs.slice(0, 3)) parseQbxmlResponse(d);
  (globalThis as { gc?: () => void }).gc?.();
  const wall: number[] = [];
  let records = 0;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  for (const d of docs) {
    const t0 = performance.now();
    const r = parseQbxmlResponse(d);
    wall.push(performance.now() - t0);
    if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
    records += r.value.responses.reduce((n, rs) => n + rs.records.length, 0);
    bytes += d.length;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  wall.sort((a, b) => a - b);
  const pct = (p: number) => wall[Math.min(wall.length - 1, Math.floor((p / 100) * wall.length))] ?? 0;
  console.log(
    `${label.padEnd(10)} pages=${docs.length} records=${records} avg page=${(bytes / docs.length / 1024).toFixed(0)} KiB  ` +
      `CPU per 1,000 records=${((cpuMs / records) * 1000).toFixed(1)} ms  page parse p50=${pct(50).toFixed(1)} ms p99=${pct(99).toFixed(1)} ms`,
  );
}

const t0 = performance.now();
const company = createCompany({
  seed: 2024,
  customers: CUSTOMERS,
  items: 60,
  invoices: INVOICES,
  payments: 2000,
  vendors: 200,
});
console.log(
  `generated company: ${company.count('customer')} customers, ${company.count('invoice')} invoices in ${(performance.now() - t0).toFixed(0)} ms`,
);

const t1 = performance.now();
const customerPages = pages(company, {
  type: 'CustomerQuery',
  requestId: 'page-1',
  iterator: 'Start',
  maxReturned: PAGE,
});
const invoicePages = pages(company, {
  type: 'InvoiceQuery',
  requestId: 'page-1',
  iterator: 'Start',
  maxReturned: PAGE,
  includeLineItems: true,
  includeLinkedTxns: true,
});
console.log(
  `simulator answered ${customerPages.length + invoicePages.length} pages in ${(performance.now() - t1).toFixed(0)} ms (not relay time)`,
);

measure('customers', customerPages);
measure('invoices', invoicePages);
