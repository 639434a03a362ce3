import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook request as received. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** Exact bytes received (signatures are over these). */
  rawBody: Buffer;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  /** The full URL the request was sent to. */
  url: string;
  /** The status this receiver answered. */
  status: number;
}

/** A local HTTP server that records webhooks; tests point gateways at `url`. */
export interface WebhookReceiver {
  /** e.g. `http://127.0.0.1:41234/hook`. */
  url: string;
  /** Every request so far. */
  received: ReceivedWebhook[];
  /** Decide the answer per request (default 200). Return a status code. */
  respondWith(fn: (req: Omit<ReceivedWebhook, 'status'>) => number): void;
  /** Resolve once `predicate(received)` holds (checked after each request), or reject after `timeoutMs` real ms. */
  waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/** Start a webhook receiver on `host` (default 127.0.0.1) at a free port; `path` defaults to `/hook`. */
export async function startWebhookReceiver(opts: { host?: string; path?: string } = {}): Promise<WebhookReceiver> {
  const host = opts.host ?? '127.0.0.1';
  const path = opts.path ?? '/hook';
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  let decide: (req: Omit<ReceivedWebhook, 'status'>) => number = () => 200;
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        json = undefined;
      }
      const r = { path: req.url ?? '/', headers: req.headers, rawBody, json, url: `${base}${req.url ?? '/'}` };
      const status = decide(r);
      received.push({ ...r, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}${path}`,
    received,
    respondWith: (fn) => {
      decide = fn;
    },
    waitFor(predicate, timeoutMs = 10_000, what = 'webhooks') {
      if (predicate(received)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`webhook receiver: timed out after ${timeoutMs} ms waiting for ${what} (got ${received.length})`),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
