import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSmsfleetError } from '../errors/smsfleet-error';
import type { GatewayReport } from '../schemas/events';
import type { GatewayAdapter, GatewayWebhookRequest } from './port';

/** One webhook as the receiver got it, with what `parseWebhook` made of it at arrival. */
export interface ReceivedGatewayWebhook {
  request: GatewayWebhookRequest & { headers: IncomingHttpHeaders };
  /** `now` used for parsing (the gateway's clock at arrival). */
  at: Date;
  reports?: GatewayReport[];
  error?: unknown;
  /** What the receiver answered: 200, 401 (signature) or 400 (malformed). */
  status: number;
}

/** A local HTTP server that feeds every webhook through an adapter's `parseWebhook`, as the hub would. */
export interface GatewayWebhookReceiver {
  /** e.g. `http://127.0.0.1:41234/hooks/sms-gate`. */
  readonly url: string;
  readonly received: ReceivedGatewayWebhook[];
  /** Every report parsed so far. */
  reports(): GatewayReport[];
  /** Resolve once `predicate(reports)` holds, or reject after `timeoutMs` (real ms) naming `what`. */
  waitFor(predicate: (reports: GatewayReport[]) => boolean, what: string, timeoutMs?: number): Promise<GatewayReport[]>;
  close(): Promise<void>;
}

/**
 * Start a receiver on 127.0.0.1 (free port). Each request is parsed on arrival with `adapter.parseWebhook`
 * and `now()`; the answer is 200, 401 for a bad signature, 400 for a malformed body.
 */
export async function startGatewayWebhookReceiver(
  adapter: () => GatewayAdapter,
  now: () => Date,
  path = '/hook',
): Promise<GatewayWebhookReceiver> {
  const received: ReceivedGatewayWebhook[] = [];
  const waiters = new Set<() => void>();
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, rawBody: Buffer.concat(chunks), url: `${base}${req.url ?? '/'}` };
      const at = now();
      let entry: ReceivedGatewayWebhook;
      try {
        entry = { request, at, reports: adapter().parseWebhook(request, at), status: 200 };
      } catch (error) {
        entry = { request, at, error, status: isSmsfleetError(error, 'SMSFLEET_ERR_SIGNATURE_INVALID') ? 401 : 400 };
      }
      received.push(entry);
      res.writeHead(entry.status, { 'content-type': 'application/json' }).end('{}');
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reports = () => received.flatMap((r) => r.reports ?? []);
  return {
    url: `${base}${path}`,
    received,
    reports,
    waitFor(predicate, what, timeoutMs = 10_000) {
      if (predicate(reports())) return Promise.resolve(reports());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(reports())) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(reports());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const errors = received.filter((r) => r.error).map((r) => String((r.error as Error).message));
          reject(
            new Error(
              `receiver: timed out after ${timeoutMs} ms waiting for ${what} ` +
                `(${received.length} webhooks; errors: ${errors.join('; ') || 'none'})`,
            ),
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
