import { createGatewayAdapter } from './factory';
import { needsConfirmation } from './port';
import { scripted, smsGate } from './scripted-gateway';

describe('gateway adapters over HTTP: webhooks and lookups', () => {
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
      expect(posted).toEqual([
        'sms:delivered',
        'sms:failed',
        'sms:cancelled',
        'sms:received',
        'system:ping',
        'mms:downloaded',
      ]);
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
        'mms:downloaded',
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
});
