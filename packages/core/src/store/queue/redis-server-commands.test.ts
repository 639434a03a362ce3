import { startPrivateRedis, callList, type PrivateRedis } from '../redis/private-redis';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix } from '../redis/test-support';
import type { Store } from '../port';

const T = 1_800_000_000_000;
let redis: PrivateRedis;
let store: Store;

// A private server: its command counts are this test's alone.
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(() => redis.stop());
beforeEach(async () => {
  store = createRedisStore({ url: redis.url, prefix: randomPrefix(), partitions: 1 });
  await store.queue.size('warm-up'); // the layout check, once
});
afterEach(() => store.close());

describe('Redis queue: server commands per job', () => {
  it('runs a job life (enqueue, claim, ack) in 19 server commands', async () => {
    // A first life loads the scripts; the counted one is the steady state.
    await store.queue.enqueue('w', { id: 'a', dueAt: T, payload: 1 });
    await store.queue.claim('w', T, 5, 60_000);
    await store.queue.ack('w', 'a');
    await redis.reset();
    await store.queue.enqueue('q', { id: 'a', dueAt: T, payload: 1 });
    expect((await store.queue.claim('q', T, 5, 60_000)).map((j) => j.id)).toEqual(['a']);
    await store.queue.ack('q', 'a');
    // enqueue: meta, delayed, payload; claim: 2 looks for due jobs, the promotion (remove, meta, ready), the lease
    // (ready, remove, payloads, leased, meta), 3 looks for the next due time; ack: meta, payload, leased
    // (left out: the scripts' calls themselves, the enqueue's wake-up PUBLISH, a hint, and the SUBSCRIBE to the other
    // hubs' notices that a first PUBLISH reaching nobody sets up, whenever it lands)
    expect(callList(await redis.counts(), ['evalsha', 'eval', 'publish', 'subscribe'])).toHaveLength(3 + 13 + 3);
    expect(await store.queue.size('q')).toBe(0);
  });
});
