/**
 * The Store port and its two adapters: `createMemoryStore()` (embedded, one hub) and
 * `createRedisStore(...)` (shared by several hubs). The contract suite both pass lives in `./testing`
 * (it needs jest globals and fast-check, so it stays out of runtime imports).
 */
export * from './port';
/** API key scopes: what a key may do. */
export { API_KEY_SCOPES, ApiKeyScope, hasScope, scopesOf } from './api-keys/scopes';
export { createMemoryStore, type MemoryStoreOptions } from './memory';
export { createRedisStore, type RedisStoreOptions } from './redis';
/** The Redis key builder, for tools that audit what a Redis store holds (the chaos runner). */
export { RedisKeys } from './redis';
/** Connections to a single node, a Cluster or a Sentinel-watched master, as the hub's configuration describes them. */
export {
  checkRedis,
  connectRedis,
  type RedisAuth,
  type RedisNodeAddress,
  type RedisTopology,
} from './redis';
export { DEFAULT_DELIVERY_LOG_CAP, DEFAULT_IDEMPOTENCY_TTL_MS, MAX_PAGE_LIMIT } from './shared/constants';
/** The one worker loop over job queues (the hub's dispatcher, tracker, sweeper and webhook deliveries run on it). */
export {
  DEFAULT_SAFETY_POLL_MS,
  type LoopRound,
  QueueWorkerLoop,
  type QueueWorkerLoopOptions,
} from './queue/worker-loop';
export { LOOK_EVERYWHERE, type QueueLook } from './queue/due-gate';
/** Wake-ups of idle workers across hubs: the channel and its message, and the queue decorator that publishes them. */
export { decodeWake, WAKE_CHANNEL, WAKE_HORIZON_MS, wakingQueue } from './queue/wakes';
export { BUSY_PUBLISH_MS, type LocalWaker, type LocalWakes, localWakes, UNANNOUNCED_QUEUE_MARK } from './queue/wakes';
/** The short-link hit log: partitions and hit id order (the hub's click counter drains it). */
export { HIT_PARTITIONS, hitAfter, hitPartition } from './links/hits';
/** The send service's mark on a create it built from schema-checked values: the store copies it, not parses it. */
export { vouchForCreate } from './shared/vouched';
export { vouchForAttempt } from './shared/vouched';
