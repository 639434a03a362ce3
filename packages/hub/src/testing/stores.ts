import { randomBytes } from 'node:crypto';
import { createMemoryStore, createRedisStore, type Store } from '@smsfleet/core';
import { connectTestCluster } from '@smsfleet/core/testing';

/** A store implementation to run a test suite against. */
export interface StoreCase {
  name: string;
  /** A fresh, empty store. */
  create(): Promise<Store>;
  /** `n` handles on one fresh store, as several hub processes would hold (Redis: separate connections). */
  createShared(n: number): Promise<Store[]>;
}

/** The in-memory store. */
export const memoryStoreCase: StoreCase = {
  name: 'memory',
  create: async () => createMemoryStore(),
  createShared: async (n) => {
    const s = createMemoryStore();
    return Array.from({ length: n }, () => s);
  },
};

/**
 * The Redis store at `REDIS_URL`, a random key prefix per store. `npm test` starts a redis-server and sets
 * `REDIS_URL`; without it the suite fails rather than silently testing only the memory store.
 */
export const redisStoreCase: StoreCase = {
  name: 'redis',
  create: async () => createRedisStore({ url: redisUrl(), prefix: randomPrefix() }),
  createShared: async (n) => {
    const prefix = randomPrefix();
    return Array.from({ length: n }, () => createRedisStore({ url: redisUrl(), prefix }));
  },
};

/**
 * The Redis store on the 3-master Redis Cluster at `REDIS_TEST_CLUSTER_NODES` (`npm test` starts one), a random key
 * prefix per store and a Cluster connection per handle, as a hub on a Cluster holds them.
 */
export const redisClusterStoreCase: StoreCase = {
  name: 'redis-cluster',
  create: async () => createRedisStore({ redis: connectTestCluster(), prefix: randomPrefix(), closeConnection: true }),
  createShared: async (n) => {
    const prefix = randomPrefix();
    return Array.from({ length: n }, () =>
      createRedisStore({ redis: connectTestCluster(), prefix, closeConnection: true }),
    );
  },
};

function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts a redis-server');
  return url;
}

function randomPrefix(): string {
  return `test:hub:${randomBytes(6).toString('hex')}:`;
}

/**
 * Both stores: every hub suite that touches state runs against each. With `cluster`, the Redis store on a Redis
 * Cluster too: for the end-to-end pipeline and the suites where several hubs share one store (the Store contract
 * itself runs on the Cluster in core).
 */
export function storeCases(opts: { cluster?: boolean } = {}): StoreCase[] {
  return opts.cluster ? [memoryStoreCase, redisStoreCase, redisClusterStoreCase] : [memoryStoreCase, redisStoreCase];
}
