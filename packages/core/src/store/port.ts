import type {
  Contact,
  Conversation,
  DeliveryAttempt,
  Device,
  InboundSms,
  LinkStats,
  Message,
  MessageStatus,
  ShortLink,
  StatusEvent,
  Subscription,
} from '../schemas';

/**
 * The Store port: every piece of state smsfleet keeps, and nothing else. Two adapters implement it
 * (`memory/`, the embedded default, and `redis/`, for production and several hubs) and both pass the one
 * contract suite in `contract.ts`. Records cross the port as plain schema objects; adapters keep copies,
 * so mutating a returned object never changes the store.
 *
 * Concurrency: every `update` is an atomic read-modify-write (compare-and-set on `version` with retries),
 * so `fn` must be pure: it may run more than once. Multi-key steps are atomic (Lua or MULTI in Redis).
 */
export interface Store {
  readonly messages: MessageRepo;
  readonly inbound: InboundRepo;
  readonly devices: DeviceRepo;
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
  readonly bindings: BindingRepo;
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

/** Filters for listing messages. Every given filter must match. */
export interface MessageFilter {
  status?: MessageStatus[];
  to?: string;
  deviceId?: string;
  sim?: number;
  campaign?: string;
  tag?: string;
  reference?: string;
  gateway?: string;
  /** createdAt >= since */
  since?: Date;
  /** createdAt < until */
  until?: Date;
}

/** Result of a compare-and-set update. */
export interface UpdateResult<T> {
  /** The record after the update (unchanged when `changed` is false). */
  value: T;
  changed: boolean;
}

/** What an update function returns: the new message and the timeline events to append with it. */
export interface MessageChange {
  message: Message;
  events: StatusEvent[];
}

/** Options of {@link MessageRepo.create}. */
export interface CreateOptions {
  idempotencyKey?: string;
  fingerprint?: string;
  idempotencyTtlMs?: number;
  /**
   * The follow-up work of this create the caller still has to do in other keys (links, contact, jobs), opaque
   * to the store (1-1,000,000 characters). It is written atomically with the message, in the message's own slot,
   * and kept until {@link MessageRepo.settleCreate}: a crash or store failure between the steps leaves a record
   * of what is left, which a retry with the same key or the sweeper ({@link MessageRepo.pendingCreates}) finishes.
   */
  outbox?: string;
}

/** What {@link MessageRepo.create} answers. */
export interface CreateResult {
  message: Message;
  created: boolean;
  fingerprintMatches: boolean;
  /**
   * On a repeat (`created: false`): the first message's outbox when its follow-ups are still pending. The store
   * has already redone its own part (claim, indexes); the caller finishes the rest and settles it.
   */
  outbox?: string;
}

/** Outbound messages, their timelines, and the gateway ids that point at them. */
export interface MessageRepo {
  /**
   * Insert a message with status `queued`/`scheduled` and its first timeline events. With an idempotency key,
   * the key is claimed atomically with the insert: a second create with the same key returns the first
   * message with `created: false`, and `fingerprintMatches` tells whether the request body was the same.
   * The claim lasts `idempotencyTtlMs` (default 24 h). The store sets `version` to 0. Every record is
   * validated: an invalid message or event (events must name the message's id), or an id already in use,
   * is `SMSFLEET_ERR_VALIDATION` and nothing is written.
   */
  create(message: Message, events: StatusEvent[], opts?: CreateOptions): Promise<CreateResult>;
  /**
   * Ids of messages whose create left its outbox pending (see {@link CreateOptions.outbox}), created before
   * `before`, oldest first, at most `limit` (1-1000). The sweeper's work list; an id may name a message that is gone.
   */
  pendingCreates(before: Date, limit: number): Promise<string[]>;
  /**
   * Redo the store's own part of a create that stopped half-way (the idempotency claim, the list and retention
   * indexes) and return the message with its pending outbox, for the caller to finish the follow-ups. Undefined
   * when nothing is pending, the message is gone, or its idempotency key is held by another live message: that one
   * won, no 2xx was ever answered for this one, and it is deleted (so nobody is texted twice).
   */
  repairCreate(id: string): Promise<{ message: Message; outbox: string } | undefined>;
  /** The follow-ups of a create are done: drop its outbox. No-op when none is pending. */
  settleCreate(id: string): Promise<void>;
  get(id: string): Promise<Message | undefined>;
  /**
   * Atomic read-modify-write. `fn` gets the current message and returns the change, or null for "no change".
   * On a concurrent write the store re-reads and calls `fn` again. `version` is bumped by the store and
   * `id` cannot change. `fn` may mutate its argument freely; that changes nothing unless it is returned.
   * An invalid result is `SMSFLEET_ERR_VALIDATION` and nothing is written. Undefined for an unknown id.
   */
  update(
    id: string,
    fn: (m: Message) => MessageChange | null,
  ): Promise<(UpdateResult<Message> & { events: StatusEvent[] }) | undefined>;
  /** The message's timeline, oldest first. */
  events(id: string): Promise<StatusEvent[]>;
  /** Newest first, with an opaque cursor. */
  list(filter: MessageFilter, page?: PageArgs): Promise<Page<Message>>;
  /** Remember which message a gateway id belongs to (purged with it). Unknown message: `SMSFLEET_ERR_NOT_FOUND`. */
  linkGatewayId(gateway: string, gatewayMessageId: string, messageId: string): Promise<void>;
  byGatewayId(gateway: string, gatewayMessageId: string): Promise<string | undefined>;
}

/** Texts the phones received. */
export interface InboundRepo {
  /** Store an inbound text (replacing one with the same id). */
  add(sms: InboundSms): Promise<void>;
  get(id: string): Promise<InboundSms | undefined>;
  /** Newest first. */
  list(
    filter: { from?: string; deviceId?: string; since?: Date; until?: Date },
    page?: PageArgs,
  ): Promise<Page<InboundSms>>;
}

/** The phones of the fleet. */
export interface DeviceRepo {
  put(device: Device): Promise<void>;
  get(id: string): Promise<Device | undefined>;
  list(): Promise<Device[]>;
  /** Atomic read-modify-write; returns undefined for an unknown device. */
  update(id: string, fn: (d: Device) => Device | null): Promise<UpdateResult<Device> | undefined>;
  delete(id: string): Promise<boolean>;
}

/** Contacts and their consent, keyed by E.164 number. */
export interface ContactRepo {
  get(phone: string): Promise<Contact | undefined>;
  /** Atomic read-modify-write; `fn` gets undefined for a contact never seen. Return null for no change. */
  upsert(phone: string, fn: (c: Contact | undefined) => Contact | null): Promise<UpdateResult<Contact | undefined>>;
  /** Contacts in phone order; `optedOut: true` only opted-out ones (for consent export), `false` only the others. */
  list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>>;
}

/** Which SIM talks to which contact, for conversation continuity and reply capture. */
export interface ConversationRepo {
  /** The conversation of `contact` on one SIM. */
  get(contact: string, deviceId: string, sim: number): Promise<Conversation | undefined>;
  /** The conversation of `contact` most recently written (the router's continuity choice). */
  latest(contact: string): Promise<Conversation | undefined>;
  /** Write a conversation and make it the contact's latest. */
  put(conversation: Conversation): Promise<void>;
}

/** Webhook subscriptions. `create` refuses an id in use (`SMSFLEET_ERR_VALIDATION`); `delete` drops the delivery log too. */
export interface SubscriptionRepo {
  create(sub: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  list(): Promise<Subscription[]>;
  update(id: string, fn: (s: Subscription) => Subscription | null): Promise<UpdateResult<Subscription> | undefined>;
  delete(id: string): Promise<boolean>;
}

/** The log of webhook delivery attempts, per subscription. */
export interface DeliveryLog {
  /**
   * Append one attempt to the subscription's log (kept newest first by `at`, capped per subscription: the
   * oldest attempts beyond the cap are dropped). Recording an attempt id again replaces it.
   */
  record(attempt: DeliveryAttempt): Promise<void>;
  list(subscriptionId: string, page?: PageArgs & { deadLetteredOnly?: boolean }): Promise<Page<DeliveryAttempt>>;
}

/** A job in a {@link JobQueue}. */
export interface Job<P = unknown> {
  id: string;
  /** Epoch ms before which the job is not handed out. */
  dueAt: number;
  /** -128..127; among due jobs, higher priority first, then earlier dueAt. */
  priority: number;
  payload: P;
  /** How many times it was claimed before (0 on the first claim). */
  attempts: number;
}

/**
 * Durable delayed-job queues shared by every hub on one store: sends, retries, webhook deliveries,
 * status timeouts. A claimed job is leased; if it is neither acked nor rescheduled before the lease ends,
 * it becomes due again (a crashed hub loses nothing).
 */
export interface JobQueue {
  /** Add or replace (by id) a job; a replaced job loses its lease and starts again at 0 attempts. */
  enqueue<P>(queue: string, job: { id: string; dueAt: number; priority?: number; payload: P }): Promise<void>;
  /**
   * Add a job unless one with this id is waiting or leased (atomic): repairs a missing job without resetting the
   * lease of one a worker holds. True if it was added.
   */
  enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean>;
  /** Atomically take up to `limit` due jobs, highest priority first, leased for `leaseMs`. */
  claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]>;
  /** Done: forget the job. */
  ack(queue: string, id: string): Promise<void>;
  /** Put a claimed job back, due at `dueAt`, optionally with a new payload (attempts are kept). No-op for an unknown id. */
  reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void>;
  /** Remove a job whether claimed or not; true if it existed. */
  remove(queue: string, id: string): Promise<boolean>;
  /** Jobs waiting or leased. */
  size(queue: string): Promise<number>;
  /** Earliest time a job becomes claimable (a waiting job's dueAt or a lease's end), for sleeping until then. */
  nextDueAt(queue: string): Promise<number | undefined>;
}

/** A sending limit over a sliding window. */
export interface BudgetLimit {
  max: number;
  windowMs: number;
}

/** Options of {@link SegmentBudgets.reserve}. */
export interface ReserveOptions {
  /**
   * The time the reservation counts from, `now` or later (default `now`). The router stamps a hand-over at the
   * latest time the phone may send it, and restamps it when the phone confirms the real send.
   */
  at?: number;
}

/**
 * Per-SIM segment budgets over sliding windows (Android's 30 segments per 60 s, a carrier's hourly cap),
 * shared by every hub so that no SIM's limit is ever tripped.
 */
export interface SegmentBudgets {
  /**
   * Atomically reserve `amount` under every limit, or reserve nothing. When refused, `retryAt` is the
   * earliest epoch ms at which the reservation could succeed. A reservation stamped at time `t` (`opts.at`,
   * default `now`) counts from when it is made until `t + windowMs`. An amount above a limit's `max` could never
   * succeed and is `SMSFLEET_ERR_VALIDATION` (field `amount`).
   */
  reserve(
    key: string,
    amount: number,
    limits: BudgetLimit[],
    now: number,
    opts?: ReserveOptions,
  ): Promise<{ ok: true; reservationId: string } | { ok: false; retryAt: number }>;
  /** Give back a reservation (the send never reached the phone). */
  release(key: string, reservationId: string): Promise<void>;
  /**
   * Move a reservation to time `at` (earlier or later) without checking the limits: the router calls it when a
   * phone confirms it sent the message, with a time no earlier than the real send. Returns the reservation's new
   * id, or undefined when it is gone (released, or out of every window).
   */
  restamp(key: string, reservationId: string, at: number): Promise<string | undefined>;
  /** Amount used inside the window ending at `now`: reservations made after `now - windowMs` (as `reserve` counts them). */
  used(key: string, windowMs: number, now: number): Promise<number>;
  /** {@link used} for several windows at once, in one round trip: one amount per window, in order. */
  usedIn(key: string, windowsMs: number[], now: number): Promise<number[]>;
}

/** Named integer counters shared by every hub (metrics). */
export interface Counters {
  /** Add `by` (an integer, default 1) and return the new value. */
  incr(key: string, by?: number): Promise<number>;
  /** Current values; a counter never incremented is 0. */
  get(keys: string[]): Promise<Record<string, number>>;
  /**
   * Count one hit of `key` in the fixed window of `windowMs` that contains `now` (epoch ms), atomically across
   * hubs, and return the window's count and when it resets. Windows expire on their own (rate limits). O(1).
   */
  hitWindow(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

/** First-seen checks with expiry, e.g. for gateway event ids. */
export interface Dedupe {
  /** True the first time `key` is seen within `ttlMs`; false for a duplicate. Atomic across hubs. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
  /**
   * True when `key` was marked by {@link firstSeen} and has not expired; marks nothing. Lets a caller check first,
   * process idempotently, and mark only once the processing completed (a failure then leaves the retry welcome).
   */
  seen(key: string): Promise<boolean>;
}

/** A hashed API key. The plain key is shown once at creation and never stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** hex SHA-256 of the key */
  hash: string;
  createdAt: string;
  revokedAt?: string;
}

/** API key records, found by the hash of the key. */
export interface ApiKeyRepo {
  put(key: ApiKeyRecord): Promise<void>;
  byHash(hash: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Mark a key revoked at `at` (kept if already revoked); false for an unknown id. */
  revoke(id: string, at: Date): Promise<boolean>;
}

/** Counts of one hit, as {@link LinkRepo.recordHit} returns them. */
export interface HitResult {
  stats: LinkStats;
  /** True when this hit was a click by a visitor not seen on this link before. */
  newVisitor: boolean;
}

/** Trackable short links and their click counts, found by code. */
export interface LinkRepo {
  /**
   * Store new links. A code already in use is `SMSFLEET_ERR_VALIDATION` naming `links.<i>.code` (codes carry 71
   * random bits, so this is a bug, not bad luck); links stored before it stay until they are purged.
   */
  create(links: ShortLink[]): Promise<void>;
  get(code: string): Promise<ShortLink | undefined>;
  /**
   * Count one hit atomically (across hubs): a bot hit adds to `bots`; a click adds to `total`, and to `unique` the
   * first time `visitor` (an anonymised identity) clicks this link. Undefined for an unknown code.
   */
  recordHit(code: string, hit: { bot: boolean; visitor: string }): Promise<HitResult | undefined>;
  /** The counts of a link, undefined for an unknown code. */
  stats(code: string): Promise<LinkStats | undefined>;
}

/**
 * Small first-writer-wins claims for front-ends (a Slack thread per contact, event-id dedupe across app
 * instances). Namespaces and keys are 1-200 chars of `[A-Za-z0-9._:+-]`, values 1-2000 chars
 * (`SMSFLEET_ERR_VALIDATION` naming `namespace`, `key` or `value` otherwise).
 */
export interface BindingRepo {
  /**
   * Bind `key` to `value` unless it is bound already (atomic across hubs). Returns the bound value and whether this
   * call bound it. With `ttlMs` the binding expires.
   */
  claim(namespace: string, key: string, value: string, ttlMs?: number): Promise<{ value: string; created: boolean }>;
  get(namespace: string, key: string): Promise<string | undefined>;
}
