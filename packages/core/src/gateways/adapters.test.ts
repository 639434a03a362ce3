import type { SmsfleetError } from '../errors/smsfleet-error';
import { createGatewayAdapter } from './factory';
import { GatewaySendError } from './gateway-send-error';
import { rejection, req, scripted, smsGate, state, type Reply } from './scripted-gateway';

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
