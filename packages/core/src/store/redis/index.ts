export { createRedisStore, type RedisStoreOptions } from './redis-store';
export { RedisKeys, RETENTION_GRACE_MS } from './keys';
