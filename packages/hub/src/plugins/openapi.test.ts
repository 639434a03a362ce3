import type { Store } from '@smsfleet/core';
import { SIM_PHONES, startTestHub, type TestHub } from '../testing';
import { memoryStoreCase } from '../testing/stores';

describe('OpenAPI', () => {
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

  it('generates OpenAPI 3.1 from the zod schemas, with the scope of each route', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const create = doc.paths['/v1/webhooks'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.properties.url.description).toBe('Where events are POSTed');
    expect(body.properties.events.items.enum).toContain('message.status_changed');
    expect(body.required).toEqual(expect.arrayContaining(['url', 'events']));
    expect(create.responses['201']).toBeDefined();
    expect(create.responses['400']).toBeDefined();
    expect(create.security).toEqual([{ apiKey: ['webhooks'] }]);
    expect(create['x-smsfleet-scope']).toBe('webhooks');
    expect(create.description).toContain('Needs an API key with the `webhooks` scope');
    expect(create.responses['403']).toBeDefined();
    expect(doc.paths['/v1/account'].get['x-smsfleet-scope']).toBe('any');
    expect(doc.paths['/v1/keys'].post.security).toEqual([{ apiKey: ['admin'] }]);
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/healthz'].get['x-smsfleet-scope']).toBe('public');
    expect(doc.paths['/v1/webhooks/{id}/deliveries'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'cursor', 'limit', 'failed']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/docs'))).toBe(false);
    expect(doc.paths['/openapi.json']).toBeUndefined();
  });

  it("gives device examples that look like the demo's phones", async () => {
    const doc = (await hub.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const examples: unknown[] = [];
    const walk = (v: unknown, key?: string): void => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x, key);
        return;
      }
      if (!v || typeof v !== 'object') return;
      const o = v as { name?: unknown; example?: unknown; examples?: unknown[] };
      if (key === 'deviceId' || o.name === 'deviceId')
        examples.push(...(o.examples ?? []), ...(o.example === undefined ? [] : [o.example]));
      for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(doc);
    expect(examples.length).toBeGreaterThan(0);
    const ids = SIM_PHONES.map((p) => p.id);
    expect(examples.filter((e) => !ids.includes(e as string))).toEqual([]);
  });

  it('serves the docs page', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
