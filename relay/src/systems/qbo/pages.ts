/**
 * @module
 * The pages an admin sees while connecting a company: a plain, accessible HTML page with a heading
 * and one paragraph, every value escaped.
 */

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** @example page('Connected', 'Acme Ltd is connected.') */
export function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Ledgerbridge</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#181818}</style>
</head><body><main><h1>${escape(title)}</h1><p>${escape(message)}</p></main></body></html>
`;
}
