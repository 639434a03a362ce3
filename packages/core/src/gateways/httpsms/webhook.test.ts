import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { GatewayReport } from '../../schemas/events';
import type { SmsfleetError } from '../../errors/smsfleet-error';
import { createGatewayAdapter } from '../factory';
import type { GatewayWebhookRequest } from '../port';

const KEY = 'hs-signing-key';
const URL_ = 'https://hub.example.com/gateways/httpsms/webhook';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const S = NOW.getTime() / 1000;
const adapter = createGatewayAdapter({ kind: 'httpsms', apiKey: 'k', webhookSigningKey: KEY });

async function jwt(o: { key?: string; aud?: string; exp?: number; nbf?: number; alg?: string; iss?: string } = {}) {
  let j = new SignJWT({})
    .setProtectedHeader({ alg: o.alg ?? 'HS256', typ: 'JWT' })
    .setAudience(o.aud ?? URL_)
    .setIssuer(o.iss ?? 'api.httpsms.com')
    .setIssuedAt(S);
  if (o.exp !== -1) j = j.setExpirationTime(o.exp ?? S + 600);
  if (o.nbf !== undefined) j = j.setNotBefore(o.nbf);
  return j.sign(new TextEncoder().encode(o.key ?? KEY));
}

function event(type: string, data: Record<string, unknown>) {
  return {
    specversion: '1.0',
    id: `ce-${type}`,
    source: '/v1/messages',
    type,
    datacontenttype: 'application/json',
    time: '2026-11-23T09:59:59Z',
    data,
  };
}

async function req(body: unknown, token?: string, url = URL_) {
  return {
    headers: { authorization: `Bearer ${token ?? (await jwt())}`, 'x-event-type': 'x' },
    rawBody: Buffer.from(JSON.stringify(body)),
    url,
  };
}

function err(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    return e as SmsfleetError;
  }
  throw new Error('expected a throw');
}

const msg = {
  id: 'u-1',
  user_id: 'usr',
  owner: '+14155550100',
  request_id: 'msg_abc',
  contact: '+14155550123',
  timestamp: '2026-11-23T09:59:58Z',
  content: 'hi',
  sim: 'SIM2',
};

