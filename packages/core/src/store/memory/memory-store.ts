import { systemClock, type Clock } from '../../clock';
import type { Store } from '../port';
import { requireDate, requireInt } from '../shared/args';
import { DEFAULT_DELIVERY_LOG_CAP } from '../shared/constants';
import { MemoryMessages } from '../messages/memory';
import { MemoryInbound } from '../inbound/memory';
import { MemoryDevices } from '../devices/memory';
import { MemoryConnections } from '../connections/memory';
import { MemoryContacts } from '../contacts/memory';
import { MemoryConversations } from '../conversations/memory';
import { MemorySubscriptions } from '../subscriptions/memory';
import { MemoryDeliveryLog } from '../deliveries/memory';
import { MemoryQueues } from '../queue/memory';
import { MemoryBudgets } from '../budgets/memory';
import { MemoryCounters } from '../counters/memory';
import { MemoryDedupe } from '../dedupe/memory';
import { MemoryApiKeys } from '../api-keys/memory';
import { MemoryLinks } from '../links/memory';
import { MemoryRollups } from '../rollups/memory';
import { MemoryBindings } from '../bindings/memory';
import { MemoryMedia } from '../media/memory';
import { MemorySignals } from '../signals/memory';
import { MemoryTemplates } from '../templates/memory';
import { wakingQueue } from '../queue/wakes';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Time for expiring dedupe and idempotency keys (default: the system clock). */
  clock?: Clock;
  /** Attempts kept per subscription in the delivery log (default 1000). */
  deliveryLogCap?: number;
}

/**
 * The embedded store: everything in this process's heap, for one hub. Records are held as compact JSON
 * strings (so every read returns a fresh copy and a tracked message costs a few hundred bytes), and every
 * operation completes without yielding to the event loop, so interleaved async calls see the same
 * atomicity as the Redis adapter's Lua scripts.
 */
export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  const clock = opts.clock ?? systemClock;
  const cap =
    opts.deliveryLogCap === undefined
      ? DEFAULT_DELIVERY_LOG_CAP
      : requireInt(opts.deliveryLogCap, 'deliveryLogCap', 1, 1e6);
  const messages = new MemoryMessages(clock);
  const inbound = new MemoryInbound();
  const deliveries = new MemoryDeliveryLog(cap);
  const links = new MemoryLinks();
  const signals = new MemorySignals();
  return {
    messages,
    inbound,
    devices: new MemoryDevices(),
    connections: new MemoryConnections(),
    contacts: new MemoryContacts(),
    conversations: new MemoryConversations(),
    subscriptions: new MemorySubscriptions((id) => deliveries.drop(id)),
    deliveries,
    queue: wakingQueue(new MemoryQueues(), signals),
    budgets: new MemoryBudgets(),
    counters: new MemoryCounters(),
    dedupe: new MemoryDedupe(clock),
    apiKeys: new MemoryApiKeys(),
    links,
    bindings: new MemoryBindings(clock),
    media: new MemoryMedia(),
    rollups: new MemoryRollups(),
    signals,
    templates: new MemoryTemplates(),
    async purgeExpired(now: Date) {
      const t = requireDate(now, 'now');
      return { messages: messages.purge(t), inbound: inbound.purge(t), links: links.purge(t) };
    },
    async close() {},
  };
}
