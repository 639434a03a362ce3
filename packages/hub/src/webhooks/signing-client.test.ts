import { verifyWebhook } from '@smsfleet/client';
import type { OutboundEvent } from '@smsfleet/core';
import { startReceiver } from '../testing';
import { attemptDelivery } from './deliver';
import { newWebhookSecret, signWebhook } from './signing';

const event: OutboundEvent = {
  id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
  type: 'sms.received',
  timestamp: '2026-12-06T12:00:00.000Z',
  data: {
    inboundId: 'in_01jd3k2m4n5p6q7r8s9t0v1w2x',
    from: '+14155550123',
    body: 'Yes – see you ✓',
    deviceId: 'pixel-7',
    receivedAt: '2026-12-06T12:00:00.000Z',
  },
};
const AT = new Date('2026-12-06T12:00:00.000Z');

/** What the hub signs, the front-ends' one verifier (`@smsfleet/client`) accepts; anything else it refuses. */
describe("the hub's signer and the client's verifier", () => {
  it('a signed event verifies, and comes back typed', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify(event);
    const v = verifyWebhook({
      secret,
      headers: { ...signWebhook(secret, event.id, AT, body) },
      rawBody: body,
      now: +AT,
    });
    expect(v).toEqual({ ok: true, id: event.id, timestamp: +AT / 1000, event });
  });

  it('a real delivery over HTTP verifies from its raw bytes and headers', async () => {
    const r = await startReceiver(() => 200);
    try {
      const secret = newWebhookSecret();
      const at = new Date();
      const out = await attemptDelivery({ url: r.url, secret, event, at, timeoutMs: 15_000, userAgent: 'test' });
      expect(out.ok).toBe(true);
      const got = r.received[0]!;
      expect(verifyWebhook({ secret, headers: got.headers, rawBody: got.body, now: +at })).toMatchObject({
        ok: true,
        event,
      });
    } finally {
      await r.close();
    }
  });

  it('refuses what the hub did not sign: another body, secret or time, or a missing secret or body', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify(event);
    const headers = { ...signWebhook(secret, event.id, AT, body) };
    const verdict = (o: Partial<Parameters<typeof verifyWebhook>[0]>) =>
      verifyWebhook({ secret, headers, rawBody: body, now: +AT, ...o });
    expect(verdict({ rawBody: body.replace('Yes', 'No') })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verdict({ secret: newWebhookSecret() })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verdict({ now: +AT + 10 * 60_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verdict({ secret: undefined })).toEqual({ ok: false, reason: 'missing_secret' });
    expect(verdict({ rawBody: undefined })).toEqual({ ok: false, reason: 'missing_body' });
    expect(verdict({ headers: { ...headers, 'webhook-id': 'evt_other' } })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});
