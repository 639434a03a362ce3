import type { Store } from '@smsfleet/core';
import { createApiKey } from '../../auth/api-keys';
import { ManualClock, memoryStoreCase, startTestHub, type TestHub } from '../../testing';

describe('/v1/templates', () => {
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

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, key = hub.apiKey) =>
    hub.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  it('creates a template with its merge fields, lists, reads, changes and deletes it', async () => {
    const created = await call('POST', '/v1/templates', {
      name: ' Shipping ',
      body: 'Hi {{name}}, {{order}} {{name}}',
    });
    expect(created.statusCode).toBe(201);
    const t = created.json();
    expect(t).toMatchObject({
      id: expect.stringMatching(/^tpl_/),
      name: 'Shipping',
      fields: ['name', 'order'],
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    expect((await call('GET', '/v1/templates')).json()).toEqual({ items: [t] });
    expect((await call('GET', `/v1/templates/${t.id}`)).json()).toEqual(t);

    clock.advance(1000);
    const changed = await call('PATCH', `/v1/templates/${t.id}`, { body: 'Bye {{first}}' });
    expect(changed.json()).toMatchObject({ name: 'Shipping', body: 'Bye {{first}}', fields: ['first'] });
    expect(changed.json().updatedAt).toBe('2026-12-01T10:00:01.000Z');
    expect((await store.templates.get(t.id))?.fields).toEqual(['first']);

    expect((await call('DELETE', `/v1/templates/${t.id}`)).json()).toEqual({ deleted: true });
    for (const [method, payload] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const r = await call(method, `/v1/templates/${t.id}`, payload);
      expect(r.statusCode).toBe(404);
      expect(r.json().error).toMatchObject({ code: 'SMSFLEET_ERR_NOT_FOUND', field: 'params.id' });
    }
  });

  it('refuses logic, broken tags and unknown keys by field, storing nothing', async () => {
    for (const [payload, field] of [
      [{ name: 'x', body: '{{#vip}}gold{{/vip}}' }, 'body.body'],
      [{ name: 'x', body: 'Hi {{name' }, 'body.body'],
      [{ name: 'x', body: 'Hi {{a.b}}' }, 'body.body'],
      [{ name: '', body: 'Hi' }, 'body.name'],
      [{ name: 'x', body: 'Hi', vars: {} }, 'body.vars'],
    ] as const) {
      const r = await call('POST', '/v1/templates', payload);
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
    }
    expect(await store.templates.list()).toEqual([]);
  });

  it('lets a read key list but not write; a send key writes', async () => {
    const now = new Date(clock.now());
    const { key: read } = await createApiKey(store, 'reader', now, { scopes: ['read'] });
    const { key: send } = await createApiKey(store, 'sender', now, { scopes: ['send'] });
    expect((await call('GET', '/v1/templates', undefined, read)).statusCode).toBe(200);
    const refused = await call('POST', '/v1/templates', { name: 'x', body: 'y' }, read);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toMatchObject({ scope: 'send' });
    expect((await call('POST', '/v1/templates', { name: 'x', body: 'y' }, send)).statusCode).toBe(201);
  });
});
