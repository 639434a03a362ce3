import type { Store } from '@smsfleet/core';
import { ManualClock, memoryStoreCase, startTestHub, type TestHub } from '../../testing';

describe('/v1/keys', () => {
  let store: Store;
  let hub: TestHub;
  let clock: ManualClock;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
    clock = new ManualClock(Date.parse('2026-12-01T10:00:00.000Z'));
    hub = await startTestHub({ store, clock });
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, key: string, payload?: object) =>
    hub.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
  const create = async (payload: object) => call('POST', '/v1/keys', hub.apiKey, payload);

  it('creates a scoped key shown once, lists it without its hash, and revokes it', async () => {
    const created = await create({ name: 'zapier', scopes: ['send', 'read'], expiresAt: '2027-01-01T00:00:00Z' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      name: 'zapier',
      scopes: ['send', 'read'],
      createdAt: '2026-12-01T10:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(body.key).toMatch(/^sf_live_/);
    expect(body.hash).toBeUndefined();

    expect((await call('GET', '/v1/account', body.key)).json()).toMatchObject({ scopes: ['send', 'read'] });
    const listed = (await call('GET', '/v1/keys', hub.apiKey)).json().items;
    expect(listed.map((k: { name: string }) => k.name).sort()).toEqual(['test', 'zapier']);
    expect(JSON.stringify(listed)).not.toMatch(/hash|sf_live_/);
    expect(listed.find((k: { id: string }) => k.id === body.id)).toMatchObject({
      scopes: ['send', 'read'],
      lastUsedAt: '2026-12-01T10:00:00.000Z',
    });

    clock.advance(5_000);
    const revoked = await call('DELETE', `/v1/keys/${body.id}`, hub.apiKey);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: body.id, revokedAt: '2026-12-01T10:00:05.000Z' });
    const refused = await call('GET', '/v1/account', body.key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.details).toMatchObject({ cause: 'revoked', keyId: body.id });
  });

  it('needs admin to manage keys, and 403 names the scope', async () => {
    const { key } = (await create({ name: 'sender', scopes: ['send'] })).json();
    const res = await call('GET', '/v1/keys', key);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_FORBIDDEN', details: { scope: 'admin' } });
    expect(res.json().error.message).toContain('lacks the `admin` scope');
  });

  it("keeps a second key from deleting the first key's webhook subscription (issue 23)", async () => {
    const sub = await call('POST', '/v1/webhooks', hub.apiKey, {
      url: 'https://example.com/hook',
      events: ['message.status_changed'],
    });
    expect(sub.statusCode).toBe(201);
    const { key } = (await create({ name: 'n8n', scopes: ['send', 'read'] })).json();
    const res = await call('DELETE', `/v1/webhooks/${sub.json().id}`, key);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details.scope).toBe('webhooks');
    expect((await call('GET', `/v1/webhooks/${sub.json().id}`, hub.apiKey)).statusCode).toBe(200);
  });

  it('names the field of a bad request and 404s an unknown key', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', scopes: ['root'] }, 'body.scopes.0'],
      [{ name: 'x', scopes: [] }, 'body.scopes'],
      [{ name: '', scopes: ['read'] }, 'body.name'],
      [{ name: 'x', scopes: ['read'], expiresAt: '2026-12-01T09:00:00Z' }, 'body.expiresAt'],
    ];
    for (const [payload, field] of cases) {
      const res = await create(payload);
      expect([field, res.statusCode, res.json().error.field]).toEqual([field, 400, field]);
    }
    const res = await call('DELETE', '/v1/keys/key_nope', hub.apiKey);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.field).toBe('params.id');
  });

  it('answers GET /v1/account?require= with 403 naming the first missing scope', async () => {
    const { key } = (await create({ name: 'reader', scopes: ['read'] })).json();
    const ok = await call('GET', '/v1/account?require=read', key);
    expect(ok.json()).toMatchObject({
      scopes: ['read'],
      can: { send: false, read: true, webhooks: false, devices: false, admin: false },
    });
    const res = await call('GET', '/v1/account?require=read,send,webhooks', key);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toMatchObject({ scope: 'send', keyScopes: ['read'] });
    expect((await call('GET', '/v1/account?require=read,send', hub.apiKey)).statusCode).toBe(200);
  });
});
