import { isSmsfleetError } from '@smsfleet/core';
import { startServer } from './server';

describe('startServer', () => {
  it('listens on 127.0.0.1 and answers over real HTTP', async () => {
    const server = await startServer({ SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' });
    try {
      expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.address}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', store: 'memory' });
      const unauth = await fetch(`${server.address}/v1/webhooks`);
      expect(unauth.status).toBe(401);
      expect(((await unauth.json()) as { error: { code: string } }).error.code).toBe('SMSFLEET_ERR_UNAUTHORIZED');
    } finally {
      await server.close();
    }
  });

  it('refuses to start on a bad configuration, listing every problem', async () => {
    let err: unknown;
    try {
      await startServer({ SMSFLEET_PORT: 'x', SMSFLEET_LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_CONFIG')).toBe(true);
    expect((err as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual([
      'SMSFLEET_PORT',
      'SMSFLEET_LOG_LEVEL',
    ]);
  });
});
