import type { MessageRepo } from './messages/port';
import type { InboundRepo } from './inbound/port';
import type { DeviceRepo } from './devices/port';
import type { ConnectionRepo } from './connections/port';
import type { ContactRepo } from './contacts/port';
import type { ConversationRepo } from './conversations/port';
import type { SubscriptionRepo } from './subscriptions/port';
import type { DeliveryLog } from './deliveries/port';
import type { JobQueue } from './queue/port';
import type { SegmentBudgets } from './budgets/port';
import type { Counters } from './counters/port';
import type { Dedupe } from './dedupe/port';
import type { ApiKeyRepo } from './api-keys/port';
import type { LinkRepo } from './links/port';
import type { BindingRepo } from './bindings/port';
import type { Rollups } from './rollups/port';
import type { Signals } from './signals/port';
import type { TemplateRepo } from './templates/port';
import type { MediaRepo } from './media/port';

/**
 * The Store port: every piece of state smsfleet keeps, and nothing else. Two adapters implement it
 * (`memory/`, the embedded default, and `redis/`, for production and several hubs) and both pass the one
 * contract suite in `contract.ts` (one `<capability>.contract.ts` per folder). Records cross the port as plain schema
 * objects; adapters keep copies, so mutating a returned object never changes the store.
 *
 * Concurrency: every `update` is an atomic read-modify-write (compare-and-set on `version` with retries),
 * so `fn` must be pure: it may run more than once. Multi-key steps are atomic (Lua or MULTI in Redis).
 */
export interface Store {
  readonly messages: MessageRepo;
  readonly inbound: InboundRepo;
  readonly devices: DeviceRepo;
  /** The gateway connections that reach the devices (the fleet's runtime configuration, secrets included). */
  readonly connections: ConnectionRepo;
  readonly contacts: ContactRepo;
  readonly conversations: ConversationRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly deliveries: DeliveryLog;
  readonly queue: JobQueue;
  readonly budgets: SegmentBudgets;
  readonly counters: Counters;
  readonly dedupe: Dedupe;
  readonly apiKeys: ApiKeyRepo;
  readonly links: LinkRepo;
  /** Attachments of inbound MMS, expiring with their text's retention. */
  readonly media: MediaRepo;
  readonly bindings: BindingRepo;
  /** Metric roll-ups per hour, day and month (they survive purges). */
  readonly rollups: Rollups;
  /**
   * Messages between the hubs of this store (wake-ups of idle workers, live events); hints, never state. The store's
   * `queue` announces new work on it (queue/wakes.ts).
   */
  readonly signals: Signals;
  /** Stored message templates (`{{field}}` merge fields). */
  readonly templates: TemplateRepo;
  /**
   * Delete personal data whose `retainUntil` is before `now`: messages with their events, gateway id links and
   * index entries, inbound texts, and short links with their click records. Records without `retainUntil` are
   * kept. Returns how many were deleted.
   */
  purgeExpired(now: Date): Promise<{ messages: number; inbound: number; links: number }>;
  /** Release connections and timers. */
  close(): Promise<void>;
}

/**
 * A page of results and the cursor for the next page (absent on the last page). Filters are applied while
 * scanning a time-ordered index with a bounded amount of work per page, so a page may hold fewer than
 * `limit` items (even none) while `nextCursor` is set: keep reading until it is absent.
 */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Paging arguments: an opaque cursor from the previous page, and a page size (1-500, default 50). A limit out
 * of range or a cursor the store did not make is `SMSFLEET_ERR_VALIDATION` naming `limit` or `cursor`.
 */
export interface PageArgs {
  cursor?: string;
  limit?: number;
}

/** Result of a compare-and-set update. */
export interface UpdateResult<T> {
  /** The record after the update (unchanged when `changed` is false). */
  value: T;
  changed: boolean;
}

/* Each repository's port lives in its capability folder (`<capability>/port.ts`); re-exported here. */
export type { MessageFilter, MessageChange, CreateOptions, CreateResult, MessageRepo } from './messages/port';
export type { MessageUpdate, UpdateOptions } from './messages/port';
export type { InboundRepo } from './inbound/port';
export type { DeviceRepo } from './devices/port';
export type { ConnectionRepo } from './connections/port';
export type { ContactRepo } from './contacts/port';
export type { ConversationRepo } from './conversations/port';
export type { SubscriptionRepo } from './subscriptions/port';
export type { DeliveryLog } from './deliveries/port';
export type { Job, JobQueue } from './queue/port';
export type {
  BudgetLimit,
  ReserveOptions,
  SegmentBudgets,
  PeriodLimit,
  RecipientLimit,
  RefusedBy,
  Refusal,
  BudgetStanding,
  Reserved,
  BudgetUsage,
} from './budgets/port';
export { USAGE_ENTRIES } from './budgets/port';
export type { Counters } from './counters/port';
export type { Dedupe } from './dedupe/port';
export type { ApiKeyRecord, ApiKeyRepo } from './api-keys/port';
export type { HitResult, LinkRepo } from './links/port';
export type { CountResult, LoggedHit } from './links/port';
export type { BindingRepo } from './bindings/port';
export type { MediaRepo, StoredMedia } from './media/port';
export { MEDIA_MAX_BYTES } from './media/port';
export type { RollupGrain, RollupLoader, Rollups } from './rollups/port';
export type { Signals } from './signals/port';
export type { TemplateRepo } from './templates/port';
