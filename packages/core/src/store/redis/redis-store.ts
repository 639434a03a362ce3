import type { Cluster, Redis } from 'ioredis';
import { SmsfleetError } from '../../errors';
import type { Store } from '../port';
import { requireDate, requireInt } from '../shared/args';
import { DEFAULT_DELIVERY_LOG_CAP } from '../shared/constants';
import { RedisMessages } from '../messages/redis';
import { RedisInbound } from '../inbound/redis';
import { RedisDevices } from '../devices/redis';
import { RedisConnections } from '../connections/redis';
import { RedisContacts } from '../contacts/redis';
import { RedisConversations } from '../conversations/redis';
import { RedisSubscriptions } from '../subscriptions/redis';
import { RedisDeliveryLog } from '../deliveries/redis';
import { RedisQueues } from '../queue/redis';
import { RedisBudgets } from '../budgets/redis';
import { RedisCounters } from '../counters/redis';
import { RedisDedupe } from '../dedupe/redis';
import { RedisApiKeys } from '../api-keys/redis';
import { RedisLinks } from '../links/redis';
import { RedisRollups } from '../rollups/redis';
import { RedisBindings } from '../bindings/redis';
import { RedisMedia } from '../media/redis';
import { connectRedis } from './connect';
import { DEFAULT_CLUSTER_PARTITIONS, DEFAULT_PARTITIONS, RedisKeys } from './keys';
import { StoreLayout } from './layout';
import { RedisSignals } from '../signals/redis';
import { RedisTemplates } from '../templates/redis';
import { wakingQueue } from '../queue/wakes';
import { withStoreErrors } from './store-errors';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * A connection to use (the store leaves it open on close, with the options it was made with), or a `redis://` URL
   * to connect to (with ioredis's auto-pipelining on).
   */
  redis?: Redis | Cluster | string;
  /** A `redis://` URL to connect to (same as passing a string as `redis`). */
  url?: string;
  /** Close a connection given as `redis` when the store closes (one opened by `connectRedis`, say). */
  closeConnection?: boolean;
  /** Prepended to every key (default `smsfleet:`); must not contain `{` or `}`. */
  prefix?: string;
  /** Attempts kept per subscription in the delivery log (default 1000). */
  deliveryLogCap?: number;
  /**
   * How many partitions the message and inbound indexes and every job queue are split into (1-256; default 16 on a
   * Redis Cluster, 1 on a single node or Sentinel), so their load spreads over a Cluster's shards (see keys.ts).
   * Every hub on one store must use the same count: the first records it, and a store recorded with another count
   * refuses its first partitioned call with `SMSFLEET_ERR_CONFIG`. 1 is the layout of stores made before partitions
   * existed.
   */
  partitions?: number;
  /**
   * How long the subscription list read by the webhook publisher and worker is served from this hub's cache while no
   * change is signalled (default 5000 ms; 0: read it for every event). See `SubscriptionRepo.snapshot`.
   */
  subscriptionCacheMs?: number;
}

/**
 * The Redis store: state shared by every hub on one Redis (single node or Cluster; see keys.ts for the
 * layout). Atomic steps are Lua scripts within one hash tag; read-modify-write is compare-and-set with
 * retries, never WATCH (the connection is shared). Redis failures surface as `SMSFLEET_ERR_STORE`.
 */
export function createRedisStore(opts: RedisStoreOptions): Store {
  const target = opts.redis ?? opts.url;
  if (target === undefined || target === '') {
    throw new SmsfleetError('SMSFLEET_ERR_CONFIG', 'The Redis store needs a connection or a redis:// URL.', {
      issues: [{ field: 'redis', reason: 'give a connection or a URL' }],
    });
  }
  const owned = typeof target === 'string' || opts.closeConnection === true;
  // Auto-pipelining (connectRedis): the commands of concurrent requests issued in one tick go out in one write
  // (ordering per connection is kept, MULTI blocks stay whole). On the ingress path it cuts the hub's CPU per report
  // by about a sixth.
  const raw = typeof target === 'string' ? connectRedis({ kind: 'single', url: target }) : target;
  const redis = withStoreErrors(raw);
  const partitions = opts.partitions ?? (raw.isCluster ? DEFAULT_CLUSTER_PARTITIONS : DEFAULT_PARTITIONS);
  const keys = new RedisKeys(opts.prefix ?? 'smsfleet:', partitions);
  const layout = new StoreLayout(redis, keys);
  const cap =
    opts.deliveryLogCap === undefined
      ? DEFAULT_DELIVERY_LOG_CAP
      : requireInt(opts.deliveryLogCap, 'deliveryLogCap', 1, 1e6);
  const messages = new RedisMessages(redis, keys, layout);
  const inbound = new RedisInbound(redis, keys, layout);
  const links = new RedisLinks(redis, keys);
  // Its own subscriber connection, made on the first subscribe (a subscribed connection runs nothing else).
  const signals = new RedisSignals(redis, raw, keys);
  return {
    messages,
    inbound,
    devices: new RedisDevices(redis, keys),
    connections: new RedisConnections(redis, keys),
    contacts: new RedisContacts(redis, keys, layout),
    conversations: new RedisConversations(redis, keys),
    subscriptions: new RedisSubscriptions(
      redis,
      keys,
      signals,
      opts.subscriptionCacheMs === undefined
        ? undefined
        : requireInt(opts.subscriptionCacheMs, 'subscriptionCacheMs', 0, 3_600_000),
    ),
    deliveries: new RedisDeliveryLog(redis, keys, cap),
    queue: wakingQueue(new RedisQueues(redis, keys, layout), signals),
    budgets: new RedisBudgets(redis, keys),
    counters: new RedisCounters(redis, keys),
    dedupe: new RedisDedupe(redis, keys),
    apiKeys: new RedisApiKeys(redis, keys),
    links,
    bindings: new RedisBindings(redis, keys),
    media: new RedisMedia(redis, keys),
    rollups: new RedisRollups(redis, keys),
    signals,
    templates: new RedisTemplates(redis, keys),
    async purgeExpired(now: Date) {
      const t = requireDate(now, 'now');
      const [m, i, l] = await Promise.all([messages.purge(t), inbound.purge(t), links.purge(t)]);
      return { messages: m, inbound: i, links: l };
    },
    async close() {
      await signals.close();
      if (owned) await raw.quit().catch(() => raw.disconnect());
    },
  };
}
