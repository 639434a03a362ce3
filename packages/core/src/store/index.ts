/**
 * The Store port and its two adapters: `createMemoryStore()` (embedded, one hub) and
 * `createRedisStore(...)` (shared by several hubs). The contract suite both pass lives in `./testing`
 * (it needs jest globals and fast-check, so it stays out of runtime imports).
 */
export * from './port';
export { createMemoryStore, type MemoryStoreOptions } from './memory';
export { createRedisStore, type RedisStoreOptions } from './redis';
/** The Redis key builder, for tools that audit what a Redis store holds (the chaos runner). */
export { RedisKeys } from './redis';
export { DEFAULT_DELIVERY_LOG_CAP, DEFAULT_IDEMPOTENCY_TTL_MS, MAX_PAGE_LIMIT } from './shared/constants';
/** The one worker loop over job queues (the hub's dispatcher, tracker, sweeper and webhook deliveries run on it). */
export { type LoopRound, QueueWorkerLoop, type QueueWorkerLoopOptions } from './queue/worker-loop';
/** The short-link hit log: partitions and hit id order (the hub's click counter drains it). */
export { HIT_PARTITIONS, hitAfter, hitPartition } from './links/hits';
