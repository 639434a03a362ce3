import { Cluster, Redis } from 'ioredis';
import { subscription } from '../contract/fixtures';
import type { Store } from '../port';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix, recordCommands, requireRedisUrl, type SentCommand } from '../redis/test-support';
import { testClusterNodes } from '../../testing';

const url = requireRedisUrl();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Set when a test ends, so a wait of a test that timed out stops too. */
let ended = false;

/** Two hubs on one store: `a` with the default cache, `b` caching for an hour, so only a signal can refresh it. */
function twoHubs(connect: () => Redis | Cluster) {
  const prefix = randomPrefix();
  const conns = [connect(), connect()];
  const sent: SentCommand[] = [];
  if (conns[1] instanceof Redis) recordCommands(conns[1], sent);
  const a = createRedisStore({ redis: conns[0]!, prefix, partitions: 1 });
  const b = createRedisStore({ redis: conns[1]!, prefix, partitions: 1, subscriptionCacheMs: 3_600_000 });
  return { a, b, sent, conns };
}

/** Call `b`'s snapshot until `check` holds of it (each call is an event; jest's timeout is the net). */
async function until(b: Store, check: (ids: string[]) => boolean): Promise<string[]> {
  while (!ended) {
    const ids = (await b.subscriptions.snapshot()).map((s) => s.id);
    if (check(ids)) return ids;
    await sleep(5);
  }
  throw new Error('the test ended');
}

const topologies: [string, () => Redis | Cluster][] = [['single node', () => new Redis(url)]];
if (process.env.REDIS_TEST_CLUSTER_NODES) {
  topologies.push(['3-master Cluster', () => new Cluster(testClusterNodes())]);
}

describe.each(topologies)('Redis subscription snapshots across hubs (%s)', (_label, connect) => {
  let hubs: ReturnType<typeof twoHubs>;
  // A hub that never hears the signals would keep its hour-long cache and time out here.
  beforeEach(() => {
    ended = false;
    hubs = twoHubs(connect);
  });
  afterEach(async () => {
    ended = true;
    for (const id of (await hubs.a.subscriptions.list()).map((s) => s.id)) await hubs.a.subscriptions.delete(id);
    await hubs.a.close();
    await hubs.b.close();
    for (const c of hubs.conns) c.disconnect();
  });

  it("serves a hub's snapshot without a round trip, and brings in another hub's writes by their signal", async () => {
    const { a, b, sent } = hubs;
    await a.subscriptions.create(subscription('sub_a'));
    // Once b's change signals are in place its read is kept: then snapshots send nothing (counted on a single node).
    const reads = () => sent.filter((c) => c.name === 'hvals').length;
    await until(b, (ids) => ids.includes('sub_a'));
    for (let n = -1; n !== reads(); ) {
      n = reads();
      await b.subscriptions.snapshot();
    }
    const n = reads();
    for (let i = 0; i < 20; i++) expect((await b.subscriptions.snapshot()).map((s) => s.id)).toEqual(['sub_a']);
    expect(reads()).toBe(n);
    await a.subscriptions.create(subscription('sub_b'));
    expect(await until(b, (ids) => ids.includes('sub_b'))).toEqual(['sub_a', 'sub_b']);
    await a.subscriptions.update('sub_a', (s) => ({ ...s, disabledAt: new Date().toISOString(), disabledReason: 'x' }));
    while (!ended) {
      if ((await b.subscriptions.snapshot()).find((x) => x.id === 'sub_a')?.disabledAt) break;
      await sleep(5);
    }
    await a.subscriptions.delete('sub_b');
    expect(await until(b, (ids) => !ids.includes('sub_b'))).toEqual(['sub_a']);
  });
});
