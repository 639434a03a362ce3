import { Redis } from 'ioredis';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix, recordCommands, requireRedisUrl, type SentCommand } from '../redis/test-support';
import type { Store } from '../port';

const url = requireRedisUrl();
const T = 1_800_000_000_000;
let conn: Redis;
let store: Store;
let other: Store;
let sent: SentCommand[];

beforeEach(async () => {
  const prefix = randomPrefix();
  conn = new Redis(url);
  sent = [];
  recordCommands(conn, sent);
  store = createRedisStore({ redis: conn, prefix });
  other = createRedisStore({ url, prefix });
  await store.queue.size('warm-up'); // the layout check, once
  sent.length = 0;
});
afterEach(async () => {
  await store.close();
  await other.close();
  conn.disconnect();
});

const job = (id: string, dueAt: number) => ({ id, dueAt, payload: { id } });

describe('Redis queue: the next due time from the last claim', () => {
  it('answers nextDueAt right after a claim without a round trip, once', async () => {
    await store.queue.enqueue('q', job('a', T));
    await store.queue.enqueue('q', job('b', T + 5_000));
    expect((await store.queue.claim('q', T, 1, 60_000)).map((j) => j.id)).toEqual(['a']);
    sent.length = 0;
    expect(await store.queue.nextDueAt('q')).toBe(T + 5_000);
    expect(sent).toEqual([]);
    expect(await store.queue.nextDueAt('q')).toBe(T + 5_000); // asked again: from Redis
    expect(sent.length).toBe(1);
  });

  it("lowers the answer for this store's writes after the claim, and for writes racing it", async () => {
    await store.queue.enqueue('q', job('b', T + 5_000));
    await store.queue.claim('q', T, 10, 60_000);
    await store.queue.enqueue('q', job('c', T + 1_000));
    expect(await store.queue.nextDueAt('q')).toBe(T + 1_000);
    // An enqueue sent while a claim is in flight may land after the claim's script: it still counts.
    const claim = store.queue.claim('q', T, 10, 60_000);
    await store.queue.enqueue('q', job('d', T + 500));
    await claim;
    expect(await store.queue.nextDueAt('q')).toBe(T + 500);
    await store.queue.claim('q', T, 10, 60_000);
    await store.queue.reschedule('q', 'd', T + 200);
    expect(await store.queue.nextDueAt('q')).toBe(T + 200);
  });

  it('says nothing is due when the claim emptied the queue', async () => {
    await other.queue.enqueue('q', job('a', T));
    await store.queue.claim('q', T, 10, 60_000);
    await store.queue.ack('q', 'a');
    expect(await store.queue.nextDueAt('q')).toBe(T + 60_000); // the claim saw its own lease: early is allowed
    await store.queue.claim('q', T + 1, 10, 60_000);
    expect(await store.queue.nextDueAt('q')).toBeUndefined();
  });
});
