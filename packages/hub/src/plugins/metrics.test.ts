import type { Store } from '@smsfleet/core';
import { startTestHub, type TestHub } from '../testing';
import { memoryStoreCase } from '../testing/stores';

describe('HTTP metrics', () => {
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
