import type { OutboundEvent } from '../schemas/envelope';
import type { Message } from '../schemas/message';
import type { MessageStatus } from '../schemas/status';
import type { MessageChange, MessageUpdate, Store, UpdateOptions } from '../store/port';
import { endsTracking } from './phase';
import { outboundStatusEvent, withPendingEvent } from './status-event';
import { rollupState } from '../metrics/rollup-state';

/** The publish port: hands an outbound event to whatever delivers it (the hub's webhook publisher). */
export interface EventPublishPort {
  /** Publish `event`; publishing one event id again must be harmless. Throws when it could not be published. */
  publish(event: OutboundEvent): Promise<unknown>;
}

/** What {@link transition} and {@link flushEvents} need: the message store, a publish port, a tracking port. */
export interface TransitionPorts {
  /** The messages, and the metric roll-ups every change is recorded in (when the store has them). */
  store: Pick<Store, 'messages'> & Partial<Pick<Store, 'rollups'>>;
  publisher: EventPublishPort;
  /**
   * Make sure the message's tracking job exists, due at `dueAt` (epoch ms), never moving one that does: it publishes
   * whatever a failed flush left pending (the hub: `enqueueIfAbsent` on the track queue).
   */
  ensureTracked(messageId: string, dueAt: number): Promise<unknown>;
  logger?: { warn(obj: object, msg: string): void };
}

/** What {@link transition} did: the store's answer, and the status the message had when the change was written. */
export type TransitionResult = MessageUpdate & { previous: MessageStatus };

/** How soon the tracking job looks again at a message whose events could not be published. */
export const FLUSH_RETRY_MS = 15_000;

/**
 * Steps 8-9 of the message path, the one way a message changes status: `fn`'s change is written by a compare-and-set
 * that, when the status moves, also records the `message.status_changed` event on the message (`pendingEvents`, with
 * an id fixed by the version written). Then every pending event of the message is published, oldest first, and
 * cleared by a second compare-and-set. Whatever is left pending (the publish failed, the hub crashed) is published by
 * the message's tracking job, which runs for every message until it is final and its events are out: a committed
 * change is never left unheard, and one change is one event id however often it is published.
 *
 * A failure to publish does not fail the transition (it is committed): it is logged, and the tracking job is made sure
 * of and looks again soon. A failure of the change itself throws, as `messages.update` does.
 *
 * `known`: the message as the caller last read or wrote it, when it is likely current (see `messages.update`).
 * `opts.report`: the report that asked for the change, recorded on the message with it (see `messages.update`).
 *
 * The message's metric roll-up state is recorded (`store.rollups`, idempotent per version) with its events: before
 * they are published, so the tracking job records what a crash left; or, for a change without an event or no change
 * at all (a duplicate), right here, where a failure throws like a store failure after the write.
 */
export async function transition(
  ports: TransitionPorts,
  id: string,
  fn: (c: Message) => MessageChange | null,
  now: Date,
  known?: Message,
  opts?: UpdateOptions,
): Promise<TransitionResult | undefined> {
  let previous = 'queued' as MessageStatus;
  const r = await ports.store.messages.update(
    id,
    (c) => {
      previous = c.status; // before fn, which may change its argument
      const version = c.version + 1;
      const change = fn(c);
      return change && withPendingEvent(change, previous, version, now);
    },
    known,
    opts,
  );
  if (!r) return undefined;
  if (!r.changed || !r.value.pendingEvents?.length) {
    // No event to publish: record the state now. Unchanged (a duplicate report) records it again, which is a no-op
    // unless an earlier record was lost. A failure throws like a store failure after the write: the caller's retry
    // (the gateway's, the job's) runs this again and records the state then.
    await ports.store.rollups?.record(rollupState(r.value));
    return { ...r, previous };
  }
  // The tracking job stops at a final (or unknown) status: a change out of one may find it gone, so it is made sure of.
  const untracked = endsTracking(previous);
  return { ...r, value: await flushOrDefer(ports, r.value, now, untracked), previous };
}

/**
 * Publish every pending event of `m` (as read), oldest first, then clear those (and only those) from the message;
 * returns the message as it is after the clearing. Publishing again is harmless while a delivery is pending (one
 * delivery job per subscription and event id); after a delivery it is a redelivery under the same webhook-id. Throws
 * when a publish or the clearing fails: the events stay pending.
 */
export async function flushEvents(ports: Pick<TransitionPorts, 'store' | 'publisher'>, m: Message): Promise<Message> {
  const pending = m.pendingEvents;
  if (!pending?.length) return m;
  // The roll-ups take the message's state before its events go out: the pending events are the record that this
  // is still owed, so a failure here leaves them for the tracking job, which records again (idempotent per version).
  await ports.store.rollups?.record(rollupState(m));
  for (const p of pending) await ports.publisher.publish(outboundStatusEvent(m, p));
  const done = new Set(pending.map((p) => p.id));
  // `m` as read or written is usually still current: the clearing then needs no read of its own.
  const cleared = await ports.store.messages.update(
    m.id,
    (c) => {
      if (!c.pendingEvents?.some((p) => done.has(p.id))) return null;
      const left = c.pendingEvents.filter((p) => !done.has(p.id));
      const { pendingEvents: _published, ...rest } = c;
      return { message: left.length ? { ...rest, pendingEvents: left } : rest, events: [] };
    },
    m,
  );
  const { pendingEvents: _published, ...rest } = m;
  return cleared?.value ?? rest;
}

/**
 * {@link flushEvents}, leaving the events to the tracking job (made sure of, due soon) when that fails: the change they
 * describe is committed, so the caller goes on. `ensureTracked`: make sure of the tracking job first.
 */
export async function flushOrDefer(
  ports: TransitionPorts,
  m: Message,
  now: Date,
  ensureTracked = false,
): Promise<Message> {
  const dueAt = now.getTime() + FLUSH_RETRY_MS;
  try {
    if (ensureTracked) await ports.ensureTracked(m.id, dueAt);
    return await flushEvents(ports, m);
  } catch (e) {
    ports.logger?.warn(
      { err: e, messageId: m.id, pending: m.pendingEvents?.map((p) => p.id) },
      'status event not published yet; the tracking job will',
    );
    await ports.ensureTracked(m.id, dueAt).catch(() => undefined);
    return m;
  }
}
