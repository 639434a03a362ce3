import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a {@link WebhookReceiver} got. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The verified, parsed payload when a secret was set and the signature verified; else undefined. */
  verified?: unknown;
  /** Why verification failed, when it did. */
  verifyError?: string;
  /** The status the receiver answered with. */
  status: number;
}

/** A local HTTP endpoint on 127.0.0.1 that records webhook requests and answers as told. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Set the signing secret to verify with (`standardwebhooks` `Webhook.verify`). */
  setSecret(secret: string): void;
  /** Resolve once `n` requests have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/**
 * Start a receiver. `answer(n)` gives the status for the n-th request (1-based), or `'hang'` to never
 * answer (for timeouts). Default: 204 for everything.
 */
export async function startReceiver(answer: (n: number) => number | 'hang' = () => 204): Promise<WebhookReceiver> {
  let secret: string | undefined;
  const received: ReceivedWebhook[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const a = answer(received.length + 1);
      const r: ReceivedWebhook = { headers: req.headers, body, status: a === 'hang' ? 0 : a };
      if (secret) {
        try {
          r.verified = new Webhook(secret).verify(body, req.headers as Record<string, string>);
        } catch (e) {
          r.verifyError = (e as Error).message;
        }
      }
      received.push(r);
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
      if (a === 'hang') return;
      res
        .writeHead(a, { 'content-type': 'text/plain' })
        .end(a >= 300 ? `status ${a} from the test receiver` : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setSecret(s) {
      secret = s;
    },
    waitFor(n, timeoutMs = 5_000) {
      if (received.length >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${n} requests`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve(received);
          },
        });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
