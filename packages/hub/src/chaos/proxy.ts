import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy. */
export interface Proxy {
  url: string;
  /** Requests forwarded, and requests answered 502 because no hub took them. */
  stats: { forwarded: number; refused: number };
  close(): Promise<void>;
}

function forward(
  target: string,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, target);
    const req = request(u, { method, headers: { ...headers, host: u.host }, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The one URL the phones' gateways post to, in front of several hubs, as a load balancer would be: each request
 * goes to the next hub in turn; a hub that refuses the connection (down) is skipped. A hub that dies while it
 * holds a request makes that request fail with 502, and the gateway retries it as it would in production.
 * Loopback only.
 */
export async function startProxy(targets: () => string[]): Promise<Proxy> {
  let turn = 0;
  const stats = { forwarded: 0, refused: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const hubs = targets();
        const body = Buffer.concat(chunks);
        const start = turn++;
        for (let i = 0; i < hubs.length; i++) {
          try {
            const r = await forward(
              hubs[(start + i) % hubs.length]!,
              req.method ?? 'GET',
              req.url ?? '/',
              req.headers,
              body,
            );
            stats.forwarded++;
            const { connection: _c, 'transfer-encoding': _t, ...h } = r.headers;
            res.writeHead(r.status, h).end(r.body);
            return;
          } catch (e) {
            // Only a refused connection proves the hub never saw the request: anything else is the gateway's to retry.
            if ((e as NodeJS.ErrnoException).code !== 'ECONNREFUSED') break;
          }
        }
        stats.refused++;
        res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"no hub answered"}');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
