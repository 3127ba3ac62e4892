/**
 * @module
 * The QuickBooks Desktop company as a soak leg sees it: the Web Connector's side, with its qbXML
 * requests counted and a Mod that changes nothing in the company file counted as an echo (by its
 * own answer: a busy Mod beside a taken one is not), and the bookkeeper's side, changes entered in
 * QuickBooks itself.
 */
import type { Company } from '../simulators/qbd/company/index.ts';

/** What a Mod may move without changing the record. */
const RECORD_STAMPS = new Set(['timeModified', 'editSequence']);

/** @example const qb = desktopBooks(company, (line) => echoes.push(`${line} (session ${sessions})`)); */
export function desktopBooks(company: Company, echo: (what: string) => void) {
  let requests = 0;
  const snapshot = (id: string) => {
    for (const kind of ['customer', 'item', 'invoice'] as const) {
      const r = (company.state.tables[kind] as Map<string, object>).get(id);
      if (r) return JSON.stringify(Object.entries(r).filter(([k]) => !RECORD_STAMPS.has(k)));
    }
    return undefined;
  };
  /** The company the Web Connector reaches. */
  const connector: Company = {
    ...company,
    processAsync: async (xml: string) => {
      requests++;
      // Each Mod by its request's ID: its own answer says whether QuickBooks took it.
      const mods = [...xml.matchAll(/<(\w+)ModRq requestID="([^"]*)">\s*<\1Mod>\s*<(?:ListID|TxnID)>([^<]+)</g)].map(
        (m) => ({ type: m[1]!, requestId: m[2]!, id: m[3]!, before: snapshot(m[3]!) }),
      );
      const answer = await company.processAsync(xml);
      for (const m of mods) {
        const rs = new RegExp(`<${m.type}ModRs [^>]*requestID="${m.requestId}"[^>]*>`).exec(answer)?.[0];
        if (m.before !== undefined && m.before === snapshot(m.id) && rs?.includes('statusCode="0"'))
          echo(`QuickBooks ${m.type} ${m.id}: a Mod that changed nothing`);
      }
      return answer;
    },
  };
  /** A change entered in QuickBooks itself (its own qbXML), as the bookkeeper's screens do. */
  const bookkeeper = (body: string): string => {
    company.beginSession();
    try {
      const xml = company.process(
        `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">${body}</QBXMLMsgsRq></QBXML>`,
      );
      if (!/statusCode="0"/.test(xml))
        throw new Error(`QuickBooks refused the bookkeeper's change: ${xml.slice(0, 600)}`);
      return xml;
    } finally {
      company.endSession();
    }
  };
  return { connector, bookkeeper, requests: () => requests };
}
