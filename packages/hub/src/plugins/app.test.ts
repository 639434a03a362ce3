import { Writable } from 'node:stream';
import pino from 'pino';
import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { DEMO_PHONES, ManualClock, startTestHub, testConfig, type TestHub } from '../testing';
import { memoryStoreCase } from '../testing/stores';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('hub platform', () => {
  let store: Store;
  let hub: TestHub;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
    hub = await startTestHub({ store, env: { SMSFLEET_BODY_LIMIT_BYTES: '1024' } });
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
  });

  describe('errors', () => {
    it('names the body field and why on a validation error', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: hub.auth,
        payload: { url: 'not a url', events: ['sms.received'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: expect.objectContaining({
          code: 'SMSFLEET_ERR_VALIDATION',
          field: 'body.url',
          reason: expect.any(String),
        }),
      });
    });

    it('lists every bad field, names missing and unknown ones', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: hub.auth,
        payload: { events: ['sms.sent'], colour: 'red' },
      });
      expect(res.statusCode).toBe(400);
      const { issues } = res.json().error as { issues: { field: string; reason: string }[] };
      expect(issues).toEqual(
        expect.arrayContaining([
          { field: 'body.url', reason: 'is required' },
          { field: 'body.events.0', reason: expect.stringMatching(/message\.status_changed/) },
          { field: 'body.colour', reason: 'is not a known field' },
        ]),
      );
    });

    it('names the query field', async () => {
      const res = await hub.app.inject({
        method: 'GET',
        url: '/v1/webhooks/sub_x/deliveries?limit=0',
        headers: hub.auth,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'query.limit' });
    });

    it('answers bad JSON with SMSFLEET_ERR_INVALID_JSON', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { ...hub.auth, 'content-type': 'application/json' },
        payload: '{"url": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_INVALID_JSON', field: 'body' });
    });

    it('treats an empty JSON body as no body: a required body is named, a bodiless route works', async () => {
      const headers = { ...hub.auth, 'content-type': 'application/json' };
      const res = await hub.app.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: '' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'body', reason: 'is required' });
      const bodiless = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks/sub_nope/test',
        headers,
        payload: '',
      });
      expect(bodiless.json().error.code).toBe('SMSFLEET_ERR_NOT_FOUND');
    });

    it('refuses prototype poisoning as invalid JSON', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { ...hub.auth, 'content-type': 'application/json' },
        payload: '{"url":"https://example.com/h","events":["sms.received"],"__proto__":{"x":1}}',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('SMSFLEET_ERR_INVALID_JSON');
    });

    it('refuses a non-JSON content type naming the header', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { ...hub.auth, 'content-type': 'text/plain' },
        payload: 'hi',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'headers.content-type' });
    });

    it('answers a body over the limit with 413 SMSFLEET_ERR_BODY_TOO_LARGE and stores nothing', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: hub.auth,
        payload: { url: 'https://example.com/h', events: ['sms.received'], description: 'x'.repeat(2_000) },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('SMSFLEET_ERR_BODY_TOO_LARGE');
      expect(await store.subscriptions.list()).toEqual([]);
    });

    it('answers an unknown route with SMSFLEET_ERR_NOT_FOUND, with or without a key', async () => {
      for (const headers of [{}, hub.auth]) {
        const res = await hub.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1', headers });
        expect(res.statusCode).toBe(404);
        expect(res.json().error).toMatchObject({
          code: 'SMSFLEET_ERR_NOT_FOUND',
          reason: 'no route GET /v1/nothing-here',
        });
      }
    });

    it('hides unexpected errors behind SMSFLEET_ERR_INTERNAL and logs them with the request id', async () => {
      const { logger, lines } = captureLogger();
      const app = buildApp({ config: testConfig(), store, logger, runWorkers: false, processMetrics: false });
      app.get('/v1/boom', async () => {
        throw new Error('database password is hunter2');
      });
      const { key } = await createApiKey(store, 'boom');
      const res = await app.inject({ method: 'GET', url: '/v1/boom', headers: { authorization: `Bearer ${key}` } });
      await app.close();
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('hunter2');
      const requestId = res.headers['x-request-id'];
      expect(res.json()).toEqual({
        error: { code: 'SMSFLEET_ERR_INTERNAL', message: expect.any(String), details: { requestId } },
      });
      const logged = lines.find((l) => l.reqId === requestId && l.level === 50);
      expect(JSON.stringify(logged)).toContain('hunter2');
    });

    it('keeps a well-formed incoming x-request-id and replaces a bad one', async () => {
      const kept = await hub.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
      expect(kept.headers['x-request-id']).toBe('abc-123');
      const replaced = await hub.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'bad id\u0001' },
      });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('auth', () => {
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

  describe('rate limit', () => {
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

  describe('health', () => {
    it('answers 200 when the store answers', async () => {
      const res = await hub.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'ok',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        store: 'memory',
        uptimeSeconds: expect.any(Number),
      });
    });

    it('answers 503 SMSFLEET_ERR_STORE when the store fails', async () => {
      const broken = Object.create(store) as Store;
      Object.defineProperty(broken, 'queue', {
        value: { ...store.queue, size: () => Promise.reject(new Error('ECONNRESET')) },
      });
      const app = buildApp({ config: testConfig(), store: broken, runWorkers: false, processMetrics: false });
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      await app.close();
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('SMSFLEET_ERR_STORE');
    });
  });

  describe('metrics', () => {
    it('exposes HTTP request metrics by route pattern', async () => {
      await hub.app.inject({ method: 'GET', url: '/healthz' });
      await hub.app.inject({ method: 'GET', url: '/v1/webhooks/sub_nope', headers: hub.auth });
      await hub.app.inject({ method: 'GET', url: '/no/such/path' });
      const res = await hub.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toContain('smsfleet_http_requests_total{method="GET",route="/healthz",status_code="200"} 1');
      expect(res.body).toContain(
        'smsfleet_http_requests_total{method="GET",route="/v1/webhooks/:id",status_code="404"} 1',
      );
      expect(res.body).toContain('route="(not found)"');
      expect(res.body).not.toContain('/no/such/path');
      expect(res.body).toContain('smsfleet_webhook_queue_size 0');
    });

    it('keeps a registry per app, so two apps in one process do not collide', async () => {
      const second = await startTestHub({ store });
      try {
        await second.app.inject({ method: 'GET', url: '/healthz' });
        await second.app.inject({ method: 'GET', url: '/healthz' });
        await hub.app.inject({ method: 'GET', url: '/healthz' });
        const a = (await hub.app.inject({ method: 'GET', url: '/metrics' })).body;
        const b = (await second.app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(a).toContain('route="/healthz",status_code="200"} 1');
        expect(b).toContain('route="/healthz",status_code="200"} 2');
      } finally {
        await second.close();
      }
    });
  });

  describe('OpenAPI', () => {
    it('generates OpenAPI 3.1 from the zod schemas, with security only on authenticated routes', async () => {
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
      expect(create.security).toBeUndefined();
      expect(doc.security).toEqual([{ apiKey: [] }]);
      expect(doc.paths['/healthz'].get.security).toEqual([]);
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
      const ids = DEMO_PHONES.map((p) => p.id);
      expect(examples.filter((e) => !ids.includes(e as string))).toEqual([]);
    });

    it('serves the docs page', async () => {
      const res = await hub.app.inject({ method: 'GET', url: '/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
