import { Redis } from 'ioredis';
import { HOUR_MS, type RollupState } from '../../metrics/rollup-state';
import { T0 } from '../contract/fixtures';
import { RedisKeys } from '../redis/keys';
import { startPrivateRedis } from '../redis/private-redis';
import { randomPrefix, recordCommands, requireRedisUrl, scanKeys, type SentCommand } from '../redis/test-support';
import { grainStart } from './args';
import { RedisRollups } from './redis';

const url = requireRedisUrl();
const H = Math.floor(T0 / HOUR_MS) * HOUR_MS;
let admin: Redis;
let conn: Redis;
let prefix: string;
let keys: RedisKeys;
let sent: SentCommand[];

const state = (id: string, version: number, over: Partial<RollupState> = {}): RollupState => ({
  messageId: id,
  version,
  hour: H,
  dims: { campaign: 'spring', deviceId: 'd1', sim: 1, gateway: 'sms-gate' },
  metrics: { messages: 1, ...(version > 1 ? { sent: 1 } : {}) },
  keepUntil: null,
  ...over,
});

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(() => admin.quit());
beforeEach(() => {
  prefix = randomPrefix();
  keys = new RedisKeys(prefix);
  conn = new Redis(url);
  sent = [];
  recordCommands(conn, sent);
});
afterEach(async () => {
  await conn.quit();
  const left = await scanKeys(admin, prefix);
  if (left.length) await admin.del(...left);
});

