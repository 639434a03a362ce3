import type { Store } from '@smsfleet/core';
import { createApiKey } from '../auth/api-keys';
import { ManualClock, startTestHub, storeCases, type TestHub } from '../testing';

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'API keys: expiry, last use, throttle (%s store)',
  (_n, storeCase) => {
    let store: Store;
    let hub: TestHub;
    let clock: ManualClock;
    beforeEach(async () => {
      store = await storeCase.create();
      clock = new ManualClock(Date.parse('2026-12-01T10:00:00.000Z'));
      hub = await startTestHub({ store, clock });
    });
    afterEach(async () => {
      await hub.close();
      await store.close();
    });

    const get = (url: string, key: string, remoteAddress = '127.0.0.1') =>
      hub.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` }, remoteAddress });
    const keyNamed = async (name: string, opts: Parameters<typeof createApiKey>[3]) =>
      createApiKey(store, name, new Date(clock.now()), opts);

    it('refuses a key after its expiry with 401 and a coded cause', async () => {
      const { key } = await keyNamed('temp', { scopes: ['read'], expiresAt: new Date(clock.now() + 60_000) });
      expect((await get('/v1/account', key)).statusCode).toBe(200);
      clock.advance(59_999);
      expect((await get('/v1/account', key)).statusCode).toBe(200);
      clock.advance(1);
      const res = await get('/v1/account', key);
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({
        code: 'SMSFLEET_ERR_UNAUTHORIZED',
        reason: 'expired at 2026-12-01T10:01:00.000Z',
        details: { cause: 'expired', expiresAt: '2026-12-01T10:01:00.000Z' },
      });
    });

    it('records the last use at most once a minute per key', async () => {
      const { key, record } = await keyNamed('used', { scopes: ['read'] });
      const touch = jest.spyOn(store.apiKeys, 'touch');
      const lastUsed = async () => (await store.apiKeys.list()).find((k) => k.id === record.id)!.lastUsedAt;
      expect(await lastUsed()).toBeUndefined();
      await get('/v1/account', key);
      expect(await lastUsed()).toBe('2026-12-01T10:00:00.000Z');
      clock.advance(59_000);
      for (let i = 0; i < 5; i++) await get('/v1/account', key);
      expect(touch).toHaveBeenCalledTimes(1);
      expect(await lastUsed()).toBe('2026-12-01T10:00:00.000Z');
      clock.advance(1_000);
      await get('/v1/account', key);
      expect(touch).toHaveBeenCalledTimes(2);
      expect(await lastUsed()).toBe('2026-12-01T10:01:00.000Z');
    });

    it('treats a key stored before scopes as admin', async () => {
      const { key, record } = await keyNamed('old', {});
      const { scopes: _dropped, ...legacy } = record;
      await store.apiKeys.put(legacy);
      expect((await store.apiKeys.list()).find((k) => k.id === record.id)!.scopes).toBeUndefined();
      const res = await get('/v1/keys', key);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.find((k: { id: string }) => k.id === record.id).scopes).toEqual(['admin']);
      expect((await get('/v1/account', key)).json().scopes).toEqual(['admin']);
    });

    it('answers 429 to an address after 10 failed authentications a minute, before checking its key', async () => {
      const bad = `sf_live_${'A'.repeat(43)}`;
      for (let i = 0; i < 10; i++) expect((await get('/v1/webhooks', bad)).statusCode).toBe(401);
      const refused = await get('/v1/webhooks', bad);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({
        code: 'SMSFLEET_ERR_RATE_LIMITED',
        details: { reason: 'failed-authentications', limit: 10 },
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // A good key from the blocked address waits too; another address is not blocked.
      expect((await get('/v1/webhooks', hub.apiKey)).statusCode).toBe(429);
      expect((await get('/v1/webhooks', hub.apiKey, '10.0.0.7')).statusCode).toBe(200);
      expect((await hub.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      clock.advance(Number(refused.headers['retry-after']) * 1000);
      expect((await get('/v1/webhooks', hub.apiKey)).statusCode).toBe(200);
    });

    it('throttles the client a trusted proxy forwards for, and believes no other peer', async () => {
      const behind = await startTestHub({ store, clock, env: { SMSFLEET_TRUST_PROXY: '10.0.0.0/8' } });
      try {
        const via = (peer: string, client: string, key: string) =>
          behind.app.inject({
            method: 'GET',
            url: '/v1/webhooks',
            headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client },
            remoteAddress: peer,
          });
        const bad = `sf_live_${'C'.repeat(43)}`;
        for (let i = 0; i < 10; i++) expect((await via('10.0.0.2', '203.0.113.9', bad)).statusCode).toBe(401);
        expect((await via('10.0.0.2', '203.0.113.9', bad)).statusCode).toBe(429);
        // Another client behind the same proxy is not blocked: the proxy's own address is not the client.
        expect((await via('10.0.0.2', '203.0.113.10', behind.apiKey)).statusCode).toBe(200);
        // A peer outside the trusted range cannot pick its address with the header.
        for (let i = 0; i < 10; i++) expect((await via('198.51.100.1', `192.0.2.${i}`, bad)).statusCode).toBe(401);
        expect((await via('198.51.100.1', '192.0.2.99', bad)).statusCode).toBe(429);
      } finally {
        await behind.close();
      }
    });

    it('does not count good keys against the address', async () => {
      for (let i = 0; i < 30; i++) expect((await get('/v1/webhooks', hub.apiKey)).statusCode).toBe(200);
      const bad = `sf_live_${'B'.repeat(43)}`;
      expect((await get('/v1/webhooks', bad)).statusCode).toBe(401);
    });
  },
);
