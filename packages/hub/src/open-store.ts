import { createMemoryStore, createRedisStore, type Store } from '@smsfleet/core';
import type { HubConfig } from './config';

/** The store the configuration asks for: Redis at `REDIS_URL` (with its key prefix), else in memory. */
export async function openStore(config: HubConfig): Promise<Store> {
  const { redisUrl: url, redisPrefix: prefix, redisPartitions: partitions } = config.store;
  if (url) return createRedisStore({ url, prefix, ...(partitions !== undefined ? { partitions } : {}) });
  return createMemoryStore();
}
