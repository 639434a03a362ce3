export { createRedisStore, type RedisStoreOptions } from './redis-store';
export { RedisKeys, RETENTION_GRACE_MS } from './keys';
export {
  checkRedis,
  connectRedis,
  type RedisAuth,
  type RedisNodeAddress,
  type RedisTopology,
} from './connect';
