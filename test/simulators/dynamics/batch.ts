/**
 * @module
 * `POST $batch` (webapi/execute-batch-operations-using-web-api.md, reference §3.5): a multipart/mixed
 * body of `application/http` requests and change sets. A change set is all-or-nothing and may
 * reference what it created earlier as `$n` (Content-ID), in a URL or an `@odata.bind`; a GET may not
 * be inside one; at most 1000 requests. Without `Prefer: odata.continue-on-error` the first failure
 * ends the batch and it answers 400; with it, 200 and every part carries its own status. Answers are
 * laid out as the recorded sample (`batch-continue-on-error.response.http`): `--batchresponse_<guid>`
 * parts, `--changesetresponse_<guid>` inside, CRLF line ends, REQ_ID on failures.
 */
import crypto from 'node:crypto';
import { execute, type ApiContext, type Operation } from './api.ts';
import { DataverseError, badQuery } from './errors.ts';
import { stringifyJson } from './json.ts';
import type { Answer } from './rows.ts';
import type { Env, LookupValue } from './store.ts';

interface Part {
  readonly headers: Headers;
  readonly content: string;
}

interface InnerRequest {
  readonly contentId: string | undefined;
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

type Item =
  | { readonly kind: 'request'; readonly request: InnerRequest }
  | { readonly kind: 'changeset'; readonly requests: InnerRequest[] };

export const MAX_BATCH_REQUESTS = 1000;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

function headerBlock(text: string): { headers: Headers; rest: string } {
  const norm = text.replace(/^(\r?\n)+/, '');
  const end = /\r?\n\r?\n/.exec(norm);
  const head = end ? norm.slice(0, end.index) : norm;
  const rest = end ? norm.slice(end.index + end[0].length) : '';
  const headers = new Headers();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return { headers, rest };
}

function splitParts(body: string, boundary: string): Part[] {
  const chunks = body.split(`--${boundary}`);
  const parts: Part[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    const { headers, rest } = headerBlock(chunk);
    parts.push({ headers, content: rest.replace(/\r?\n$/, '') });
  }
  return parts;
}

function innerRequest(part: Part): InnerRequest {
  if (!/application\/http/i.test(part.headers.get('content-type') ?? ''))
    throw badQuery('A batch part must be application/http or a change set.');
  const lineEnd = /\r?\n/.exec(part.content);
  const line = lineEnd ? part.content.slice(0, lineEnd.index) : part.content;
  const m = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/1\.1)?$/.exec(line.trim());
  if (!m) throw badQuery(`The request line '${line}' of a batch part is not valid.`);
  const { headers, rest } = headerBlock(lineEnd ? part.content.slice(lineEnd.index + lineEnd[0].length) : '');
  return {
    contentId: part.headers.get('content-id') ?? headers.get('content-id') ?? undefined,
    method: m[1]!,
    url: m[2]!,
    headers,
    body: rest.trim(),
  };
}

