/**
 * The latency bench's subscriber, in the bench's main process (which does nothing else while a round runs): it notes
 * on the machine's monotonic clock when each webhook arrived. Its Standard Webhooks signature is checked with the
 * `standardwebhooks` package (an independent check of the hub's signer) between rounds: the package hashes in pure
 * JavaScript, and checking during a round took CPU from the hub under test on a 2-core machine (the relay's rounds
 * have nothing to check).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { SUB_SECRET } from './latency-protocol';
import { monotonicMs } from './latency-schedule';

/** The webhooks one round waits for: messages `base` .. `base + total - 1` from the server at `/hook/<name>`. */
export interface Sink {
  base: number;
  receivedAt: Float64Array;
  received: number;
  /** Resolves when every webhook of the round arrived. */
  all: Promise<void>;
}

/** The subscriber: where each server's webhooks go, and the round it is noting. */
export interface Subscriber {
  /** `http://127.0.0.1:<port>/hook/` (a server's name follows). */
  url: string;
  /** Start noting `total` webhooks from `name`, numbered from `base`; earlier rounds' late webhooks are dropped. */
  expect(name: string, base: number, total: number): Sink;
  /** Webhooks whose signature did not check out, so far (checked on this call). */
  bad(): number;
  close(): void;
}

export function startSubscriber(): Promise<Subscriber> {
  const wh = new Webhook(SUB_SECRET);
  const sinks = new Map<string, Sink & { done: () => void }>();
  let bad = 0;
  const unchecked: { body: string; headers: Record<string, unknown> }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = monotonicMs();
      res.writeHead(204).end();
      const body = Buffer.concat(chunks).toString();
      const sink = sinks.get(req.url!.slice('/hook/'.length));
      try {
        // The relay passes the report on as it came; the hub's event names the message's reference.
        const relayed = Boolean(req.headers['x-relay']);
        const parsed = JSON.parse(body) as { smsId: string } & { data: { reference: string } };
        const n = relayed ? Number(parsed.smsId.slice(4)) : Number(parsed.data.reference);
        if (!relayed) unchecked.push({ body, headers: req.headers });
        const i = n - (sink?.base ?? 0);
        if (!sink || !(i >= 0 && i < sink.receivedAt.length) || sink.receivedAt[i]! > 0) return;
        sink.receivedAt[i] = at;
        if (++sink.received === sink.receivedAt.length) sink.done();
      } catch {
        bad++;
      }
    });
  });
  /** Check the signatures received so far (fail closed: whatever does not verify counts as bad). */
  const check = () => {
    for (const { body, headers } of unchecked.splice(0))
      try {
        wh.verify(body, headers as never);
      } catch {
        bad++;
      }
    return bad;
  };
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/`,
        expect(name, base, total) {
          check(); // the last round's, well within the 5 minutes a signature's timestamp is good for
          let done!: () => void;
          const all = new Promise<void>((r) => {
            done = r;
          });
          const sink = { base, receivedAt: new Float64Array(total), received: 0, all, done };
          sinks.set(name, sink);
          return sink;
        },
        bad: check,
        close: () => server.close(),
      }),
    ),
  );
}
