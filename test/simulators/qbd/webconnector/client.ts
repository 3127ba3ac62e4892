/**
 * @module
 * A QuickBooks Web Connector for tests and `npm run sim:qbd`: plays one scheduled update against a
 * relay URL exactly in QBWC's call order (Programmer's Guide ch.2/ch.8): serverVersion →
 * clientVersion → authenticate → [connectionError] → sendRequestXML / receiveResponseXML … →
 * getLastError on "" or a negative answer → closeConnection, with QuickBooks played by a simulated
 * company. Answers QBWC cannot use (a non-integer progress, an authenticate result without
 * `<string>` items, a non-SOAP body) end the update with the QBWC error code the real one shows.
 */
import { readAnswer, requestEnvelope, type Dialect, type Param } from './envelopes.ts';

/** What the Web Connector needs from QuickBooks (the company simulator provides it). */
export interface QuickBooksLike {
  /** QBWC's host/company/preferences response for the first sendRequestXML. */
  hostCompanyPreferencesResponse(app: { ownerId: string; fileId: string }): string;
  /** QuickBooks processing one qbXML request. Throws `{ hresult, message }` when QuickBooks fails. */
  process(qbxml: string): string | Promise<string>;
  /** {@link process} honouring injected slow responses; used instead when present. */
  processAsync?(qbxml: string): Promise<string>;
  /** The QuickBooks session ends (iterators become invalid). */
  endSession(): void;
  /** Opening a connection to QuickBooks; throws `{ hresult, message }` when it cannot (not running, modal dialog, …). */
  beginSession?(companyFile: string): void;
  readonly companyFilePath?: string;
  readonly country?: string;
}

export interface WebConnectorOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** OwnerID and FileID from the .qwc file. */
  readonly ownerId: string;
  readonly fileId: string;
  readonly company: QuickBooksLike;
  readonly version?: string;
  readonly dialect?: Dialect;
  readonly qbxmlMajor?: number;
  readonly qbxmlMinor?: number;
  /** Pause after getLastError answers "NoOp" (QBWC waits 5 s). */
  readonly noOpDelayMs?: number;
  /** Called before each SOAP call (tests: restart the relay between pages). */
  readonly beforeCall?: (operation: string, callIndex: number) => void | Promise<void>;
  readonly fetch?: typeof fetch;
}

export type RunStatus =
  'completed' | 'error' | 'nvu' | 'none' | 'busy' | 'client_version_refused' | 'connection_error' | 'transport_error';

export interface CallRecord {
  readonly operation: string;
  readonly ms: number;
  readonly result?: unknown;
  readonly requestBytes: number;
}

export interface RunReport {
  readonly status: RunStatus;
  /** What QBWC would show in its status column / log. */
  readonly message: string;
  readonly ticket: string | undefined;
  readonly calls: readonly CallRecord[];
  /** Progress values answered by receiveResponseXML, in order. */
  readonly progress: readonly number[];
  readonly lastError?: string;
  readonly clientVersionWarning?: string;
  readonly postponeSeconds?: number;
  /** QBWC error code when the relay's answer was unusable or unreachable (QBWC1012, 1041, 1042, …). */
  readonly qbwcError?: string;
  /** qbXML requests QuickBooks processed. */
  readonly requests: readonly string[];
}

class TransportError extends Error {
  readonly qbwcCode: string;
  constructor(qbwcCode: string, message: string) {
    super(message);
    this.qbwcCode = qbwcCode;
  }
}

const QBWC_CODES: Record<string, string> = {
  serverVersion: 'QBWC1012',
  clientVersion: 'QBWC1036',
  authenticate: 'QBWC1012',
  sendRequestXML: 'QBWC1041',
  receiveResponseXML: 'QBWC1042',
  connectionError: 'QBWC1012',
  getLastError: 'QBWC1012',
  closeConnection: 'QBWC1012',
};

function hresultOf(e: unknown): { hresult: string; message: string } {
  const x = e as { hresult?: string; message?: string };
  return { hresult: x.hresult ?? '0x80040402', message: x.message ?? String(e) };
}

/**
 * @example
 * const wc = createWebConnector({ url: `${relay.url}/qbwc`, username: 'acme', password, ownerId, fileId, company });
 * const report = await wc.run();
 */
