import type { Store } from '@smsfleet/core';
import { createApiKey } from '../auth/api-keys';
import { startTestHub, type TestHub } from '../testing';
import { memoryStoreCase } from '../testing/stores';

describe('API-key auth', () => {
  let store: Store;
  let hub: TestHub;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
    hub = await startTestHub({ store });
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
  });

  const list = (headers: Record<string, string>) => hub.app.inject({ method: 'GET', url: '/v1/webhooks', headers });

  it('accepts a valid key', async () => {
    expect((await list(hub.auth)).statusCode).toBe(200);
  });

  it.each([
    ['missing', {}, 'is missing'],
    ['not bearer', { authorization: 'Basic abc' }, 'must be "Bearer <api key>"'],
    ['not an api key', { authorization: 'Bearer hello' }, 'is not an smsfleet API key'],
    ['unknown', { authorization: `Bearer sf_live_${'A'.repeat(43)}` }, 'is not a known API key'],
  ])('refuses a %s key with 401 SMSFLEET_ERR_UNAUTHORIZED', async (_name, headers, reason) => {
    const res = await list(headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({
      code: 'SMSFLEET_ERR_UNAUTHORIZED',
      field: 'headers.authorization',
      reason,
    });
  });

  it('refuses a revoked key', async () => {
    const { key, record } = await createApiKey(store, 'to revoke');
    expect((await list({ authorization: `Bearer ${key}` })).statusCode).toBe(200);
    await store.apiKeys.revoke(record.id, new Date());
    const res = await list({ authorization: `Bearer ${key}` });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.reason).toBe('was revoked');
  });

  it('stores only the hash of a key', async () => {
    const { key, record } = await createApiKey(store, 'hashed');
    expect(key).toMatch(/^sf_live_[A-Za-z0-9_-]{43}$/);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await store.apiKeys.list())).not.toContain(key);
  });

  it('lets public routes through without a key', async () => {
    for (const url of ['/healthz', '/metrics', '/openapi.json', '/docs', '/docs/json']) {
      const res = await hub.app.inject({ method: 'GET', url });
      expect([url, res.statusCode < 400]).toEqual([url, true]);
    }
  });
});
