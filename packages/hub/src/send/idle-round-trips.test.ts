import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisStore, type Store } from '@smsfleet/core';
import { startFleet, type Fleet } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim, ManualClock, SIM_PHONES, testConfig } from '../testing';
import type { HubApp } from '../types';

/** Dispatcher, tracker, sweeper and webhook worker. */
const LOOPS = 4;
const WINDOW_S = 120;

/**
 * An idle hub on Redis makes at most one round trip a second: its workers wait for wake-ups instead of polling. Counted
 * on the store's connection over a fixed stretch of simulated time (the clock jumps from one sleep's end to the next,
 * each time after every loop went back to sleep), so the figure does not depend on how fast the machine is.
 */
describe('an idle hub on Redis', () => {
  let redis: Redis;
  let store: Store;
  let fleet: Fleet;
  let app: HubApp;
  let trips = 0;
  const clock = new ManualClock();
  /** Every loop sleeps again (checked often: the test takes hundreds of steps without wake-ups). */
  const allAsleep = async () => {
    const giveUp = Date.now() + 30_000;
    while (clock.sleepCount < LOOPS) {
      if (Date.now() > giveUp) throw new Error('timed out waiting for every loop to sleep');
      await new Promise((r) => setTimeout(r, 2));
    }
  };

  beforeAll(async () => {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error('REDIS_URL is not set');
    redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((...a: Parameters<Redis['sendCommand']>) => {
      trips++;
      return send(...a);
    }) as Redis['sendCommand'];
    store = createRedisStore({ redis, prefix: `test:idle:${randomBytes(6).toString('hex')}:` });
    // Phones with no webhooks registered: nothing reaches the hub but its own loops.
    fleet = await startFleet({ seed: 5, phones: SIM_PHONES });
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
    // The webhook worker's default 1 s poll (the tests' config polls every 50 ms).
    const config = testConfig({ SMSFLEET_WEBHOOK_POLL: '1s' });
    app = buildApp({ config, store, fleet: registry, clock, processMetrics: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await fleet.close();
    await store.close();
    redis.disconnect();
  });

  /** Move the clock to `end`, one sleeper's deadline at a time, letting every loop run and sleep again in between. */
  async function runUntil(end: number): Promise<void> {
    for (;;) {
      await allAsleep();
      const next = clock.nextWakeAt();
      if (next === undefined || next > end) break;
      clock.set(next);
    }
    clock.set(end);
    await allAsleep();
  }

  it(`makes at most one Redis round trip per simulated second over ${WINDOW_S} s`, async () => {
    await runUntil(clock.now() + 5_000); // start-up: first rounds, the wake-up subscriptions
    const before = trips;
    await runUntil(clock.now() + WINDOW_S * 1000);
    const perSecond = (trips - before) / WINDOW_S;
    expect(perSecond).toBeLessThanOrEqual(1);
  });
});
