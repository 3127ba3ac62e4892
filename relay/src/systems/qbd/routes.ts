/**
 * @module
 * HTTP routes of the Web Connector endpoint: `POST /qbwc` (SOAP), `GET /qbwc?wsdl`, `GET /qbwc/qwc`
 * (the .qwc file, for an admin signing in with the connection's Web Connector credentials over
 * HTTP Basic) and `GET /qbwc/support` (the AppSupport page QBWC checks). Bodies over the limit
 * are refused with 413 before being read in full; anything unreadable gets a SOAP Fault (400 for
 * the client's fault, 500 for ours) and never takes the relay down.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import { openStore, storeLocation, type Store } from '../../store/index.ts';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './auth.ts';
import { buildQwc, qwcWarnings } from './qwc.ts';
import { createQbwcService, type QbwcService } from './session/service.ts';
import { signIn } from './sign-in.ts';
import { decodeBody, parseSoapRequest } from './soap/envelope.ts';
import { OPERATIONS, isOperation } from './soap/operations.ts';
import { buildSoapFault, buildSoapResponse } from './soap/respond.ts';
import { buildWsdl } from './soap/wsdl.ts';
import { readLimitedBody } from '../../lib/limited-body.ts';

export interface QbwcRouteDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly version: string;
  /** The store; opened from the configuration on first use when absent. Start-up (`prepareQbwc` in setup.ts) is the caller's: it runs once when the relay starts. */
  readonly store?: Store;
  readonly now?: () => number;
  readonly throttle?: ThrottlePolicy;
  /** Largest SOAP request accepted (the app's `MAX_BODY_BYTES`; a 500-record page is about 1 MB). */
  readonly maxBodyBytes: number;
}

const XML = 'text/xml; charset=utf-8';

/**
 * Who is calling, for sign-in throttling: the socket's peer, or — only when the relay is told it
 * sits behind a trusted proxy — the last X-Forwarded-For entry, the one that proxy appended
 * (entries before it are whatever the client claimed). `unknown` without a socket (app.request).
 */
function sourceAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  const peer = (c.env as { incoming?: unknown } | undefined)?.incoming ? getConnInfo(c).remote.address : undefined;
  const address = forwarded || peer || 'unknown';
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; count it as a.b.c.d.
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/**
 * @example
 * app.route('/', qbwcRoutes({ config, log, version, maxBodyBytes: MAX_BODY_BYTES }));
 */
