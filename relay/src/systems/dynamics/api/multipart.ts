/**
 * @module
 * The multipart/mixed text of `$batch` (webapi/execute-batch-operations-using-web-api.md, the
 * recorded `batch-continue-on-error.response.http`): parts separated by `--<boundary>`, each a
 * header block, a blank line and content; an `application/http` part's content is itself an HTTP
 * request or answer (start line, headers, blank line, body). CRLF is written; CRLF or LF is read.
 */

export interface Part {
  readonly headers: Headers;
  readonly content: string;
}

/** An HTTP message inside a part: its start line, headers and body. */
export interface HttpMessage {
  readonly startLine: string;
  readonly headers: Headers;
  readonly body: string;
}

const CRLF = '\r\n';

/** `boundary` of a `multipart/mixed; boundary=…` content type. @example boundaryOf('multipart/mixed; boundary="b1"') // 'b1' */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

function headerBlock(text: string): { headers: Headers; rest: string } {
  const trimmed = text.replace(/^(\r?\n)+/, '');
  const end = /\r?\n\r?\n/.exec(trimmed);
  const head = end ? trimmed.slice(0, end.index) : trimmed;
  const headers = new Headers();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return { headers, rest: end ? trimmed.slice(end.index + end[0].length) : '' };
}

/**
 * The parts between `--boundary` lines, up to the closing `--boundary--`.
 * @example splitParts('--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n--b--', 'b').length // 1
 */
export function splitParts(text: string, boundary: string): Part[] {
  const parts: Part[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const { headers, rest } = headerBlock(chunk);
    parts.push({ headers, content: rest.replace(/\r?\n$/, '') });
  }
  return parts;
}

/** The HTTP message an `application/http` part holds. @example readHttp('HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n').startLine // 'HTTP/1.1 204 No Content' */
export function readHttp(content: string): HttpMessage {
  const text = content.replace(/^(\r?\n)+/, '');
  const lineEnd = /\r?\n/.exec(text);
  const startLine = (lineEnd ? text.slice(0, lineEnd.index) : text).trim();
  const after = lineEnd ? text.slice(lineEnd.index + lineEnd[0].length) : '';
  if (/^\r?\n/.test(after)) return { startLine, headers: new Headers(), body: after.trim() };
  const { headers, rest } = headerBlock(after);
  return { startLine, headers, body: rest.trim() };
}

/** An `application/http` part holding one request. @example requestPart('1', 'PATCH', `${base}accounts(…)`, { 'if-match': '*' }, '{"name":"Acme"}') */
export function requestPart(
  contentId: string,
  method: string,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
): string {
  return [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    `Content-ID: ${contentId}`,
    '',
    `${method} ${url} HTTP/1.1`,
    ...(body === undefined ? [] : ['Content-Type: application/json; type=entry']),
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    body ?? '',
  ].join(CRLF);
}

/** A multipart body of `parts` (each already rendered) under `boundary`, closed. @example multipart('batch_1', [requestPart(…)]) */
export function multipart(boundary: string, parts: readonly string[]): string {
  return `${parts.map((p) => `--${boundary}${CRLF}${p}`).join(CRLF)}${CRLF}--${boundary}--${CRLF}`;
}

/** A change set part: its own boundary around its request parts. @example changeSetPart('changeset_1', [requestPart(…), requestPart(…)]) */
export function changeSetPart(boundary: string, requests: readonly string[]): string {
  return `Content-Type: multipart/mixed; boundary=${boundary}${CRLF}${CRLF}${multipart(boundary, requests).replace(/\r\n$/, '')}`;
}
