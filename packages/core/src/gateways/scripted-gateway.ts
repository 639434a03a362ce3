// A scripted gateway for the adapters' HTTP tests: a server on 127.0.0.1 answering by "METHOD /path" and recording
// every request, with the requests and adapters the tests share.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayAdapter } from './factory';
import type { GatewaySendError } from './gateway-send-error';
import type { GatewayConnectionInput } from './connection';

/** A request the scripted server got. */
export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
/** A scripted answer: status and JSON body (or raw text), or no answer at all. */
export type Reply = { status: number; body?: unknown; raw?: string } | 'hang';

/** A scripted HTTP server on 127.0.0.1: answers by "METHOD /path", records every request. */
export async function scripted(routes: Record<string, Reply | ((body: unknown) => Reply)>) {
  const seen: Seen[] = [];
  const hanging: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      const path = req.url ?? '/';
      seen.push({ method: req.method!, path, headers: req.headers, body });
      const r = routes[`${req.method} ${path}`];
      const reply = typeof r === 'function' ? r(body) : (r ?? { status: 404, body: { message: 'not found' } });
      if (reply === 'hang') {
        hanging.push(() => res.destroy());
        return;
      }
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const h of hanging) h();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** What a rejected send was rejected with. */
export async function rejection(p: Promise<unknown>): Promise<GatewaySendError> {
  try {
    await p;
  } catch (e) {
    return e as GatewaySendError;
  }
  throw new Error('expected a rejection');
}

/** A send request every test uses. */
export const req = { clientId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x', to: '+14155550123', body: 'Hello', sim: 2 };
/**
 * An sms-gate adapter on the scripted server; a generous timeout (a loaded CI machine), unless a test is about
 * timeouts.
 */
export const smsGate = (url: string, extra: Partial<Record<string, unknown>> = {}, timeoutMs = 10_000) =>
  createGatewayAdapter(
    {
      kind: 'sms-gate',
      mode: 'private',
      baseUrl: `${url}/3rdparty/v1`,
      auth: { type: 'basic', username: 'u', password: 'p' },
      webhookSigningKey: 'k',
      ...extra,
    } as GatewayConnectionInput,
    { timeoutMs },
  );
/** An sms-gate message state as the server answers it. */
export const state = {
  id: 'm1',
  state: 'Pending',
  recipients: [{ phoneNumber: '+14155550123', state: 'Pending', error: null }],
  states: { Pending: '2026-11-23T10:00:00.000Z' },
};
