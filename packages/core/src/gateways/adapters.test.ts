import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SmsfleetError } from '../errors/smsfleet-error';
import { createGatewayAdapter } from './factory';
import { GatewaySendError } from './gateway-send-error';
import { needsConfirmation } from './port';
import type { GatewayConnectionInput } from './connection';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Reply = { status: number; body?: unknown; raw?: string } | 'hang';

/** A scripted HTTP server on 127.0.0.1: answers by "METHOD /path", records every request. */
async function scripted(routes: Record<string, Reply | ((body: unknown) => Reply)>) {
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

async function rejection(p: Promise<unknown>): Promise<GatewaySendError> {
  try {
    await p;
  } catch (e) {
    return e as GatewaySendError;
  }
  throw new Error('expected a rejection');
}

const req = { clientId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x', to: '+14155550123', body: 'Hello', sim: 2 };
/**
 * An sms-gate adapter on the scripted server; a generous timeout (a loaded CI machine), unless a test is about
 * timeouts.
 */
const smsGate = (url: string, extra: Partial<Record<string, unknown>> = {}, timeoutMs = 10_000) =>
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
const state = {
  id: 'm1',
  state: 'Pending',
  recipients: [{ phoneNumber: '+14155550123', state: 'Pending', error: null }],
  states: { Pending: '2026-11-23T10:00:00.000Z' },
};

describe('gateway adapters over HTTP', () => {
  it('sms-gate send: our id as client id, SIM, device, ttl, clamped priority, Basic auth; early state', async () => {
    const s = await scripted({ 'POST /3rdparty/v1/messages': { status: 202, body: state } });
    try {
      const r = await smsGate(s.url).send({ ...req, gatewayDeviceId: 'dev-1', ttlSeconds: 3600, priority: 500 });
      expect(r).toMatchObject({ gatewayMessageId: 'm1', status: 'pending', at: '2026-11-23T10:00:00.000Z' });
      expect(s.seen[0]!.body).toEqual({
        id: req.clientId,
        textMessage: { text: 'Hello' },
        phoneNumbers: ['+14155550123'],
        simNumber: 2,
        withDeliveryReport: true,
        deviceId: 'dev-1',
        ttl: 3600,
        priority: 127,
      });
      expect(s.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      const jwt = createGatewayAdapter({
        kind: 'sms-gate',
        baseUrl: `${s.url}/3rdparty/v1`,
        auth: { type: 'jwt', token: 'tok' },
        webhookSigningKey: 'k',
      });
      await jwt.send(req);
      expect(s.seen[1]!.headers.authorization).toBe('Bearer tok');
    } finally {
      await s.close();
    }
  });

  it('maps gateway answers to send errors the router can act on', async () => {
    const answers: Record<string, Reply> = {
      400: { status: 400, body: { message: 'phoneNumbers: "+1" is not a valid phone number' } },
      401: { status: 401, body: { message: 'Unauthorized' } },
      429: { status: 429, body: { message: 'slow down' } },
      500: { status: 500, body: { message: 'boom' } },
      503: { status: 503, body: { message: 'queue limit exceeded' } },
      200: { status: 200, raw: 'not json' },
    };
    for (const [code, reply] of Object.entries(answers)) {
      const s = await scripted({ 'POST /3rdparty/v1/messages': reply });
      try {
        const e = await rejection(smsGate(s.url).send(req));
        expect(e).toBeInstanceOf(GatewaySendError);
        expect(e.code).toBe('SMSFLEET_ERR_GATEWAY');
        expect(e.httpStatus).toBe(Number(code));
        const want = {
          400: { problem: 'rejected', retryable: false, deviceProblem: false },
          401: { problem: 'auth', retryable: false, deviceProblem: false },
          429: { problem: 'rate_limited', retryable: true, deviceProblem: true },
          500: { problem: 'server', retryable: true, deviceProblem: false },
          503: { problem: 'device', retryable: true, deviceProblem: true },
          200: { problem: 'protocol', retryable: false, deviceProblem: false },
        }[code];
        expect(e).toMatchObject(want!);
        if (code === '400')
          expect(e.failure).toMatchObject({
            permanent: true,
            category: 'invalid_number',
            rawReason: expect.stringContaining('not a valid'),
          });
        else expect(e.failure).toBeUndefined();
        expect(e.toJSON().error.details).toMatchObject({ gateway: 'sms-gate', problem: want!.problem });
      } finally {
        await s.close();
      }
    }
    // On the phone's own server a 5xx means the phone is in trouble.
    const s = await scripted({ 'POST /messages': { status: 500, body: { message: 'boom' } } });
    try {
      const local = createGatewayAdapter({
        kind: 'sms-gate',
        mode: 'local',
        baseUrl: s.url,
        auth: { type: 'basic', username: 'sms', password: 'p' },
        webhookSigningKey: 'k',
      });
      expect(await rejection(local.send(req))).toMatchObject({
        problem: 'server',
        retryable: true,
        deviceProblem: true,
      });
      expect(s.seen[0]!.body).not.toHaveProperty('deviceId');
    } finally {
      await s.close();
    }
  });

  it('a timeout, a refused connection, a caller abort are retryable; only the first two blame the phone', async () => {
    const s = await scripted({ 'POST /3rdparty/v1/messages': 'hang' });
    try {
      expect(await rejection(smsGate(s.url, {}, 300).send(req))).toMatchObject({
        problem: 'timeout',
        retryable: true,
        deviceProblem: true,
      });
      const ac = new AbortController();
      const p = smsGate(s.url).send(req, ac.signal);
      ac.abort();
      expect(await rejection(p)).toMatchObject({ problem: 'network', retryable: true, deviceProblem: false });
    } finally {
      await s.close();
    }
    const gone = await scripted({});
    await gone.close();
    expect(await rejection(smsGate(gone.url).send(req))).toMatchObject({
      problem: 'network',
      retryable: true,
      deviceProblem: true,
    });
  });

  it('sms-gate: a reused client id (409) returns the existing message; cancel maps 202/409/405', async () => {
    const s = await scripted({
      'POST /3rdparty/v1/messages': { status: 409, body: { message: 'exists' } },
      [`GET /3rdparty/v1/messages/${req.clientId}`]: {
        status: 200,
        body: { ...state, id: req.clientId, state: 'Sent', states: { Sent: '2026-11-23T10:00:05Z' } },
      },
      'DELETE /3rdparty/v1/messages/a': { status: 202, body: state },
      'DELETE /3rdparty/v1/messages/b': { status: 409, body: { message: 'not pending' } },
      'DELETE /3rdparty/v1/messages/c': { status: 405, body: { message: 'no' } },
    });
    try {
      const a = smsGate(s.url);
      expect(await a.send(req)).toMatchObject({ gatewayMessageId: req.clientId, status: 'pending' });
      expect([await a.cancel('a'), await a.cancel('b'), await a.cancel('c')]).toEqual([
        'cancelled',
        'not_cancellable',
        'unsupported',
      ]);
      await expect(a.cancel('d')).rejects.toMatchObject({ httpStatus: 404 });
    } finally {
      await s.close();
    }
  });

  it('registers only missing webhooks (sms-gate per event, httpSMS and textbee per subscription)', async () => {
    const s = await scripted({
      'GET /3rdparty/v1/webhooks': {
        status: 200,
        body: [
          { id: 'w1', url: 'http://hub/h', event: 'sms:sent' },
          { id: 'w2', url: 'http://other/h', event: 'sms:delivered' },
        ],
      },
      'POST /3rdparty/v1/webhooks': { status: 201, body: {} },
      'GET /v1/webhooks?skip=0&limit=100': {
        status: 200,
        body: { data: [{ id: 'h1', url: 'http://hub/h', events: ['message.phone.sent'], phone_numbers: [] }] },
      },
      'PUT /v1/webhooks/h1': { status: 200, body: { data: {} } },
      'GET /api/v1/webhooks': {
        status: 200,
        body: { data: [{ _id: 's1', deliveryUrl: 'http://old/h', events: ['MESSAGE_SENT'], isActive: true }] },
      },
      'PATCH /api/v1/webhooks/s1': { status: 200, body: { data: {} } },
    });
    try {
      await smsGate(s.url).registerWebhooks('http://hub/h');
      const posted = s.seen.filter((x) => x.method === 'POST').map((x) => (x.body as { event: string }).event);
      expect(posted).toEqual(['sms:delivered', 'sms:failed', 'sms:cancelled', 'sms:received', 'system:ping']);
      await createGatewayAdapter({
        kind: 'httpsms',
        baseUrl: s.url,
        apiKey: 'k',
        webhookSigningKey: 'sk',
        webhookPhoneNumbers: ['+14155550100'],
      }).registerWebhooks('http://hub/h');
      const put = s.seen.find((x) => x.method === 'PUT')!;
      expect(put.body).toMatchObject({ url: 'http://hub/h', signing_key: 'sk', phone_numbers: ['+14155550100'] });
      expect((put.body as { events: string[] }).events).toHaveLength(7);
      expect(put.headers['x-api-key']).toBe('k');
      await createGatewayAdapter({
        kind: 'textbee',
        baseUrl: s.url,
        apiKey: 'k',
        webhookSigningSecret: 'secret-0123456789abcdefg',
      }).registerWebhooks('http://hub/h');
      const patch = s.seen.find((x) => x.method === 'PATCH')!;
      expect(patch.body).toMatchObject({
        deliveryUrl: 'http://hub/h',
        isActive: true,
        signingSecret: 'secret-0123456789abcdefg',
      });
    } finally {
      await s.close();
    }
  });

  it("sms-gate registers a device's hooks with its deviceId, replacing our older hook for every device", async () => {
    const s = await scripted({
      'GET /3rdparty/v1/webhooks': {
        status: 200,
        body: [
          { id: 'all', url: 'http://hub/h', event: 'sms:sent', deviceId: null },
          { id: 'mine', url: 'http://hub/h', event: 'sms:delivered', deviceId: 'devA' },
          { id: 'elsewhere', url: 'http://other/h', event: 'sms:sent' },
        ],
      },
      'POST /3rdparty/v1/webhooks': { status: 201, body: {} },
      'DELETE /3rdparty/v1/webhooks/all': { status: 204, body: {} },
    });
    try {
      const a = createGatewayAdapter({
        kind: 'sms-gate',
        baseUrl: `${s.url}/3rdparty/v1`,
        auth: { type: 'basic', username: 'u', password: 'p' },
        webhookSigningKey: 'k',
        webhookDeviceId: 'devA',
      });
      await a.registerWebhooks('http://hub/h');
      expect(s.seen.filter((x) => x.method === 'DELETE').map((x) => x.path)).toEqual(['/3rdparty/v1/webhooks/all']);
      const posted = s.seen
        .filter((x) => x.method === 'POST')
        .map((x) => x.body as { event: string; deviceId?: string });
      expect(posted.map((p) => p.event)).toEqual([
        'sms:sent',
        'sms:failed',
        'sms:cancelled',
        'sms:received',
        'system:ping',
      ]);
      expect(posted.every((p) => p.deviceId === 'devA')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('httpSMS tells what its API says of a message a webhook names (out or in), nothing of others', async () => {
    const s = await scripted({
      'GET /v1/messages/u1': {
        status: 200,
        body: {
          status: 'success',
          data: {
            id: 'u1',
            request_id: 'msg_1',
            owner: '+14155550100',
            contact: '+14155550123',
            content: 'Hello',
            type: 'mobile-terminated',
            status: 'delivered',
          },
        },
      },
      'GET /v1/messages/in1': {
        status: 200,
        body: {
          status: 'success',
          data: {
            id: 'in1',
            request_id: null,
            owner: '+14155550100',
            contact: '+14155550199',
            content: 'STOP',
            type: 'mobile-originated',
            status: 'received',
          },
        },
      },
      'GET /v1/messages/nope': {
        status: 404,
        body: { status: 'error', message: 'cannot find message with ID [nope]' },
      },
    });
    try {
      const hs = createGatewayAdapter({ kind: 'httpsms', baseUrl: s.url, apiKey: 'k', webhookSigningKey: 'sk' });
      if (!needsConfirmation(hs)) throw new Error('httpSMS reports must be confirmed');
      expect(await hs.confirmationFacts('u1')).toEqual({
        gatewayMessageId: 'u1',
        direction: 'outbound',
        status: 'delivered',
        owner: '+14155550100',
        contact: '+14155550123',
        content: 'Hello',
        clientId: 'msg_1',
      });
      expect(await hs.confirmationFacts('in1')).toMatchObject({
        direction: 'inbound',
        status: 'received',
        contact: '+14155550199',
        content: 'STOP',
      });
      expect(await hs.confirmationFacts('nope')).toBeUndefined();
      expect(s.seen.every((x) => x.headers['x-api-key'] === 'k')).toBe(true);
      expect(
        needsConfirmation(
          createGatewayAdapter({ kind: 'textbee', apiKey: 'k', webhookSigningSecret: 'secret-0123456789abcdefg' }),
        ),
      ).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('httpSMS, textbee, MySMSGate send bodies; a device the gateway cannot address is a device problem', async () => {
    const s = await scripted({
      'POST /v1/messages/send': {
        status: 200,
        body: { status: 'success', data: { id: 'u1', status: 'pending', created_at: '2026-11-23T10:00:00Z' } },
      },
      'POST /api/v1/gateway/devices/tb1/send-sms': {
        status: 201,
        body: { data: { success: true, smsBatchId: 'b1', recipientCount: 1 } },
      },
      'POST /api/v1/gateway/devices/nope/send-sms': {
        status: 404,
        body: { statusCode: 404, message: 'Device nope not found' },
      },
      'POST /api/v1/send': { status: 200, body: { success: true, id: 'mg1', status: 'pending' } },
    });
    try {
      const hs = createGatewayAdapter({ kind: 'httpsms', baseUrl: s.url, apiKey: 'k', webhookSigningKey: 'sk' });
      expect(await hs.send({ ...req, from: '+14155550100' })).toMatchObject({
        gatewayMessageId: 'u1',
        status: 'pending',
        at: '2026-11-23T10:00:00.000Z',
      });
      expect(s.seen[0]!.body).toEqual({
        from: '+14155550100',
        to: req.to,
        content: 'Hello',
        encrypted: false,
        request_id: req.clientId,
      });
      expect(await rejection(hs.send(req))).toMatchObject({ deviceProblem: true, retryable: false });
      const tb = createGatewayAdapter({ kind: 'textbee', baseUrl: s.url, apiKey: 'k', webhookSigningSecret: 'x' });
      expect(await tb.send({ ...req, gatewayDeviceId: 'tb1' })).toMatchObject({
        gatewayMessageId: 'b1',
        status: 'pending',
      });
      expect(s.seen.at(-1)!.body).toEqual({ recipients: [req.to], message: 'Hello', simSubscriptionId: 2 });
      expect(await rejection(tb.send({ ...req, gatewayDeviceId: 'nope' }))).toMatchObject({
        problem: 'device',
        deviceProblem: true,
        retryable: true,
      });
      expect(await rejection(tb.send(req))).toMatchObject({ deviceProblem: true });
      const noDevice = (await rejection(tb.fetchStatus('b1'))) as unknown as SmsfleetError;
      expect(noDevice).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'ctx.gatewayDeviceId' });
      const mg = createGatewayAdapter({
        kind: 'mysmsgate',
        baseUrl: s.url,
        apiKey: 'k',
        authHeader: 'bearer',
        webhookSigningSecret: 'x',
      });
      expect(await mg.send({ ...req, gatewayDeviceId: 'p1' })).toMatchObject({
        gatewayMessageId: 'mg1',
        status: 'pending',
      });
      expect(s.seen.at(-1)!.body).toEqual({ to: req.to, message: 'Hello', slot: 1, device_id: 'p1' });
      expect(s.seen.at(-1)!.headers.authorization).toBe('Bearer k');
    } finally {
      await s.close();
    }
  });
});
