import { Redis } from 'ioredis';
import { RedisKeys } from '../redis/keys';
import { createRedisStore } from '../redis/redis-store';
import { QUEUE_SCRIPTS } from '../redis/scripts';
import {
  hashTag,
  randomPrefix,
  recordCommands,
  requireRedisUrl,
  scanKeys,
  type SentCommand,
} from '../redis/test-support';
import type { Store } from '../port';
import { BOARD_HORIZON_MS, BOARD_STALL_MS, runBeforeNextSettle } from './redis-board';
import { partitionKeys } from './redis-partition';

const url = requireRedisUrl();
const T = 1_800_000_000_000;
let admin: Redis;
let conn: Redis;
let prefix: string;
let keys: RedisKeys;
let store: Store;
let sent: SentCommand[];

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(() => admin.quit());
beforeEach(async () => {
  prefix = randomPrefix();
  keys = new RedisKeys(prefix, 16);
  conn = new Redis(url);
  sent = [];
  recordCommands(conn, sent);
  store = createRedisStore({ redis: conn, prefix, partitions: 16 });
  await store.queue.size('warm-up'); // the layout check, once
  sent.length = 0;
});
afterEach(async () => {
  await conn.quit();
  const left = await scanKeys(admin, prefix);
  if (left.length) await admin.del(...left);
});

/** The queue's own commands: the wake-up PUBLISH of an earlier enqueue (a hint, queue/wakes.ts) may land among them. */
function queueCalls(): SentCommand[] {
  return sent.filter((c) => c.name !== 'publish');
}

/** The first ids `job-<n>` that fall in partition `p`. */
function idsIn(p: number, count: number): string[] {
  const out: string[] = [];
  for (let n = 0; out.length < count; n++) if (keys.partitionOf(`job-${n}`) === p) out.push(`job-${n}`);
  return out;
}

