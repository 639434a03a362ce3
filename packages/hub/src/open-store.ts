import {
  connectRedis,
  createMemoryStore,
  createRedisStore,
  type Store,
  SmsfleetError,
  checkRedis,
} from '@smsfleet/core';
import type { HubConfig } from './config';

/**
 * The store the configuration asks for: Redis (single node, Cluster or Sentinel, with its key prefix), else in
 * memory. A Cluster or Sentinel must answer at boot: a refused or unknown node list fails with
 * `SMSFLEET_ERR_CONFIG` naming the variable, rather than a hub that serves errors. A single node connects lazily
 * (as before: a hub may start while its Redis restarts, and waits for it).
 */
export async function openStore(config: HubConfig): Promise<Store> {
  const { redis, redisPrefix: prefix, redisConnectTimeoutMs, redisPartitions: partitions } = config.store;
  if (!redis) return createMemoryStore();
  if (redis.topology.kind !== 'single') {
    try {
      await checkRedis(redis.topology, redisConnectTimeoutMs);
    } catch (e) {
      const what = redis.topology.kind === 'cluster' ? 'Cluster node' : 'sentinel';
      const reason = `no ${what} answered: ${(e as Error).message}`;
      throw new SmsfleetError('SMSFLEET_ERR_CONFIG', `Invalid configuration: ${redis.variable} ${reason}`, {
        issues: [{ field: redis.variable, reason }],
      });
    }
  }
  return createRedisStore({
    redis: connectRedis(redis.topology),
    prefix,
    closeConnection: true,
    ...(partitions !== undefined ? { partitions } : {}),
  });
}
