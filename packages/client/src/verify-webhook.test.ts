import { Webhook } from 'standardwebhooks';
import { verifyWebhook } from './verify-webhook';

// Signed by the `standardwebhooks` library (an implementation of its own); the hub's signer is checked against this
// verifier in the hub's own tests (hub/src/webhooks/signing-client.test.ts).
const SECRET = `whsec_${Buffer.from('a-secret-of-thirty-two-bytes-ok!').toString('base64')}`;
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const BODY = JSON.stringify({
  id: 'evt_1',
  type: 'sms.received',
  timestamp: '2026-12-06T12:00:00.000Z',
  data: { inboundId: 'in_1', from: '+14155550123', body: 'YES', deviceId: 'pixel-7', receivedAt: 'x' },
});

function signed(body = BODY, at = NOW, secret = SECRET): Record<string, string> {
  return {
    'webhook-id': 'evt_1',
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': new Webhook(secret).sign('evt_1', new Date(Math.floor(at / 1000) * 1000), body),
  };
}

describe('verifyWebhook', () => {
  it('accepts a signed request and returns the typed event', () => {
    const v = verifyWebhook({ secret: SECRET, headers: signed(), rawBody: BODY, now: NOW });
    expect(v).toMatchObject({ ok: true, id: 'evt_1', event: { type: 'sms.received' } });
    if (v.ok && v.event.type === 'sms.received') expect(v.event.data.from).toBe('+14155550123');
  });

  it('reads headers in any case, as arrays, or from a Headers object, and a Buffer body', () => {
    const h = signed();
    const upper = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), [v]]));
    expect(verifyWebhook({ secret: SECRET, headers: upper, rawBody: Buffer.from(BODY), now: NOW }).ok).toBe(true);
    expect(verifyWebhook({ secret: SECRET, headers: new Headers(h), rawBody: BODY, now: NOW }).ok).toBe(true);
  });

  it('fails closed: no secret, no headers, no raw body', () => {
    const h = signed();
    expect(verifyWebhook({ secret: undefined, headers: h, rawBody: BODY, now: NOW })).toEqual({
      ok: false,
      reason: 'missing_secret',
    });
    expect(verifyWebhook({ secret: '', headers: h, rawBody: BODY, now: NOW }).ok).toBe(false);
    expect(verifyWebhook({ secret: SECRET, headers: undefined, rawBody: BODY, now: NOW })).toMatchObject({
      reason: 'missing_headers',
    });
    for (const k of Object.keys(h)) {
      const { [k]: _gone, ...rest } = h;
      expect(verifyWebhook({ secret: SECRET, headers: rest, rawBody: BODY, now: NOW })).toMatchObject({
        reason: 'missing_headers',
      });
    }
    expect(verifyWebhook({ secret: SECRET, headers: h, rawBody: undefined, now: NOW })).toMatchObject({
      reason: 'missing_body',
    });
  });

  it('refuses a changed body, another secret, and a signature of another version', () => {
    const h = signed();
    expect(verifyWebhook({ secret: SECRET, headers: h, rawBody: BODY.replace('YES', 'NO'), now: NOW })).toMatchObject({
      reason: 'bad_signature',
    });
    const other = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;
    expect(verifyWebhook({ secret: other, headers: h, rawBody: BODY, now: NOW })).toMatchObject({
      reason: 'bad_signature',
    });
    const v2 = { ...h, 'webhook-signature': h['webhook-signature']!.replace(/^v1,/, 'v2,') };
    expect(verifyWebhook({ secret: SECRET, headers: v2, rawBody: BODY, now: NOW }).ok).toBe(false);
    const truncated = { ...h, 'webhook-signature': h['webhook-signature']!.slice(0, -4) };
    expect(verifyWebhook({ secret: SECRET, headers: truncated, rawBody: BODY, now: NOW }).ok).toBe(false);
  });

  it('accepts any one of several signatures (a secret rotation)', () => {
    const old = `whsec_${Buffer.from('the-old-secret-of-32-bytes-long!').toString('base64')}`;
    const h = signed(BODY, NOW, old);
    const both = { ...h, 'webhook-signature': `v1,AAAA ${signed()['webhook-signature']} ${h['webhook-signature']}` };
    expect(verifyWebhook({ secret: SECRET, headers: both, rawBody: BODY, now: NOW }).ok).toBe(true);
    expect(verifyWebhook({ secret: old, headers: both, rawBody: BODY, now: NOW }).ok).toBe(true);
    expect(verifyWebhook({ secret: SECRET, headers: h, rawBody: BODY, now: NOW }).ok).toBe(false);
  });

  it('refuses timestamps outside the tolerance, either way, and malformed ones', () => {
    const h = signed();
    expect(verifyWebhook({ secret: SECRET, headers: h, rawBody: BODY, now: NOW + 300_000 }).ok).toBe(true);
    expect(verifyWebhook({ secret: SECRET, headers: h, rawBody: BODY, now: NOW + 301_000 })).toMatchObject({
      reason: 'stale_timestamp',
    });
    expect(verifyWebhook({ secret: SECRET, headers: h, rawBody: BODY, now: NOW - 301_000 }).ok).toBe(false);
    expect(
      verifyWebhook({ secret: SECRET, headers: h, rawBody: BODY, now: NOW + 20_000, toleranceSeconds: 10 }).ok,
    ).toBe(false);
    const bad = { ...h, 'webhook-timestamp': `${h['webhook-timestamp']}.5` };
    expect(verifyWebhook({ secret: SECRET, headers: bad, rawBody: BODY, now: NOW })).toMatchObject({
      reason: 'bad_timestamp',
    });
  });

  it('refuses a signed body that is not a JSON event', () => {
    expect(verifyWebhook({ secret: SECRET, headers: signed('not json'), rawBody: 'not json', now: NOW })).toMatchObject(
      { reason: 'bad_body' },
    );
  });
});