/** The batch's requests, or a 400 for a malformed or oversized one. */
export function parseBatch(body: string, contentType: string | undefined): Item[] {
  const boundary = boundaryOf(contentType);
  if (!boundary || !/multipart\/mixed/i.test(contentType ?? ''))
    throw badQuery('The batch request must have a multipart/mixed Content-Type with a boundary.');
  const items: Item[] = [];
  for (const part of splitParts(body, boundary)) {
    const type = part.headers.get('content-type') ?? '';
    if (/multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (!inner) throw badQuery('A change set needs a boundary.');
      const requests = splitParts(part.content, inner).map(innerRequest);
      for (const r of requests) {
        if (r.method === 'GET') throw badQuery('GET requests are not allowed in a change set.');
        if (/\$batch/.test(r.url)) throw badQuery('Nested batches are not supported.');
      }
      items.push({ kind: 'changeset', requests });
    } else items.push({ kind: 'request', request: innerRequest(part) });
  }
  const count = items.reduce((n, i) => n + (i.kind === 'changeset' ? i.requests.length : 1), 0);
  if (count > MAX_BATCH_REQUESTS)
    throw badQuery(`The number of requests in a batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  return items;
}

export const operationCount = (items: readonly Item[]): number =>
  items.reduce((n, i) => n + (i.kind === 'changeset' ? i.requests.length : 1), 0);

function toOperation(r: InnerRequest, refs: ReadonlyMap<string, LookupValue>, env: Env): Operation {
  let url = r.url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?api\/data\/v9\.\d\//, '');
  const ref = /^\$(\d+)(.*)$/.exec(url);
  if (ref) {
    const target = refs.get(`$${ref[1]}`);
    if (!target)
      throw new DataverseError(400, '', `Content-ID Reference: '$${ref[1]}' does not exist in the batch context.`);
    url = `${env.schema(target.table).entitySetName}(${target.id})${ref[2]}`;
  }
  const q = url.indexOf('?');
  return {
    method: r.method,
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers: r.headers,
    body: r.body,
  };
}

function renderAnswer(a: Answer, contentId: string | undefined): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${a.status} ${STATUS_TEXT[a.status] ?? ''}`.trimEnd());
  if (a.status >= 400) lines.push(`REQ_ID: ${crypto.randomUUID()}`);
  if (a.body !== undefined) lines.push('Content-Type: application/json; odata.metadata=minimal');
  lines.push('OData-Version: 4.0');
  for (const [k, v] of Object.entries(a.headers)) {
    if (k === 'OData-EntityId') lines.push(`Location: ${v}`);
    lines.push(`${k}: ${v}`);
  }
  lines.push('');
  lines.push(a.body === undefined ? '' : stringifyJson(a.body));
  return lines.join('\r\n');
}

const failure = (err: unknown): Answer => {
  if (err instanceof DataverseError) return { status: err.status, headers: {}, body: err.body() };
  throw err;
};

/** Runs a parsed batch and renders its multipart answer. */
export function runBatch(
  items: readonly Item[],
  ctx: Omit<ApiContext, 'contentId' | 'created'>,
  continueOnError: boolean,
): {
  status: number;
  contentType: string;
  body: string;
} {
  const boundary = `batchresponse_${crypto.randomUUID()}`;
  const out: string[] = [];
  let stopped = false;
  for (const item of items) {
    if (item.kind === 'request') {
      try {
        out.push(
          renderAnswer(
            execute(toOperation(item.request, new Map(), ctx.env), { ...ctx, contentId: () => undefined }),
            item.request.contentId,
          ),
        );
      } catch (err) {
        out.push(renderAnswer(failure(err), item.request.contentId));
        if (!continueOnError) {
          stopped = true;
          break;
        }
      }
      continue;
    }
    const refs = new Map<string, LookupValue>();
    const answers: { answer: Answer; contentId: string | undefined }[] = [];
    try {
      ctx.env.transaction(() => {
        for (const r of item.requests) {
          let made: LookupValue | undefined;
          const answer = execute(toOperation(r, refs, ctx.env), {
            ...ctx,
            contentId: (ref) => refs.get(ref),
            created: (v) => void (made = v),
          });
          if (r.contentId && made) refs.set(`$${r.contentId}`, made);
          if (r.contentId && !made && answer.headers['OData-EntityId']) {
            const m = /\/([a-z_0-9]+)\(([0-9a-f-]{36})\)$/.exec(answer.headers['OData-EntityId']);
            const table = m ? ctx.env.bySet(m[1]!) : undefined;
            if (m && table) refs.set(`$${r.contentId}`, { id: m[2]!, table: table.logicalName });
          }
          answers.push({ answer, contentId: r.contentId });
        }
      });
      const cs = `changesetresponse_${crypto.randomUUID()}`;
      const inner = answers.map((a) => `--${cs}\r\n${renderAnswer(a.answer, a.contentId)}`).join('\r\n');
      out.push(`Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n${inner}\r\n--${cs}--`);
    } catch (err) {
      out.push(renderAnswer(failure(err), undefined));
      if (!continueOnError) {
        stopped = true;
        break;
      }
    }
  }
  const body = `${out.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`;
  return { status: stopped ? 400 : 200, contentType: `multipart/mixed; boundary=${boundary}`, body };
}
