import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayAdapter } from './factory';
import type { HandoverQuery } from './port';

/** A gateway answering GETs by path (query string included) from `answer`; every path asked is recorded. */
async function gateway(answer: (path: string) => { status: number; body?: unknown }) {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(req.url ?? '/');
    const a = answer(req.url ?? '/');
    res
      .writeHead(a.status, { 'content-type': 'application/json' })
      .end(a.body === undefined ? '' : JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const at = new Date('2026-12-01T10:00:00.000Z');
const iso = (offsetMs: number) => new Date(at.getTime() + offsetMs).toISOString();
const q: HandoverQuery = {
  clientId: 'msg_1',
  to: '+14155550123',
  body: 'hi',
  from: '+15550100001',
  gatewayDeviceId: 'dev1',
  sim: 1,
  at,
};

describe('findHandover: only a conclusive answer is not_found', () => {
  it('sms-gate: 404 by our id is not_found; 400 (several with our id) is unknowable', async () => {
    let status = 404;
    const g = await gateway(() => ({
      status,
      body: { message: status === 404 ? 'not found' : 'multiple messages found' },
    }));
    try {
      const a = createGatewayAdapter({
        kind: 'sms-gate',
        mode: 'private',
        baseUrl: g.url,
        auth: { type: 'basic', username: 'u', password: 'p' },
        webhookSigningKey: 'k',
      });
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'not_found' });
      status = 400;
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'unknowable' });
      expect(g.asked).toEqual(['/messages/msg_1', '/messages/msg_1']);
    } finally {
      await g.close();
    }
  });

  it('httpSMS: pages through newer messages to our request_id, stops at messages older than the intent', async () => {
    const msg = (i: number, requestId: string | null, createdAt: string) => ({
      id: `u${i}`,
      request_id: requestId,
      type: 'mobile-terminated',
      status: 'sent',
      created_at: createdAt,
    });
    let pages: unknown[][] = [];
    const g = await gateway((path) => ({
      status: 200,
      body: { status: 'success', data: pages[Number(new URL(path, 'http://x').searchParams.get('skip')) / 20] ?? [] },
    }));
    try {
      const a = createGatewayAdapter({ kind: 'httpsms', baseUrl: g.url, apiKey: 'k', webhookSigningKey: 'sk' });
      pages = [
        Array.from({ length: 20 }, (_, i) => msg(i, `other-${i}`, iso(60_000))),
        [msg(99, 'msg_1', iso(1_000)), msg(100, 'x', iso(-3_600_000))],
      ];
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'found', gatewayMessageId: 'u99' });
      // our id, but from before the intent: not this hand-over
      pages = [[msg(1, 'other', iso(1_000)), msg(2, 'msg_1', iso(-3_600_000))]];
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'not_found' });
      // a reply in the thread is not our send
      pages = [[{ ...msg(3, 'msg_1', iso(1_000)), type: 'mobile-originated' }]];
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'not_found' });
    } finally {
      await g.close();
    }
  });

  it('MySMSGate: no history listing, or one that does not reach back to the intent, is unknowable', async () => {
    let answer: { status: number; body?: unknown } = { status: 404, body: { success: false, error: 'not found' } };
    const g = await gateway(() => answer);
    try {
      const a = createGatewayAdapter({ kind: 'mysmsgate', baseUrl: g.url, apiKey: 'k', webhookSigningSecret: 's' });
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'unknowable' });
      answer = {
        status: 200,
        body: {
          history: Array.from({ length: 200 }, (_, i) => ({
            id: `m${i}`,
            phone_to: '+14155550999',
            status: 'sent',
            created_at: iso(60_000),
          })),
        },
      };
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'unknowable' });
      answer = {
        status: 200,
        body: {
          history: [
            { id: 'm1', phone_to: q.to, status: 'delivered', created_at: iso(500) },
            { id: 'm0', phone_to: q.to, status: 'sent', created_at: iso(-86_400_000) },
          ],
        },
      };
      expect(await a.findHandover!(q)).toMatchObject({ kind: 'found', gatewayMessageId: 'm1', status: 'delivered' });
      expect(await a.findHandover!({ ...q, excludeGatewayIds: ['m1'] })).toMatchObject({ kind: 'not_found' });
    } finally {
      await g.close();
    }
  });
});