describe('httpSMS webhooks', () => {
  it('parses sent, delivered, failed and expired message events with our request_id', async () => {
    const sent = adapter.parseWebhook(await req(event('message.phone.sent', msg)), NOW);
    expect(sent).toEqual([
      {
        kind: 'status',
        gateway: 'httpsms',
        gatewayMessageId: 'u-1',
        clientId: 'msg_abc',
        recipient: '+14155550123',
        status: 'sent',
        at: '2026-11-23T09:59:58.000Z',
        gatewayEventId: 'ce-message.phone.sent',
      },
    ]);
    expect(GatewayReport.safeParse(sent[0]).success).toBe(true);
    expect(adapter.parseWebhook(await req(event('message.phone.delivered', msg)), NOW)[0]).toMatchObject({
      status: 'delivered',
    });
    const failed = adapter.parseWebhook(
      await req(event('message.send.failed', { ...msg, error_message: 'RESULT_NETWORK_REJECT: rejected' })),
      NOW,
    );
    expect(failed[0]).toMatchObject({
      status: 'failed',
      failure: { rawCode: 'RESULT_NETWORK_REJECT', rawReason: 'rejected', permanent: true },
    });
    const expired = adapter.parseWebhook(await req(event('message.send.expired', msg)), NOW);
    expect(expired[0]).toMatchObject({ status: 'expired', failure: { category: 'expired', permanent: false } });
  });

  it('parses an inbound message (message_id or id) and heartbeats', async () => {
    const inbound = adapter.parseWebhook(
      await req(
        event('message.phone.received', {
          message_id: 'in-1',
          owner: '+14155550100',
          contact: '+14155550199',
          content: 'STOP',
          timestamp: '2026-11-23T09:59:00Z',
          sim: 'SIM1',
        }),
      ),
      NOW,
    );
    expect(inbound).toEqual([
      {
        kind: 'inbound',
        gateway: 'httpsms',
        gatewayMessageId: 'in-1',
        from: '+14155550199',
        to: '+14155550100',
        body: 'STOP',
        at: '2026-11-23T09:59:00.000Z',
        sim: 1,
        gatewayEventId: 'ce-message.phone.received',
      },
    ]);
    const legacy = adapter.parseWebhook(
      await req(event('message.phone.received', { id: 'in-2', contact: '+14155550199', content: 'x' })),
      NOW,
    );
    expect(legacy[0]).toMatchObject({ gatewayMessageId: 'in-2', at: '2026-11-23T09:59:59.000Z' });
    const off = adapter.parseWebhook(
      await req(
        event('phone.heartbeat.offline', { phone_id: 'p-1', owner: '+14155550100', timestamp: '2026-11-23T09:50:00Z' }),
      ),
      NOW,
    );
    expect(off).toEqual([
      { kind: 'heartbeat', gateway: 'httpsms', deviceId: 'p-1', online: false, at: '2026-11-23T09:50:00.000Z' },
    ]);
    expect(adapter.parseWebhook(await req(event('phone.heartbeat.online', { phone_id: 'p-1' })), NOW)[0]).toMatchObject(
      { online: true },
    );
    expect(adapter.parseWebhook(await req(event('message.call.missed', { id: 'c' })), NOW)).toEqual([]);
  });

  it('rejects a JWT signed with another key, for another URL, expired, not yet valid, unsigned, missing', async () => {
    const body = event('message.phone.sent', msg);
    const bad = async (token: string | undefined, url = URL_) => {
      const r = await req(body, token, url);
      if (token === undefined) r.headers.authorization = '';
      return err(() => adapter.parseWebhook(r, NOW)).code;
    };
    expect(await bad(await jwt({ key: 'forged' }))).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(await bad(await jwt(), 'https://evil.example.com/hook')).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(await bad(await jwt({ exp: S - 31 }))).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(await bad(await jwt({ exp: -1 }))).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(await bad(await jwt({ nbf: S + 120 }))).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(await bad(await jwt({ alg: 'HS512' }))).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    const [h, p] = (await jwt()).split('.');
    expect(await bad(`${h}.${p}.`)).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    expect(await bad(undefined)).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    // Replay of a captured request after the token's 10 minutes.
    const captured = await req(body);
    expect(adapter.parseWebhook(captured, NOW)).toHaveLength(1);
    expect(err(() => adapter.parseWebhook(captured, new Date(NOW.getTime() + 11 * 60_000))).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
  });

  it('checks the audience against the configured public URL and the issuer when set', async () => {
    const strict = createGatewayAdapter({
      kind: 'httpsms',
      apiKey: 'k',
      webhookSigningKey: KEY,
      webhookUrl: URL_,
      issuer: 'api.httpsms.com',
    });
    // Behind a proxy the request URL differs, but the token names the public URL: accepted.
    expect(
      strict.parseWebhook(
        await req(event('message.phone.sent', msg), undefined, 'http://10.0.0.5:3000/gateways/httpsms/webhook'),
        NOW,
      ),
    ).toHaveLength(1);
    // A token minted for the internal URL it arrived at is not for our public URL: refused.
    const internal = 'http://10.0.0.5:3000/gateways/httpsms/webhook';
    const forInternal = await req(event('message.phone.sent', msg), await jwt({ aud: internal }), internal);
    expect(err(() => strict.parseWebhook(forInternal, NOW)).code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
    const wrongIss = await req(event('message.phone.sent', msg), await jwt({ iss: 'someone.else' }));
    expect(err(() => strict.parseWebhook(wrongIss, NOW)).code).toBe('SMSFLEET_ERR_SIGNATURE_INVALID');
  });

  it("gives the token's digest and expiry, so the hub can refuse it replayed with another body", async () => {
    const token = await jwt();
    const r = await req(event('message.phone.sent', msg), token);
    const hs = adapter as unknown as {
      bodyUnboundCredential(x: GatewayWebhookRequest): { digest: string; expiresAt: Date } | undefined;
    };
    expect(hs.bodyUnboundCredential(r)).toEqual({
      digest: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date((S + 600 + 30) * 1000),
    });
    expect(hs.bodyUnboundCredential({ ...r, headers: {} })).toBeUndefined();
  });

  it('names the bad field of a malformed body', async () => {
    expect(err(() => adapter.parseWebhook({ headers: {}, rawBody: Buffer.from('{}'), url: URL_ }, NOW)).code).toBe(
      'SMSFLEET_ERR_SIGNATURE_INVALID',
    );
    const r = await req({ specversion: '1.0', id: 'x', type: 'message.phone.sent', data: { contact: '+1' } });
    expect(err(() => adapter.parseWebhook(r, NOW))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body.data.id',
    });
    const noType = await req({ specversion: '1.0', id: 'x', data: {} });
    expect(err(() => adapter.parseWebhook(noType, NOW))).toMatchObject({
      code: 'SMSFLEET_ERR_VALIDATION',
      field: 'body.type',
    });
  });
});
