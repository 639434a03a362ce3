import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ReceivedEvent } from './judge';

/** The runner's own webhook subscriber: verifies each delivery and records its status events. */
export interface EventReceiver {
  url: string;
  events: ReceivedEvent[];
  /** Deliveries whose signature did not verify (answered 400, so the hub retries them). */
  badSignatures: number;
  setSecret(secret: string): void;
  close(): Promise<void>;
}

/** Start the receiver on 127.0.0.1 (a free port). Answers 204 to every verified delivery. */
export async function startEventReceiver(): Promise<EventReceiver> {
  let verifier: Webhook | undefined;
  const out: EventReceiver = {
    url: '',
    events: [],
    badSignatures: 0,
    setSecret: (s) => {
      verifier = new Webhook(s);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: { type?: string; data?: { messageId?: string; status?: string } };
      try {
        if (!verifier) throw new Error('no secret yet');
        event = verifier.verify(body, req.headers as Record<string, string>) as typeof event;
      } catch {
        out.badSignatures++;
        res.writeHead(400).end();
        return;
      }
      if (event.type === 'message.status_changed' && event.data?.messageId && event.data.status) {
        out.events.push({
          webhookId: String(req.headers['webhook-id']),
          messageId: event.data.messageId,
          status: event.data.status,
        });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  out.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return out;
}
