import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import pino from 'pino';
import { createRedisStore, type Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { startTestHub, testConfig } from '../testing';
import { memoryStoreCase } from '../testing/stores';

/** Words that tell about the backend and must not reach a client. */
const INTERNALS = [
  /NOPERM/i,
  /redis/i,
  /127\.0\.0\.1/,
  /10\.1\.2\.3/,
  /6379|6404/,
  /ACL/,
  /test:hub:/,
  /fuzz-user/,
  /script/i,
  /permission/i,
  /EXECABORT/,
  /transaction/i,
];

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** `store` whose calls on `repo` throw what ioredis throws on a refused command. */
function failing(store: Store, repo: keyof Store): Store {
  const err = Object.assign(
    new Error("NOPERM User fuzz-user has no permissions to run the 'hset' command (10.1.2.3:6379)"),
    { name: 'ReplyError' },
  );
  const broken = new Proxy(store[repo] as object, {
    get: (t, p) => (typeof Reflect.get(t, p) === 'function' ? () => Promise.reject(err) : Reflect.get(t, p)),
  });
  return new Proxy(store, { get: (t, p) => (p === repo ? broken : Reflect.get(t, p)) });
}

describe('a store outage answers 503 SMSFLEET_ERR_STORE without backend details', () => {
  it('on the memory store, when a repo throws a raw Redis reply error', async () => {
    const store = await memoryStoreCase.create();
    const log = captureLogger();
    const hub = await startTestHub({ store: failing(store, 'subscriptions'), logger: log.logger });
    try {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: hub.auth,
        payload: { url: 'https://example.com/hook', events: ['message.status_changed'] },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({
        code: 'SMSFLEET_ERR_STORE',
        details: { requestId: expect.any(String) },
      });
      for (const re of INTERNALS) expect(res.body).not.toMatch(re);
      expect(log.lines.join('\n')).toMatch(/NOPERM User fuzz-user/); // the detail is in the log
    } finally {
      await hub.close();
      await store.close();
    }
  });

  it("on Redis, when an ACL refuses the hub's writes (a real NOPERM)", async () => {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error('REDIS_URL is not set');
    const admin = new Redis(url);
    const user = `fuzz-user-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(8).toString('hex');
    const prefix = `test:hub:${randomBytes(6).toString('hex')}:`;
    await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all', '-@write');
    const writer = createRedisStore({ url, prefix });
    const u = new URL(url);
    u.username = user;
    u.password = password;
    const readOnly = createRedisStore({ url: u.toString(), prefix });
    const log = captureLogger();
    const seeded = await startTestHub({ store: writer }); // the API key is written with full rights
    const app = buildApp({
      config: testConfig(),
      store: readOnly,
      logger: log.logger,
      runWorkers: false,
      processMetrics: false,
    });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: seeded.auth,
        payload: { url: 'https://example.com/hook', events: ['message.status_changed'] },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('SMSFLEET_ERR_STORE');
      for (const re of INTERNALS) expect(res.body).not.toMatch(re);
      expect(log.lines.join('\n')).toMatch(/"level":40.*Redis failed: (NOPERM|EXECABORT)/); // the detail is in the log
    } finally {
      await app.close();
      await seeded.close();
      await readOnly.close();
      await writer.close();
      await admin.call('ACL', 'DELUSER', user);
      admin.disconnect();
    }
  });
});
