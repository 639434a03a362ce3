import { Writable } from 'node:stream';
import pino from 'pino';
import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { startTestHub, testConfig, type TestHub } from '../testing';
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

describe('hub errors', () => {
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
