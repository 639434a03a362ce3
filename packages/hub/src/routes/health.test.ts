import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { startTestHub, testConfig, type TestHub } from '../testing';
import { memoryStoreCase } from '../testing/stores';

describe('health', () => {
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
