import { Cluster, type Redis } from 'ioredis';
import type { RedisNodeAddress } from '../store/redis/connect';

/** The variable `npm test` sets to the nodes of the Redis Cluster it starts (scripts/redis-cluster.cjs). */
export const TEST_CLUSTER_VAR = 'REDIS_TEST_CLUSTER_NODES';

/**
 * The test Cluster's nodes from `REDIS_TEST_CLUSTER_NODES` (`host:port,…`), or a loud failure: the Cluster half of
 * the tests never skips silently.
 */
export function testClusterNodes(): RedisNodeAddress[] {
  const v = process.env[TEST_CLUSTER_VAR];
  if (!v) {
    throw new Error(
      `${TEST_CLUSTER_VAR} is not set: run the tests with \`npm test\`, which starts a 3-master Redis Cluster, or ` +
        'start one with `node scripts/redis-cluster.cjs` and export the nodes it prints.',
    );
  }
  return v.split(',').map((a) => {
    const i = a.lastIndexOf(':');
    return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
  });
}

/** A connection to the test Cluster (as the hub makes it: auto-pipelining on). */
export function connectTestCluster(opts: { autoPipelining?: boolean } = {}): Cluster {
  return new Cluster(testClusterNodes(), {
    enableAutoPipelining: opts.autoPipelining ?? true,
    redisOptions: { maxRetriesPerRequest: 3 },
  });
}

/** The masters of a connected Cluster (each holds part of the slots). */
export async function clusterMasters(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== 'ready') await new Promise<void>((resolve) => cluster.once('ready', () => resolve()));
  return cluster.nodes('master');
}

/** The keys under `prefix` on one node (SCAN, not KEYS). */
export async function scanNode(node: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    out.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

/** The keys under `prefix` on each master (a SCAN sees one node only). */
export async function keysPerMaster(cluster: Cluster, prefix: string): Promise<string[][]> {
  return Promise.all((await clusterMasters(cluster)).map((n) => scanNode(n, prefix)));
}

/** Delete every key under `prefix`, master by master (DEL of several keys must stay within one slot). */
export async function deleteClusterKeys(cluster: Cluster, prefix: string): Promise<number> {
  let n = 0;
  for (const keys of await keysPerMaster(cluster, prefix)) {
    for (const k of keys) n += await cluster.del(k);
  }
  return n;
}
