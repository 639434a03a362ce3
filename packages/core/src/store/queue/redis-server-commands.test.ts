import { Redis } from 'ioredis';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix, requireRedisUrl } from '../redis/test-support';
import type { Store } from '../port';

const url = requireRedisUrl();
const T = 1_800_000_000_000;
let store: Store;
let base: Redis;
let monitor: Redis;
let prefix: string;
/** The commands the server ran on this test's keys, inside scripts too (MONITOR shows both), by name. */
let ran: string[];

beforeEach(async () => {
  prefix = randomPrefix();
  store = createRedisStore({ url, prefix, partitions: 1 });
  await store.queue.size('warm-up'); // the layout check, once
  ran = [];
  base = new Redis(url);
  monitor = await base.monitor(); // a connection of its own
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.length > 1 && String(args[1]).startsWith(prefix)) ran.push(String(args[0]).toLowerCase());
  });
});
afterEach(async () => {
  monitor.disconnect();
  base.disconnect();
  await store.close();
});

/** Wait until MONITOR has shown a PING sent after the calls under test (it reports in order). */
async function settled(): Promise<string[]> {
  const mark = `${prefix}mark`;
  const seen = new Promise<void>((done) =>
    monitor.on('monitor', (_t: string, args: string[]) => args[1] === mark && done()),
  );
  const r = new Redis(url);
  await r.exists(mark);
  await seen;
  r.disconnect();
  return ran.filter((c) => c !== 'exists' && c !== 'publish'); // the mark, and the enqueue's wake-up (a hint)
}

describe('Redis queue: server commands per job', () => {
  it('runs a job life (enqueue, claim, ack) in 19 server commands', async () => {
    await store.queue.enqueue('q', { id: 'a', dueAt: T, payload: 1 });
    expect((await store.queue.claim('q', T, 5, 60_000)).map((j) => j.id)).toEqual(['a']);
    await store.queue.ack('q', 'a');
    // enqueue: meta, delayed, payload; claim: 2 looks for due jobs, the promotion (remove, meta, ready), the lease
    // (ready, remove, payloads, leased, meta), 3 looks for the next due time; ack: meta, payload, leased
    expect(await settled()).toHaveLength(3 + 13 + 3);
    expect(await store.queue.size('q')).toBe(0);
  });
});
