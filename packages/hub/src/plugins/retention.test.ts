import { Writable } from 'node:stream';
import pino from 'pino';
import type { Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { ManualClock, testConfig } from '../testing';
import { memoryStoreCase } from '../testing/stores';

describe('retention purge', () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStoreCase.create();
  });
  afterEach(async () => {
    await store.close();
  });

  function hub(runWorkers: boolean, clock: ManualClock, logger?: pino.Logger) {
    return buildApp({
      config: testConfig(),
      store,
      clock,
      runWorkers,
      processMetrics: false,
      ...(logger ? { logger } : {}),
    });
  }

  it("purges when the app is ready, at the clock's time", async () => {
    const clock = new ManualClock(Date.parse('2026-11-23T10:00:00Z'));
    const purge = jest.spyOn(store, 'purgeExpired');
    const app = hub(true, clock);
    await app.ready();
    expect(purge.mock.calls).toEqual([[new Date('2026-11-23T10:00:00Z')]]);
    await app.close();
  });

  it('does not run without workers', async () => {
    const purge = jest.spyOn(store, 'purgeExpired');
    const app = hub(false, new ManualClock());
    await app.ready();
    await app.close();
    expect(purge).not.toHaveBeenCalled();
  });

  it('logs a failed purge and keeps the app up', async () => {
    let failed!: (line: Record<string, unknown>) => void;
    const logged = new Promise<Record<string, unknown>>((resolve) => {
      failed = resolve;
    });
    const stream = new Writable({
      write(chunk, _enc, cb) {
        const line = JSON.parse(String(chunk)) as Record<string, unknown>;
        if (line.msg === 'retention purge failed; will try again') failed(line);
        cb();
      },
    });
    jest.spyOn(store, 'purgeExpired').mockRejectedValue(new Error('redis down'));
    const app = hub(true, new ManualClock(), pino({ level: 'info' }, stream));
    await app.ready();
    const line = await logged;
    expect(line.level).toBe(50);
    expect((line.err as { message: string }).message).toBe('redis down');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
