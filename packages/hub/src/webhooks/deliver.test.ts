import { Webhook } from 'standardwebhooks';
import type { OutboundEvent } from '@smsfleet/core';
import { startReceiver, type WebhookReceiver } from '../testing';
import { attemptDelivery } from './deliver';
import { newWebhookSecret, signWebhook } from './signing';
import { maxAttempts, retryDelay } from './backoff';

const event: OutboundEvent = {
  id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
  type: 'webhook.test',
  timestamp: '2026-11-23T10:15:30.000Z',
  data: { subscriptionId: 'sub_1', message: 'hello', at: '2026-11-23T10:15:30.000Z' },
};

describe('retryDelay', () => {
  const schedule = [5_000, 30_000, 120_000];
  it('follows the schedule and ends after its last entry', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, schedule, 0))).toEqual([5_000, 30_000, 120_000, undefined]);
    expect(maxAttempts(schedule)).toBe(4);
  });
  it('spreads each delay by the jitter, both ways', () => {
    expect(retryDelay(2, schedule, 0.2, () => 0)).toBe(24_000);
    expect(retryDelay(2, schedule, 0.2, () => 1)).toBe(36_000);
    expect(retryDelay(2, schedule, 0.2, () => 0.5)).toBe(30_000);
  });
});

describe('signWebhook', () => {
  it('produces headers that standardwebhooks verifies, and that fail for another body or secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify(event);
    const h = signWebhook(secret, event.id, new Date(), body);
    expect(h['webhook-id']).toBe(event.id);
    expect(h['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(new Webhook(secret).verify(body, { ...h })).toEqual(event);
    expect(() => new Webhook(secret).verify(`${body} `, { ...h })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...h })).toThrow();
  });
  it("signs byte for byte as standardwebhooks' own sign, for any secret, id, time and body", () => {
    const bodies = ['', '{}', JSON.stringify(event), 'Yes – see you ✓ 👍', 'x'.repeat(5000)];
    for (const body of bodies)
      for (let i = 0; i < 5; i++) {
        const secret = i === 0 ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : newWebhookSecret();
        const id = `evt_${i}_${body.length}`;
        const at = new Date(1_700_000_000_000 + i * 1234);
        const h = signWebhook(secret, id, at, body);
        expect(h['webhook-signature']).toBe(new Webhook(secret).sign(id, at, body));
        expect(h['webhook-timestamp']).toBe(String(Math.floor(+at / 1000)));
      }
  });
  it('refuses a secret standardwebhooks refuses', () => {
    expect(() => signWebhook('whsec_', 'evt_1', new Date(), '{}')).toThrow();
  });
  it('signs an old timestamp that receivers refuse as a replay', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify(event);
    const h = signWebhook(secret, event.id, new Date(Date.now() - 10 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...h })).toThrow(/timestamp/i);
  });
});

describe('attemptDelivery over HTTP', () => {
  let receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
  });
  const receiver = async (answer?: (n: number) => number | 'hang') => {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  };

  it('POSTs the signed JSON event and reports a 2xx as delivered', async () => {
    const r = await receiver(() => 200);
    const secret = newWebhookSecret();
    r.setSecret(secret);
    const out = await attemptDelivery({
      url: r.url,
      secret,
      event,
      at: new Date(),
      timeoutMs: 15_000,
      userAgent: 'ua-test',
    });
    expect(out).toEqual({ ok: true, statusCode: 200, durationMs: expect.any(Number) });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.verified).toEqual(event);
    expect(r.received[0]!.headers['content-type']).toBe('application/json');
    expect(r.received[0]!.headers['user-agent']).toBe('ua-test');
  });

  it('reports a non-2xx answer with its status and an excerpt', async () => {
    const r = await receiver(() => 503);
    const out = await attemptDelivery({
      url: r.url,
      secret: newWebhookSecret(),
      event,
      at: new Date(),
      timeoutMs: 15_000,
    });
    expect(out).toMatchObject({ ok: false, statusCode: 503, error: 'HTTP 503: status 503 from the test receiver' });
  });

  it('does not follow redirects', async () => {
    const r = await receiver(() => 302);
    const out = await attemptDelivery({
      url: r.url,
      secret: newWebhookSecret(),
      event,
      at: new Date(),
      timeoutMs: 15_000,
    });
    expect(out).toMatchObject({
      ok: false,
      statusCode: 302,
      error: expect.stringMatching(/^HTTP 302 \(redirects are not followed\)/),
    });
  });

  it('times out a receiver that never answers', async () => {
    const r = await receiver(() => 'hang');
    const out = await attemptDelivery({
      url: r.url,
      secret: newWebhookSecret(),
      event,
      at: new Date(),
      timeoutMs: 200,
    });
    expect(out).toMatchObject({ ok: false, error: 'timed out after 200 ms' });
    expect(out.statusCode).toBeUndefined();
  });

  it('reports a refused connection', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    receivers = [];
    const out = await attemptDelivery({ url, secret: newWebhookSecret(), event, at: new Date(), timeoutMs: 15_000 });
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/ECONNREFUSED/);
  });
});
