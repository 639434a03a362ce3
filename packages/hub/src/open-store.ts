import { createMemoryStore, createRedisStore, type Store } from '@smsfleet/core';
import type { HubConfig } from './config';

/** The store the configuration asks for: Redis at `REDIS_URL` (with its key prefix), else in memory. */
export async function openStore(config: HubConfig): Promise<Store> {
  if (config.store.redisUrl) return createRedisStore({ url: config.store.redisUrl, prefix: config.store.redisPrefix });
  return createMemoryStore();
}
