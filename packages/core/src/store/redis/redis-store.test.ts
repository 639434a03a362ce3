import { Redis } from 'ioredis';
import { describeStoreContract, type StoreFactory } from '../testing';
import { event, message } from '../contract/fixtures';
import type { Store } from '../port';
import { runBeforeNextSettle } from '../queue/redis-board';
import { createRedisStore } from './redis-store';
import { SINGLE_NODE_SCRIPTS } from './scripts';
import { hashTag, randomPrefix, recordCommands, requireRedisUrl, scanKeys, type SentCommand } from './test-support';

const url = requireRedisUrl();
const admin = new Redis(url);
const sent: SentCommand[] = [];
const leftKeys: string[] = [];
const prefixes: string[] = [];

afterAll(() => admin.quit());

/**
 * A contract factory on its own connection and key prefix. `layout` records what it sends and leaves behind, for
 * the key-layout checks below.
 */
function onConnection(connect: () => Redis, layout: boolean): StoreFactory {
  return async (opts) => {
    const prefix = randomPrefix();
    const conn = connect();
    if (layout) {
      prefixes.push(prefix);
      recordCommands(conn, sent);
    }
    const store = createRedisStore({ redis: conn, prefix, partitions: 16, ...opts });
    return {
      store,
      duringNextClaim: runBeforeNextSettle,
      async cleanup() {
        await store.close();
        await conn.quit();
        const keys = await scanKeys(admin, prefix);
        if (layout) leftKeys.push(...keys);
        if (keys.length) await admin.del(...keys);
      },
    };
  };
}

describeStoreContract(
  'redis',
  onConnection(() => new Redis(url), true),
);
// The same contract on the connection createRedisStore makes for itself: ioredis's auto-pipelining on, so the
// commands of concurrent calls share writes (what `smsfleet serve --redis` runs with).
describeStoreContract(
  'redis (auto-pipelining)',
  onConnection(() => new Redis(url, { enableAutoPipelining: true }), false),
);

describe('Redis store: key layout', () => {
  it('sends every key with a known prefix and a hash tag, and one tag per command (Cluster-safe)', () => {
    // Scripts across tags run only on a single node (their callers send the steps apart on Cluster).
    const keyed = sent.filter((c) => c.keys.length > 0 && !(c.sha && SINGLE_NODE_SCRIPTS.has(c.sha)));
    expect(keyed.length).toBeGreaterThan(1000);
    const bad = keyed.filter(
      (c) =>
        c.keys.some((k) => !prefixes.some((p) => k.startsWith(p)) || hashTag(k) === undefined) ||
        new Set(c.keys.map(hashTag)).size !== 1,
    );
    expect(bad).toEqual([]);
  });

  it('keeps every MULTI block inside one hash tag (a transaction across slots fails on Cluster)', () => {
    const blocks: string[][] = [];
    let open: string[] | undefined;
    for (const c of sent) {
      if (c.name === 'multi') open = [];
      else if (c.name === 'exec') {
        if (open) blocks.push(open);
        open = undefined;
      } else if (open) open.push(...c.keys);
    }
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.filter((keys) => new Set(keys.map(hashTag)).size > 1)).toEqual([]);
  });

  it('leaves only prefixed, hash-tagged keys behind, from every family of the layout', () => {
    expect(leftKeys.filter((k) => hashTag(k) === undefined)).toEqual([]);
    const families = new Set(leftKeys.map((k) => hashTag(k)!.replace(/:.*$/, '')));
    expect([...families].sort()).toEqual([
      'ak',
      'b',
      'bd',
      'cn',
      'co',
      'ct',
      'cv',
      'dd',
      'dl',
      'dv',
      'gl',
      'i',
      'ii',
      'ik',
      'lh',
      'li',
      'lk',
      'lm',
      'm',
      'md',
      'mi',
      'mo',
      'q',
      'qp',
      'ru',
      'rw',
      'sb',
      'tp',
    ]);
  });
});

describe('Redis store: two hubs on one Redis', () => {
  let prefix: string;
  let conns: Redis[];
  let hubs: Store[];
  beforeEach(() => {
    prefix = randomPrefix();
    // as createRedisStore connects
    conns = [new Redis(url, { enableAutoPipelining: true }), new Redis(url, { enableAutoPipelining: true })];
    hubs = conns.map((redis) => createRedisStore({ redis, prefix }));
  });
  afterEach(async () => {
    await Promise.all(conns.map((c) => c.quit()));
    const keys = await scanKeys(admin, prefix);
    if (keys.length) await admin.del(...keys);
  });
  const hub = (i: number) => hubs[i % 2]!;

  it('loses no update when both hubs update one message', async () => {
    const m = message();
    await hub(0).messages.create(m, [event(m, 'queued')]);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        hub(i).messages.update(m.id, (c) => ({
          message: { ...c, attempts: c.attempts + 1 },
          events: [event(c, 'pending', i)],
        })),
      ),
    );
    expect(await hub(1).messages.get(m.id)).toMatchObject({ attempts: 40, version: 40 });
    expect(await hub(0).messages.events(m.id)).toHaveLength(41);
  });

  it('never hands one job to both hubs', async () => {
    for (let i = 0; i < 60; i++)
      await hub(i).queue.enqueue('sends', { id: `j${i}`, dueAt: 1000 + i, priority: i % 5, payload: i });
    const batches = await Promise.all(
      Array.from({ length: 12 }, (_, i) => hub(i).queue.claim('sends', 5000, 6, 60_000)),
    );
    const ids = batches.flat().map((j) => j.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('never over-reserves a budget shared by both hubs', async () => {
    const limits = [
      { max: 30, windowMs: 60_000 },
      { max: 100, windowMs: 3_600_000 },
    ];
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => hub(i).budgets.reserve('dev_a:1', 1 + (i % 2), limits, 10_000 + i)),
    );
    const reserved = results.reduce((s, r, i) => s + (r.ok ? 1 + (i % 2) : 0), 0);
    expect(reserved).toBe(30); // every 1-segment request that came after 29 would have fit
    expect(await hub(1).budgets.used('dev_a:1', 60_000, 10_080)).toBe(reserved);
  });

  it('makes one message when both hubs create with one idempotency key', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => hub(i).messages.create(message(i), [], { idempotencyKey: 'order-1' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect((await hub(1).messages.list({})).items).toHaveLength(1);
  });
});
