/**
 * A tiny static file server for the end-to-end specs: it serves a folder under a sub-path
 * (as a project page or a shared host would), can switch to another folder (a new build
 * deployed) and can stop (the network gone).
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.yaml': 'text/yaml; charset=utf-8',
};

export class StaticServer {
  /** The folder served; set it to deploy another build. */
  root: string;
  /** Paths asked for, in order (the test reads what the browser fetched). */
  readonly requests: string[] = [];
  private server?: Server;

  constructor(
    root: string,
    readonly prefix: string,
  ) {
    this.root = root;
  }

  /** Listens on a free port of 127.0.0.1 and returns the app's URL (with its sub-path). */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      this.requests.push(path);
      if (path === this.prefix.slice(0, -1)) return void res.writeHead(301, { location: this.prefix }).end();
      if (!path.startsWith(this.prefix)) return void res.writeHead(404).end('not under the app path');
      const file = normalize(join(this.root, path.slice(this.prefix.length) || 'index.html'));
      if (!file.startsWith(this.root + sep)) return void res.writeHead(403).end();
      void stat(file)
        .then((s) => readFile(s.isDirectory() ? join(file, 'index.html') : file))
        .then(
          (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body),
          () => res.writeHead(404).end('not found'),
        );
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    return `http://127.0.0.1:${actual}${this.prefix}`;
  }

  /** Stops listening and drops open connections: the host is gone. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
