import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createMemoryStore, createRedisStore } from '../store';
import type { Store } from '../store';
import { connectTestCluster, deleteClusterKeys } from './redis-cluster';

/** Test helper: two store handles on one fresh store, as two hub processes would hold them. */
export interface HubStores {
  name: string;
  make(): Promise<{ hubs: [Store, Store]; close(): Promise<void> }>;
}

/** The memory store (both hubs share the one instance). */
export const memoryHubs: HubStores = {
  name: 'memory',
  async make() {
    const s = createMemoryStore();
    return { hubs: [s, s], close: () => s.close() };
  },
};

/**
 * The Redis store at `REDIS_URL`, and on the Redis Cluster at `REDIS_TEST_CLUSTER_NODES`, each with a random key
 * prefix and two separate connections (two hubs); the keys are deleted on close. Both variables must be set
 * (`npm test` starts a redis-server and a Cluster and sets them): a missing Redis fails the run instead of silently
 * skipping the Redis half of the tests.
 */
export function redisHubs(): HubStores[] {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error(
      'REDIS_URL is not set: run the tests with `npm test`, which starts a redis-server, or point REDIS_URL at one',
    );
  return [
    {
      name: 'redis',
      async make() {
        const prefix = `test:router:${randomBytes(6).toString('hex')}:`;
        const a = createRedisStore({ url, prefix });
        const b = createRedisStore({ url, prefix });
        return {
          hubs: [a, b],
          async close() {
            await a.close();
            await b.close();
            const raw = new Redis(url);
            try {
              const keys = await raw.keys(`${prefix}*`);
              if (keys.length) await raw.del(...keys);
            } finally {
              raw.disconnect();
            }
          },
        };
      },
    },
    {
      name: 'redis-cluster',
      async make() {
        const prefix = `test:router:${randomBytes(6).toString('hex')}:`;
        const conns = [connectTestCluster(), connectTestCluster()];
        const [a, b] = conns.map((redis) => createRedisStore({ redis, prefix, closeConnection: true })) as [
          Store,
          Store,
        ];
        return {
          hubs: [a, b],
          async close() {
            await a.close();
            await b.close();
            const admin = connectTestCluster();
            try {
              await deleteClusterKeys(admin, prefix);
            } finally {
              admin.disconnect();
            }
          },
        };
      },
    },
  ];
}
