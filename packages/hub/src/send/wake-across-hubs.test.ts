import type { Message, Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { FleetRegistry } from '../fleet';
import { ManualClock, storeCases, testConfig } from '../testing';
import { rig, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import type { HubApp } from '../types';

/** The loops of a hub with a fleet: dispatcher, tracker, sweeper, webhook worker. */
const LOOPS = 4;

/**
 * Two hubs on one store, one clock that moves only when the test moves it: hub A runs the workers, hub B only takes
 * API calls. Nothing in A polls on its own (the clock stands still), so A acts only because B's enqueue woke it.
 */
describe.each(storeCases().map((s) => [s.name, s] as const))('wake-ups across hubs (%s store)', (_name, sc) => {
  let r: Rig;
  let b: HubApp;
  let storeB: Store;
  const clock = new ManualClock(); // real time at the start: Redis expires records by its own clock
  const status = async (id: string) => (await r.store.messages.get(id))?.status;
  const allAsleep = () => until('every loop of hub A to sleep', () => clock.sleepCount >= LOOPS, 30_000);

  beforeAll(async () => {
    const [storeA, second] = await sc.createShared(2);
    storeB = second!;
    r = await rig(storeA!, {}, { clock, workerIdleMs: 1_000 });
    b = buildApp({
      config: testConfig(),
      store: storeB,
      clock,
      runWorkers: false,
      processMetrics: false,
      fleet: await FleetRegistry.create(r.app.pipeline.fleet.config, storeB),
    });
    await b.ready();
  });
  afterAll(async () => {
    await b.close();
    await r.close();
    await storeB.close();
  });

  const send = async (body: object): Promise<Message> => {
    const res = await b.inject({ method: 'POST', url: '/v1/messages', headers: r.auth, payload: body });
    expect(res.statusCode).toBe(202);
    return res.json<Message>();
  };

  it("hands over a text sent through hub B from hub A's idle dispatcher, the clock standing still", async () => {
    await allAsleep();
    const t = clock.now();
    const m = await send({ to: '+14155550123', body: 'Woken across hubs' });
    const handedOver = async () => !['queued', 'scheduled'].includes((await status(m.id)) ?? 'queued');
    await until('hub A to hand it over', handedOver, 30_000);
    expect(clock.now()).toBe(t);
  });

  it('starts a text scheduled through hub B at its due time on hub A, not at the next safety poll', async () => {
    await allAsleep();
    const dueAt = clock.now() + 60_000;
    const m = await send({ to: '+14155550124', body: 'Due in a minute', sendAt: new Date(dueAt).toISOString() });
    expect(m.status).toBe('scheduled');
    // A's dispatcher heard of it and now sleeps until its due time (its safety poll would end 30 s or more later).
    await until('hub A to plan a wake-up at the due time', () => (clock.nextWakeAt() ?? Infinity) <= dueAt, 30_000);
    clock.set(dueAt - 1);
    await allAsleep();
    expect(await status(m.id)).toBe('scheduled');
    clock.set(dueAt);
    await until('hub A to hand it over', async () => !['queued', 'scheduled'].includes((await status(m.id))!), 30_000);
  });
});