export function createWebConnector(o: WebConnectorOptions) {
  const doFetch = o.fetch ?? fetch;
  const dialect = o.dialect ?? 'document';
  const version = o.version ?? '2.3.0.215';

  async function run(): Promise<RunReport> {
    const calls: CallRecord[] = [];
    const progress: number[] = [];
    const requests: string[] = [];
    let ticket: string | undefined;
    let clientVersionWarning: string | undefined;

    const call = async (operation: string, params: readonly Param[]): Promise<string | string[] | undefined> => {
      await o.beforeCall?.(operation, calls.length);
      const body = requestEnvelope(operation, params, dialect);
      const started = performance.now();
      let res: Response;
      try {
        res = await doFetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'text/xml; charset=utf-8',
            soapaction: `"http://developer.intuit.com/${operation}"`,
          },
          body,
        });
      } catch (e) {
        throw new TransportError(
          QBWC_CODES[operation] ?? 'QBWC1012',
          `Could not reach the web service: ${(e as Error).message}`,
        );
      }
      const text = await res.text();
      const answer = readAnswer(operation, text);
      calls.push({
        operation,
        ms: performance.now() - started,
        requestBytes: body.length,
        result: answer?.kind === 'result' ? answer.value : answer,
      });
      if (!answer)
        throw new TransportError(
          QBWC_CODES[operation] ?? 'QBWC1012',
          `Response is not well-formed XML or not a ${operation} answer (HTTP ${res.status}).`,
        );
      if (answer.kind === 'fault')
        throw new TransportError(QBWC_CODES[operation] ?? 'QBWC1012', `SOAP fault ${answer.code}: ${answer.message}`);
      return answer.value;
    };
    const text = async (operation: string, params: readonly Param[]) => {
      const v = await call(operation, params);
      if (Array.isArray(v))
        throw new TransportError(QBWC_CODES[operation] ?? 'QBWC1012', `${operation} answered an array.`);
      return v ?? '';
    };
    const report = (status: RunStatus, message: string, extra: Partial<RunReport> = {}): RunReport => ({
      status,
      message,
      ticket,
      calls,
      progress,
      requests,
      ...(clientVersionWarning ? { clientVersionWarning } : {}),
      ...extra,
    });

    let sessionOpen = false;
    try {
      await text('serverVersion', [['strVersion', '']]);
      const cv = await text('clientVersion', [['strVersion', version]]);
      if (cv.startsWith('E:') || cv.startsWith('O:')) return report('client_version_refused', cv.slice(2));
      if (cv.startsWith('W:')) clientVersionWarning = cv.slice(2);

      const auth = await call('authenticate', [
        ['strUserName', o.username],
        ['strPassword', o.password],
      ]);
      if (!Array.isArray(auth) || auth.length < 2) {
        throw new TransportError('QBWC1012', 'Authentication failed: Index was outside the bounds of the array.');
      }
      ticket = auth[0] ?? '';
      const verdict = (auth[1] ?? '').trim();
      const lower = verdict.toLowerCase();
      if (lower === 'nvu' || lower === 'none' || lower === 'busy') {
        const closing = await text('closeConnection', [['ticket', ticket]]);
        const postpone = auth[2] ? Number(auth[2]) : undefined;
        const shown =
          lower === 'nvu'
            ? 'Authentication failed: invalid user name or password.'
            : lower === 'busy'
              ? 'Application Busy'
              : 'No data exchange required';
        return report(lower as RunStatus, `${shown} ${closing}`.trim(), postpone ? { postponeSeconds: postpone } : {});
      }

      let companyFile = verdict || o.company.companyFilePath || '';
      for (let attempt = 0; ; attempt++) {
        try {
          o.company.beginSession?.(companyFile);
          sessionOpen = true;
          break;
        } catch (e) {
          const { hresult, message } = hresultOf(e);
          const answer = await text('connectionError', [
            ['ticket', ticket],
            ['hresult', hresult],
            ['message', message],
          ]);
          if (answer.toLowerCase() === 'done' || attempt >= 1) {
            const lastError = await text('getLastError', [['ticket', ticket]]);
            const closing = await text('closeConnection', [['ticket', ticket]]);
            return report('connection_error', closing, { lastError });
          }
          companyFile = answer || companyFile;
        }
      }
      sessionOpen = true;

      let first = true;
      for (;;) {
        const hcp = first ? o.company.hostCompanyPreferencesResponse({ ownerId: o.ownerId, fileId: o.fileId }) : '';
        const rq = await text('sendRequestXML', [
          ['ticket', ticket],
          ['strHCPResponse', hcp],
          ['strCompanyFileName', companyFile],
          ['qbXMLCountry', o.company.country ?? 'US'],
          ['qbXMLMajorVers', o.qbxmlMajor ?? 16],
          ['qbXMLMinorVers', o.qbxmlMinor ?? 0],
        ]);
        first = false;
        if (rq === '' || rq === 'NoOp') {
          const lastError = await text('getLastError', [['ticket', ticket]]);
          if (lastError === 'NoOp' || rq === 'NoOp') {
            await new Promise((r) => setTimeout(r, o.noOpDelayMs ?? 5000));
            continue;
          }
          const closing = await text('closeConnection', [['ticket', ticket]]);
          return report('error', closing, { lastError });
        }
        requests.push(rq);
        let response = '';
        let hresult = '';
        let message = '';
        try {
          response = await (o.company.processAsync ? o.company.processAsync(rq) : o.company.process(rq));
        } catch (e) {
          ({ hresult, message } = hresultOf(e));
        }
        const raw = await text('receiveResponseXML', [
          ['ticket', ticket],
          ['response', response],
          ['hresult', hresult],
          ['message', message],
        ]);
        if (!/^-?\d+$/.test(raw.trim())) {
          throw new TransportError('QBWC1042', `ReceiveResponseXML failed: "${raw}" is not an integer.`);
        }
        const pct = Number(raw);
        progress.push(pct);
        if (pct < 0) {
          const lastError = await text('getLastError', [['ticket', ticket]]);
          const closing = await text('closeConnection', [['ticket', ticket]]);
          return report('error', closing, { lastError });
        }
        if (pct >= 100) {
          const closing = await text('closeConnection', [['ticket', ticket]]);
          return report('completed', closing);
        }
      }
    } catch (e) {
      if (e instanceof TransportError) return report('transport_error', e.message, { qbwcError: e.qbwcCode });
      throw e;
    } finally {
      if (sessionOpen) o.company.endSession();
    }
  }

  return { run };
}

export type WebConnector = ReturnType<typeof createWebConnector>;
