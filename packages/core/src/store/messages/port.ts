import type { Message, MessageStatus, StatusEvent } from '../../schemas';
import type { Page, PageArgs, UpdateResult } from '../port';

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

/** Options of {@link MessageRepo.update}. */
export interface UpdateOptions {
  /**
   * A report's key (1-300 characters, e.g. a gateway's event id): recorded on the message in the same atomic step as
   * the change (alone when there is none), and kept as long as the message. The answer's `seen` says whether it was
   * recorded before, so a repeated report is told apart without a dedupe call of its own.
   */
  report?: string;
}

/** What {@link MessageRepo.update} answers for a message that exists. */
export type MessageUpdate = UpdateResult<Message> & {
  events: StatusEvent[];
  /** With {@link UpdateOptions.report}: whether that report was recorded on the message before this update. */
  seen?: boolean;
};

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
   * `known`: the message exactly as this store last answered it (a `get`, or an `update`'s value), which the caller
   * believes current: a store may try it first instead of reading (one round trip less on Redis); if it is stale, the
   * compare-and-set fails and the store reads and calls `fn` again, so a stale `known` costs a retry, never a write.
   * `opts.report`: see {@link UpdateOptions}.
   */
  update(
    id: string,
    fn: (m: Message) => MessageChange | null,
    known?: Message,
    opts?: UpdateOptions,
  ): Promise<MessageUpdate | undefined>;
  /** The message's timeline, oldest first. */
  events(id: string): Promise<StatusEvent[]>;
  /** Newest first, with an opaque cursor. */
  list(filter: MessageFilter, page?: PageArgs): Promise<Page<Message>>;
  /** Remember which message a gateway id belongs to (purged with it). Unknown message: `SMSFLEET_ERR_NOT_FOUND`. */
  linkGatewayId(gateway: string, gatewayMessageId: string, messageId: string): Promise<void>;
  byGatewayId(gateway: string, gatewayMessageId: string): Promise<string | undefined>;
}
