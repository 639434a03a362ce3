import type { Store } from '@smsfleet/core';
import { createApiKey } from '../auth/api-keys';
import { ManualClock, startTestHub } from '../testing';
import { memoryStoreCase } from '../testing/stores';

describe('rate limit', () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('limits each key per minute with 429, Retry-After and SMSFLEET_ERR_RATE_LIMITED', async () => {
    const clock = new ManualClock();
    const limited = await startTestHub({ store, clock, env: { SMSFLEET_RATE_LIMIT_PER_MIN: '3' } });
    try {
      const { key: other } = await createApiKey(store, 'other');
      const get = (authorization: string) =>
        limited.app.inject({ method: 'GET', url: '/v1/webhooks', headers: { authorization } });
      for (let i = 0; i < 3; i++) expect((await get(limited.auth.authorization)).statusCode).toBe(200);
      const res = await get(limited.auth.authorization);
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(res.json().error).toMatchObject({
        code: 'SMSFLEET_ERR_RATE_LIMITED',
        details: { retryAfterSeconds: Number(res.headers['retry-after']) },
      });
      expect((await get(`Bearer ${other}`)).statusCode).toBe(200);
      // Public routes are not limited (no per-key hook, and no per-address one either).
      for (let i = 0; i < 5; i++) {
        const health = await limited.app.inject({ method: 'GET', url: '/healthz' });
        expect(health.statusCode).toBe(200);
        expect(health.headers['x-ratelimit-limit']).toBeUndefined();
      }
      expect((await get(limited.auth.authorization)).headers['x-ratelimit-limit']).toBe('3');
      clock.advance(60_001);
      expect((await get(limited.auth.authorization)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('tells every answer of a limited route its limit, what is left and when the window resets', async () => {
    const clock = new ManualClock(Date.parse('2026-12-01T00:00:20.000Z'));
    const limited = await startTestHub({ store, clock, env: { SMSFLEET_RATE_LIMIT_PER_MIN: '2' } });
    try {
      const get = () => limited.app.inject({ method: 'GET', url: '/v1/webhooks', headers: limited.auth });
      const headers = (r: { headers: Record<string, unknown> }) =>
        ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'].map((h) => r.headers[h]);
      const first = await get();
      expect([first.statusCode, ...headers(first)]).toEqual([200, '2', '1', '40', undefined]);
      clock.advance(15_500);
      const second = await get();
      expect([second.statusCode, ...headers(second)]).toEqual([200, '2', '0', '25', undefined]);
      const third = await get();
      expect([third.statusCode, ...headers(third)]).toEqual([429, '2', '0', '25', '25']);
      expect(third.json().error).toMatchObject({
        code: 'SMSFLEET_ERR_RATE_LIMITED',
        message: 'Too many requests for this API key: at most 2 per minute. Retry after 25 s.',
        details: { retryAfterSeconds: 25, limit: 2 },
      });
      // Not even a 404 of an unknown route counts: only routes are limited.
      const missing = await limited.app.inject({ method: 'GET', url: '/v1/nope', headers: limited.auth });
      expect([missing.statusCode, ...headers(missing)]).toEqual([404, undefined, undefined, undefined, undefined]);
    } finally {
      await limited.close();
    }
  });

  it('answers a store that cannot count with the coded error of its failure', async () => {
    const limited = await startTestHub({ store });
    try {
      jest.spyOn(store.counters, 'hitWindow').mockRejectedValue(new Error('counters down'));
      const r = await limited.app.inject({ method: 'GET', url: '/v1/webhooks', headers: limited.auth });
      expect(r.statusCode).toBe(500);
      expect(r.json().error.code).toBe('SMSFLEET_ERR_INTERNAL');
    } finally {
      jest.restoreAllMocks();
      await limited.close();
    }
  });

  it("counts a HEAD request of a GET route once, as the GET's twin", async () => {
    const limited = await startTestHub({ store, env: { SMSFLEET_RATE_LIMIT_PER_MIN: '5' } });
    try {
      const ask = (method: 'GET' | 'HEAD') =>
        limited.app.inject({ method, url: '/v1/webhooks', headers: limited.auth });
      const head = await ask('HEAD');
      const get = await ask('GET');
      expect([head.statusCode, head.headers['x-ratelimit-remaining']]).toEqual([200, '4']);
      expect([get.statusCode, get.headers['x-ratelimit-remaining']]).toEqual([200, '3']);
    } finally {
      await limited.close();
    }
  });
});
