/**
 * @module
 * `npm run preview`: builds the preview and serves it on 127.0.0.1 (port from `--port`, default any
 * free port), printing the URL. `/assets/*` comes from `@salesforce-ux/design-system`; everything
 * else from `preview/dist/`. `startPreviewServer` is what the browser tests use.
 *
 * @example
 * npm run preview -- --port 4173
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildPreview, DIST_DIR } from './build.ts';

const SLDS_ASSETS = path.join(import.meta.dirname, '..', 'node_modules', '@salesforce-ux', 'design-system', 'assets');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Maps a request path to a file inside `base`, or null when it would leave it. */
function within(base: string, urlPath: string): string | null {
  const file = path.normalize(path.join(base, decodeURIComponent(urlPath)));
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

/** Serves an already built preview on 127.0.0.1. */
export function startPreviewServer(options: { port?: number; distDir?: string } = {}): Promise<PreviewServer> {
  const distDir = options.distDir ?? DIST_DIR;
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = urlPath.startsWith('/assets/')
      ? within(SLDS_ASSETS, urlPath.slice('/assets'.length))
      : within(distDir, urlPath === '/' ? '/index.html' : urlPath);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
  buildPreview()
    .then(() => startPreviewServer({ port }))
    .then(({ url }) => console.log(`Preview: ${url}  (Ctrl-C to stop; ?component=<bundle>&scenario=<state>)`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
