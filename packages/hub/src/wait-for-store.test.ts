import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createMemoryStore, createRedisStore, systemClock, type Store } from '@smsfleet/core';
import { loadConfig } from './config';
import { freePort } from './testing/pipeline-rig';
import { writesAndReads } from './testing/writes-and-reads';
import { openAnsweringStore, waitForStore } from './wait-for-store';

/** redis-server on `port`, without persistence. */
const redisOn = (port: number): ChildProcess =>
  spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });

describe('waitForStore: a hub boots once its store answers', () => {
  it('answers at once for a store that answers', async () => {
    const onWait = jest.fn();
    await waitForStore(createMemoryStore(), { waitMs: 60_000, clock: systemClock, onWait });
    expect(onWait).not.toHaveBeenCalled();
  });

  it('fails at once with SMSFLEET_ERR_STORE naming SMSFLEET_BOOT_WAIT when the wait is 0', async () => {
    const store = createRedisStore({ url: `redis://127.0.0.1:${await freePort()}`, prefix: 'test:boot:' });
    const onWait = jest.fn();
    try {
      await expect(waitForStore(store, { waitMs: 0, clock: systemClock, onWait })).rejects.toMatchObject({
        code: 'SMSFLEET_ERR_STORE',
        message: expect.stringMatching(/SMSFLEET_BOOT_WAIT/),
      });
      expect(onWait).not.toHaveBeenCalled();
    } finally {
      await store.close();
    }
  });

  it('waits for a Redis that starts after the hub, then boots on it', async () => {
    const port = await freePort();
    const prefix = `test:boot:${Date.now()}:`;
    const config = loadConfig({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      SMSFLEET_REDIS_PREFIX: prefix,
      SMSFLEET_BOOT_WAIT: '5m',
    });
    let redis: ChildProcess | undefined;
    const said: string[] = [];
    let store: Store | undefined;
    try {
      // Redis starts only once the hub has said it waits: the test waits for that event, not for a margin.
      store = await openAnsweringStore(config, (line) => {
        said.push(line);
        redis ??= redisOn(port);
      });
      expect(said).toEqual([expect.stringMatching(/waiting up to SMSFLEET_BOOT_WAIT/)]);
      await writesAndReads(store);
    } finally {
      await store?.close();
      if (redis && redis.exitCode === null) {
        const exited = once(redis, 'exit');
        redis.kill('SIGTERM');
        await exited;
      }
    }
  });
});