describe('Redis roll-ups: the log', () => {
  it('builds bucket keys from the prefix and suffix the log carries', () => {
    expect(keys.rollupPrefix(H) + keys.rollupSuffix('day', H, 'c:{x}%')).toBe(keys.rollup('day', H, 'c:{x}%'));
  });

  it('appends records to the log and folds them when it fills, summing fields first', async () => {
    const r = new RedisRollups(conn, keys, 4);
    for (const id of ['a', 'b', 'c']) expect(await r.record(state(id, 1))).toBe(true);
    // Not folded yet: the buckets are untouched, the log holds the three differences.
    expect(await admin.llen(keys.rollupLog(H))).toBe(3);
    expect(await admin.hgetall(keys.rollup('hour', H, 'all'))).toEqual({});
    expect(await r.record(state('d', 1))).toBe(true);
    expect(await admin.llen(keys.rollupLog(H))).toBe(0);
    expect(await admin.hgetall(keys.rollup('hour', H, 'all'))).toEqual({ messages: '4' });
    expect(await admin.hgetall(keys.rollup('month', grainStart('month', H), 'c:spring'))).toEqual({ messages: '4' });
  });

  it('folds four records on the same buckets with one HMGET and one HSET per bucket, no HINCRBY', async () => {
    const own = await startPrivateRedis();
    let calls: Record<string, number>;
    try {
      const fold = async (round: number) => {
        const r = new RedisRollups(own.conn, new RedisKeys(`${prefix}${round}:`), 4);
        for (const id of ['a', 'b', 'c', 'd']) expect(await r.record(state(id, 1))).toBe(true);
      };
      await fold(0); // loads the scripts: the counted round is the steady state
      await own.reset();
      await fold(1);
      calls = await own.counts();
    } finally {
      own.stop();
    }
    // 27 buckets (9 selectors, 3 grains), folded once when the fourth record filled the log.
    expect(calls.hmget ?? 0).toBe(27);
    expect(calls.hset ?? 0).toBe(27 + 4); // and each message's state
    expect(calls.hincrby ?? 0).toBe(0);
  });

  it('folds the log before every read, so sums and series see every record', async () => {
    const r = new RedisRollups(conn, keys, 1000);
    await r.record(state('a', 1));
    await r.record(state('a', 2));
    expect(await admin.llen(keys.rollupLog(H))).toBe(2);
    expect(await r.sum('all', H, H + HOUR_MS)).toEqual({ messages: 1, sent: 1 });
    await r.record(state('b', 1));
    expect(await r.series('d:d1', H - HOUR_MS, H + HOUR_MS, 'hour')).toEqual([{}, { messages: 2, sent: 1 }]);
    expect(await admin.llen(keys.rollupLog(H))).toBe(0);
  });

  it('drops fields that fold to zero', async () => {
    const r = new RedisRollups(conn, keys, 1000);
    await r.record(state('a', 2));
    await r.record(state('a', 3, { metrics: { messages: 1 } }));
    expect(await r.sum('all', H, H + HOUR_MS)).toEqual({ messages: 1 });
    expect(await admin.hkeys(keys.rollup('hour', H, 'all'))).toEqual(['messages']);
  });

  it('records in one call when it recorded the message before, else retries from the stored state', async () => {
    const r = new RedisRollups(conn, keys, 1000);
    await r.record(state('a', 1));
    sent.length = 0;
    expect(await r.record(state('a', 2))).toBe(true);
    expect(sent.map((c) => c.name)).toEqual(['evalsha']);
    // Another hub (no memory of 'a') records a newer state: its guess (none) is refused and the stored state
    // answered, so the difference it applies is from version 2, and nothing is counted twice.
    const other = new RedisRollups(conn, keys, 1000);
    expect(await other.record(state('a', 3, { metrics: { messages: 1, sent: 1, delivered: 1 } }))).toBe(true);
    // This hub's memory is now stale (version 2): its next record is refused once and retried as well.
    expect(await r.record(state('a', 4, { metrics: { messages: 1, failed: 1 } }))).toBe(true);
    expect(await r.record(state('a', 3))).toBe(false);
    expect(await other.record(state('a', 4, { metrics: { messages: 1, failed: 1 } }))).toBe(false);
    expect(await r.sum('all', H, H + HOUR_MS)).toEqual({ messages: 1, failed: 1 });
  });

  it('sends the records of one event-loop turn as one call per month, each checked on its own', async () => {
    const r = new RedisRollups(conn, keys, 1000);
    const other = H - 40 * 86400_000; // another month
    await r.record(state('a', 1));
    sent.length = 0;
    const results = await Promise.all([
      r.record(state('a', 2)),
      r.record(state('a', 2)), // the same state twice in one call: the second finds the first applied
      r.record(state('b', 1)),
      r.record(state('c', 1, { hour: H + HOUR_MS })),
      r.record(state('d', 1, { hour: other })),
    ]);
    expect(results).toEqual([true, false, true, true, true]);
    // One call for this month (a, a, b, c), one for the other (d), one retry for the second 'a' (refused, then seen
    // to be no newer than the stored state without another call).
    expect(sent.filter((c) => c.name === 'evalsha')).toHaveLength(2);
    expect(await r.sum('all', H, H + 2 * HOUR_MS)).toEqual({ messages: 3, sent: 1 });
    expect(await r.sum('all', other, other + HOUR_MS)).toEqual({ messages: 1 });
  });

  it('sets the states hash expiry on a message first record and when its keep-until grows', async () => {
    const r = new RedisRollups(conn, keys, 1000);
    await r.record(state('a', 1, { keepUntil: T0 + 10 * HOUR_MS }));
    expect(await admin.pexpiretime(keys.rollupStates(H))).toBe(T0 + 10 * HOUR_MS);
    await r.record(state('a', 2, { keepUntil: T0 + 10 * HOUR_MS }));
    expect(await admin.pexpiretime(keys.rollupStates(H))).toBe(T0 + 10 * HOUR_MS);
    await r.record(state('b', 1, { keepUntil: T0 + 5 * HOUR_MS }));
    expect(await admin.pexpiretime(keys.rollupStates(H))).toBe(T0 + 10 * HOUR_MS);
    await r.record(state('b', 2, { keepUntil: T0 + 20 * HOUR_MS }));
    expect(await admin.pexpiretime(keys.rollupStates(H))).toBe(T0 + 20 * HOUR_MS);
    await r.record(state('c', 1));
    expect(await admin.pexpiretime(keys.rollupStates(H))).toBe(-1);
  });
});