describe('Redis queue partitions', () => {
  it('spreads one queue over its partitions, each a tag of its own, by a stable hash of the job id', async () => {
    for (let i = 0; i < 200; i++) await store.queue.enqueue('send', { id: `job-${i}`, dueAt: T, payload: i });
    const tags = new Set((await scanKeys(admin, prefix)).map(hashTag).filter((t) => t?.startsWith('qp:')));
    expect(tags.size).toBe(16);
    expect(keys.partitionOf('job-7')).toBe(new RedisKeys('other:', 16).partitionOf('job-7')); // not per prefix or hub
    expect(await admin.hexists(keys.queue('send', keys.partitionOf('job-7')).meta, 'job-7')).toBe(1);
    expect(await store.queue.size('send')).toBe(200);
    const claimed = await Promise.all(Array.from({ length: 10 }, () => store.queue.claim('send', T, 20, 60_000)));
    expect(new Set(claimed.flat().map((j) => j.id)).size).toBe(200);
  });

  it('answers an idle claim with one round trip, and nextDueAt after it with none, on any partitions', async () => {
    for (const p of [0, 5, 11]) await store.queue.enqueue('send', { id: idsIn(p, 1)[0]!, dueAt: T + 1000, payload: 0 });
    sent.length = 0;
    expect(await store.queue.claim('send', T, 20, 60_000)).toEqual([]);
    expect(queueCalls()).toHaveLength(1);
    sent.length = 0;
    expect(await store.queue.nextDueAt('send')).toBe(T + 1000); // from the claim's look at the board
    expect(queueCalls()).toHaveLength(0);
    expect(await store.queue.nextDueAt('send')).toBe(T + 1000); // asked again: the board's head
    expect(queueCalls()).toHaveLength(1);
    sent.length = 0;
    // Busy: the board, one script per partition with due work, the board again.
    expect(await store.queue.claim('send', T + 1000, 20, 60_000)).toHaveLength(3);
    expect(queueCalls()).toHaveLength(5);
    sent.length = 0;
    expect(await store.queue.nextDueAt('send')).toBe(T + 61_000); // the leases' end, from the claim's settle
    expect(queueCalls()).toHaveLength(0);
  });

  it('leaves an empty or later partition off the due board until its due time, not a horizon', async () => {
    const [id] = idsIn(5, 1);
    await store.queue.enqueue('send', { id: id!, dueAt: T + 5 * BOARD_HORIZON_MS, payload: 0 });
    await admin.del(keys.queueBoard('send')); // lost: the claim looks at every partition and writes it afresh
    expect(await store.queue.claim('send', T, 20, 60_000)).toEqual([]);
    expect(await admin.zscore(keys.queueBoard('send'), '5')).toBe(String(T + 5 * BOARD_HORIZON_MS));
    expect(await admin.zscore(keys.queueBoard('send'), '6')).toBe('inf'); // empty: nothing wakes for it
    expect(await store.queue.nextDueAt('send')).toBe(T + 5 * BOARD_HORIZON_MS);
    sent.length = 0;
    expect(await store.queue.claim('send', T + BOARD_HORIZON_MS, 20, 60_000)).toEqual([]);
    expect(queueCalls()).toHaveLength(1); // nothing due on the board: no partition visited
    expect((await store.queue.claim('send', T + 5 * BOARD_HORIZON_MS, 20, 60_000)).map((j) => j.id)).toEqual([id]);
  });

  it('takes the best due job of every partition when the limit covers the partitions', async () => {
    for (let p = 0; p < 16; p++)
      for (const [i, id] of idsIn(p, 3).entries())
        await store.queue.enqueue('send', { id, dueAt: T + i, priority: 0, payload: 0 });
    const urgent = idsIn(9, 4)[3]!;
    await store.queue.enqueue('send', { id: urgent, dueAt: T + 50, priority: 10, payload: 0 });
    const batch = await store.queue.claim('send', T + 100, 20, 60_000);
    expect(batch).toHaveLength(20);
    expect(batch[0]!.id).toBe(urgent); // due last, ranked first: its partition hands it out first
    expect(new Set(batch.map((j) => keys.partitionOf(j.id))).size).toBe(16);
    expect(batch.slice(1).map((j) => j.priority)).toEqual(Array(19).fill(0));
  });

  /** Announce a write to partition 3 of `send`, due at `at`, as an enqueue does before its partition write. */
  const announce = (at: number) =>
    QUEUE_SCRIPTS.announceDue.run(admin, [keys.queueBoard('send'), keys.queueBoardWrites('send')], [60_000, 3, at]);

  it('claims a job whose enqueue raced a claim of its partition at its due time', async () => {
    const [id] = idsIn(3, 1);
    // Forced interleaving: the enqueue announces itself (the board is lowered), a claim reads the board and finds the
    // partition still empty, the enqueue's partition write lands, and only then does the claim settle the board.
    await store.queue.enqueue('send', { id: idsIn(4, 1)[0]!, dueAt: T + 60_000, payload: 0 }); // the board exists
    await announce(T);
    runBeforeNextSettle(async () => {
      await QUEUE_SCRIPTS.enqueue.run(admin, partitionKeys(keys, 'send', 3), [id!, 0, T, '"late"', '1']);
    });
    expect(await store.queue.claim('send', T, 5, 60_000)).toEqual([]);
    expect(await admin.zscore(keys.queueBoard('send'), '3')).toBe(String(T)); // not put off by a horizon
    expect(await store.queue.nextDueAt('send')).toBe(T);
    expect((await store.queue.claim('send', T, 5, 60_000)).map((j) => j.id)).toEqual([id]);
    // Settled: the partition's entry goes up again once its claim has seen every write announced to it.
    expect(await admin.zscore(keys.queueBoard('send'), '3')).toBe(String(T + 60_000)); // its lease's end
  });

  it('gives up a write announced and never made after BOARD_STALL_MS, and keeps counting after it', async () => {
    await store.queue.enqueue('send', { id: idsIn(4, 1)[0]!, dueAt: T + 60_000, payload: 0 });
    await announce(T); // its writer dies here
    expect(await store.queue.claim('send', T, 5, 60_000)).toEqual([]);
    expect(await store.queue.claim('send', T + BOARD_STALL_MS - 1, 5, 60_000)).toEqual([]);
    expect(await admin.zscore(keys.queueBoard('send'), '3')).toBe(String(T)); // looked at by every claim meanwhile
    expect(await store.queue.claim('send', T + BOARD_STALL_MS, 5, 60_000)).toEqual([]);
    expect(await admin.zscore(keys.queueBoard('send'), '3')).toBe(String(T + BOARD_STALL_MS + BOARD_HORIZON_MS));
    const [id] = idsIn(3, 1);
    await store.queue.enqueue('send', { id: id!, dueAt: T + BOARD_STALL_MS, payload: 0 });
    expect((await store.queue.claim('send', T + BOARD_STALL_MS, 5, 60_000)).map((j) => j.id)).toEqual([id]);
    expect(await admin.hget(keys.queueBoardWrites('send'), '3')).toBe('1');
    expect(await admin.hget(keys.queue('send', 3).payload, '')).toBe('1');
  });

  it('finds every job again when its due board is gone, and writes the board back', async () => {
    const ids = [idsIn(2, 1)[0]!, idsIn(13, 1)[0]!];
    for (const id of ids) await store.queue.enqueue('send', { id, dueAt: T, payload: 0 });
    await admin.del(keys.queueBoard('send'));
    expect(await store.queue.nextDueAt('send')).toBe(T);
    await admin.del(keys.queueBoard('send'));
    expect(
      (await store.queue.claim('send', T, 1, 60_000)).concat(await store.queue.claim('send', T, 1, 60_000)).length,
    ).toBe(2);
    expect(await admin.zcard(keys.queueBoard('send'))).toBe(16);
    expect(await admin.pttl(keys.queueBoard('send'))).toBeGreaterThan(0);
  });

  it('claims from a queue that never had a write with one round trip, visiting no partition', async () => {
    expect(await store.queue.claim('parked:x:1', T, 10, 60_000)).toEqual([]);
    expect(queueCalls()).toHaveLength(1);
    expect(await scanKeys(admin, prefix)).not.toContain(keys.queueBoard('parked:x:1')); // nothing written
    // Once written, its board leads the claim as for any queue, and its expiry still makes the claim visit every
    // partition (the count of announced writes outlives it).
    const [id] = idsIn(7, 1);
    await store.queue.enqueue('parked:x:1', { id: id!, dueAt: T, payload: 0 });
    await admin.del(keys.queueBoard('parked:x:1'));
    sent.length = 0;
    expect((await store.queue.claim('parked:x:1', T, 10, 60_000)).map((j) => j.id)).toEqual([id]);
    expect(queueCalls().length).toBeGreaterThan(16);
  });

  it('keeps the original single-tag keys and one round trip per call with partitions: 1', async () => {
    const one = createRedisStore({ redis: conn, prefix: `${prefix}one:`, partitions: 1 });
    await one.queue.size('send');
    sent.length = 0;
    await one.queue.enqueue('send', { id: 'a', dueAt: T, payload: 0 });
    expect((await one.queue.claim('send', T, 5, 1000)).map((j) => j.id)).toEqual(['a']);
    expect(await one.queue.claim('send', T, 5, 1000)).toEqual([]);
    expect(queueCalls().map((c) => hashTag(c.keys[0]!))).toEqual(['q:send', 'q:send', 'q:send']);
  });
});
