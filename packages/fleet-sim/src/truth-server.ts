import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fleet } from './fleet';
import type { TruthMessage } from './truth';

/** What `GET /truth` answers: every SMS the phones were asked to send, and a summary of the reports. */
export interface TruthSnapshot {
  /** Sim time of the snapshot (ms). */
  now: number;
  /** Whether every SMS is final (or stuck in `sent` for good). */
  allSettled: boolean;
  messages: TruthMessage[];
  /** Logical status reports by outcome (`delivered`, `gave-up`, `lost`, `pending`) and by fault. */
  reports: { byOutcome: Record<string, number>; byFault: Record<string, number> };
  /** Webhook HTTP attempts, and how many of them failed (network error or non-2xx). */
  webhookAttempts: { total: number; failed: number };
  limitRefusals: number;
}

/** A snapshot of the fleet's ground truth, as JSON-able data. */
export function truthSnapshot(fleet: Fleet): TruthSnapshot {
  const byOutcome: Record<string, number> = {};
  const byFault: Record<string, number> = {};
  for (const r of fleet.truth.reports()) {
    byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
    if (r.fault) byFault[r.fault] = (byFault[r.fault] ?? 0) + 1;
  }
  const attempts = fleet.truth.webhookAttempts();
  return {
    now: fleet.now(),
    allSettled: fleet.truth.allSettled(),
    messages: fleet.truth.messages(),
    reports: { byOutcome, byFault },
    webhookAttempts: {
      total: attempts.length,
      failed: attempts.filter((a) => a.status === undefined || a.status < 200 || a.status >= 300).length,
    },
    limitRefusals: fleet.truth.limitRefusals(),
  };
}

/** A running truth endpoint. */
export interface TruthServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serve the fleet's ground truth read-only on loopback: `GET /truth` (a {@link TruthSnapshot}) and
 * `GET /health`. For a judge in another process (the chaos runner); it carries numbers and texts, so it
 * never listens beyond 127.0.0.1.
 */
export async function startTruthServer(fleet: Fleet, port = 0): Promise<TruthServer> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/truth') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(truthSnapshot(fleet)));
    } else if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
