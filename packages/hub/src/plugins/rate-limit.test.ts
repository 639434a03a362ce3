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
});