export function qbwcRoutes(deps: QbwcRouteDeps): Hono {
  const { config, log } = deps;
  const now = deps.now ?? Date.now;
  const limit = deps.maxBodyBytes;
  let ready: Promise<{ store: Store; service: QbwcService }> | undefined;

  const init = () =>
    (ready ??= (async () => {
      const store = deps.store ?? (await openStore(storeLocation(config)));
      const service = createQbwcService({
        store,
        log,
        version: deps.version,
        now,
        ...(deps.throttle ? { throttle: deps.throttle } : {}),
        options: {
          sessionIdleSeconds: config.qbwc.sessionIdleSeconds,
          minVersion: config.qbwc.minVersion,
          pageSize: config.qbwc.pageSize,
          overlapSeconds: config.qbwc.overlapSeconds,
          companyFile: config.qbwc.companyFile,
          incomeAccount: config.qbwc.incomeAccount,
        },
      });
      return { store, service };
    })().catch((e: unknown) => {
      ready = undefined;
      throw e;
    }));

  const app = new Hono();
  const fault = (c: Context, status: 400 | 413 | 500, who: 'Client' | 'Server', code: string, message: string) =>
    c.body(buildSoapFault(who, code, message), status, { 'content-type': XML });

  app.get('/qbwc', (c) => {
    if (c.req.query('wsdl') !== undefined || c.req.url.endsWith('?WSDL')) {
      return c.body(buildWsdl(`${config.publicUrl}/qbwc`), 200, { 'content-type': XML });
    }
    return c.text('Ledgerbridge QuickBooks Web Connector endpoint. POST SOAP here; the WSDL is at ?wsdl.');
  });

  app.get('/qbwc/support', (c) =>
    c.html(
      '<!doctype html><title>Ledgerbridge</title><h1>Ledgerbridge relay</h1><p>The relay is running. If the Web Connector reports a problem, its message says what to do; your administrator can see each connection\u2019s health in Ledgerbridge.</p>',
    ),
  );

  app.get('/qbwc/qwc', async (c) => {
    const { store } = await init();
    const creds = basicCredentials(c.req.header('authorization'));
    const deny = () =>
      c.text('Sign in with the connection\u2019s Web Connector user name and password.', 401, {
        'www-authenticate': 'Basic realm="Ledgerbridge", charset="UTF-8"',
      });
    if (!creds) return deny();
    const signedIn = await signIn(
      { store, log, policy: deps.throttle ?? DEFAULT_THROTTLE, now, via: 'qwc' },
      { username: creds.user, password: creds.password, address: sourceAddress(c, config.trustProxy) },
    );
    if (!signedIn.ok && signedIn.error.code === 'qbwc_sign_in_throttled') {
      return c.text('Too many failed sign-ins from this address; try again later.', 429, {
        'retry-after': String(Math.ceil(signedIn.error.retryAfterMs / 1000)),
      });
    }
    if (!signedIn.ok) return deny();
    const connection = signedIn.value;
    for (const w of qwcWarnings(config.publicUrl)) log.warn('qwc file', { warning: w });
    const xml = buildQwc({
      appName: config.qbwc.appName,
      publicUrl: config.publicUrl,
      username: connection.qbwcUsername,
      ownerId: connection.ownerId,
      fileId: connection.fileId,
      runEveryMinutes: config.qbwc.runEveryMinutes,
    });
    return c.body(xml, 200, {
      'content-type': 'application/x-qwc',
      'content-disposition': `attachment; filename="ledgerbridge-${connection.qbwcUsername.replace(/[^\w.-]/g, '_')}.qwc"`,
    });
  });

  app.post('/qbwc', async (c) => {
    const body = await readLimitedBody(c.req.raw, limit);
    if (!body.ok && body.reason === 'too_large') {
      log.warn('qbwc request too large', { limit });
      return fault(c, 413, 'Client', 'soap_too_large', `The request is larger than ${limit} bytes.`);
    }
    if (!body.ok) return fault(c, 400, 'Client', 'soap_unreadable', 'The request body could not be read.');
    const parsed = parseSoapRequest(decodeBody(body.bytes, c.req.header('content-type')));
    if (!parsed.ok) {
      log.warn('qbwc request refused', { code: parsed.error.code });
      return fault(c, 400, 'Client', parsed.error.code, parsed.error.message);
    }
    const { operation, params } = parsed.value;
    if (!isOperation(operation)) {
      return fault(c, 400, 'Client', 'soap_unknown_operation', `Unknown operation "${operation}".`);
    }
    for (const [name, type] of OPERATIONS[operation].params) {
      if (
        type === 'int' &&
        params[name] !== undefined &&
        params[name].trim() !== '' &&
        !/^-?\d+$/.test(params[name].trim())
      ) {
        return fault(c, 400, 'Client', 'soap_bad_parameter', `${operation}.${name} must be an integer.`);
      }
    }
    try {
      const { service } = await init();
      const result = await service.handle(operation, params, { address: sourceAddress(c, config.trustProxy) });
      return c.body(buildSoapResponse(operation, result), 200, { 'content-type': XML });
    } catch (e) {
      log.error('qbwc operation failed', { operation, err: e });
      return fault(
        c,
        500,
        'Server',
        'qbwc_internal',
        'The relay could not complete this call; nothing was lost. The next update retries.',
      );
    }
  });

  return app;
}
