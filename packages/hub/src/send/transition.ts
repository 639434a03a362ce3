import type { FastifyBaseLogger } from 'fastify';
import {
  isTerminal,
  MAX_PENDING_EVENTS,
  type Message,
  type MessageChange,
  type MessageStatus,
  type StatusEvent,
  type Store,
  type UpdateResult,
} from '@smsfleet/core';
import type { EventPublisher } from '../webhooks/publisher';
import { outboundStatusEvent, pendingStatusEvent, QUEUES, statusEventId } from './events';

/** What {@link transition} and {@link flushEvents} need. */
export interface TransitionDeps {
  store: Pick<Store, 'messages' | 'queue'>;
  publisher: Pick<EventPublisher, 'publish'>;
  logger?: Pick<FastifyBaseLogger, 'warn'>;
}

/** What {@link transition} did: the store's answer, and the status the message had when the change was written. */
export type TransitionResult = UpdateResult<Message> & { events: StatusEvent[]; previous: MessageStatus };

/** How soon the tracking job looks again at a message whose events could not be published. */
export const FLUSH_RETRY_MS = 15_000;

/**
 * Steps 8-9 of the message path, the one way a message changes status: `fn`'s change is written by a compare-and-set
 * that, when the status moves, also records the `message.status_changed` event on the message (`pendingEvents`, with
 * an id fixed by the version written). Then every pending event of the message is published, oldest first, and
 * cleared by a second compare-and-set. Whatever is left pending (the publish failed, the hub crashed) is published by
 * the message's tracking job (tracker.ts), which runs for every message until it is final and its events are out:
 * a committed change is never left unheard, and one change is one event id however often it is published.
 *
 * A failure to publish does not fail the transition (it is committed): it is logged, and the tracking job is made sure
 * of and looks again soon. A failure of the change itself throws, as `messages.update` does.
 */
export async function transition(
  deps: TransitionDeps,
  id: string,
  fn: (c: Message) => MessageChange | null,
  now: Date,
): Promise<TransitionResult | undefined> {
  let previous = 'queued' as MessageStatus;
  const r = await deps.store.messages.update(id, (c) => {
    previous = c.status; // before fn, which may change its argument
    const version = c.version + 1;
    const change = fn(c);
    return change && withPendingEvent(change, previous, version, now);
  });
  if (!r) return undefined;
  if (!r.changed || !r.value.pendingEvents?.length) return { ...r, previous };
  // The tracking job stops at a final (or unknown) status: a change out of one may find it gone, so it is made sure of.
  const untracked = isTerminal(previous) || previous === 'unknown';
  return { ...r, value: await flushOrDefer(deps, r.value, now, untracked), previous };
}

/**
 * Add the event of `change` to the message's pending events when it moves the status from `previous`. The id is the
 * version the compare-and-set writes: a retried compare-and-set recomputes it, and only the winning one is stored.
 */
export function withPendingEvent(
  change: MessageChange,
  previous: MessageStatus,
  version: number,
  now: Date,
): MessageChange {
  if (change.message.status === previous) return change;
  const p = pendingStatusEvent(change.message, previous, statusEventId(change.message.id, version), now);
  const pendingEvents = [...(change.message.pendingEvents ?? []), p].slice(-MAX_PENDING_EVENTS);
  return { ...change, message: { ...change.message, pendingEvents } };
}

/**
 * Publish every pending event of `m` (as read), oldest first, then clear those (and only those) from the message;
 * returns the message as it is after the clearing. Publishing again is harmless while a delivery is pending (one
 * delivery job per subscription and event id); after a delivery it is a redelivery under the same webhook-id. Throws
 * when a publish or the clearing fails: the events stay pending.
 */
export async function flushEvents(deps: TransitionDeps, m: Message): Promise<Message> {
  const pending = m.pendingEvents;
  if (!pending?.length) return m;
  for (const p of pending) await deps.publisher.publish(outboundStatusEvent(m, p));
  const done = new Set(pending.map((p) => p.id));
  const cleared = await deps.store.messages.update(m.id, (c) => {
    if (!c.pendingEvents?.some((p) => done.has(p.id))) return null;
    const left = c.pendingEvents.filter((p) => !done.has(p.id));
    const { pendingEvents: _published, ...rest } = c;
    return { message: left.length ? { ...rest, pendingEvents: left } : rest, events: [] };
  });
  const { pendingEvents: _published, ...rest } = m;
  return cleared?.value ?? rest;
}

/**
 * {@link flushEvents}, leaving the events to the tracking job (made sure of, due soon) when that fails: the change they
 * describe is committed, so the caller goes on. `ensureTracked`: make sure of the tracking job first.
 */
export async function flushOrDefer(
  deps: TransitionDeps,
  m: Message,
  now: Date,
  ensureTracked = false,
): Promise<Message> {
  const track = { id: m.id, dueAt: now.getTime() + FLUSH_RETRY_MS, payload: { messageId: m.id } };
  try {
    if (ensureTracked) await deps.store.queue.enqueueIfAbsent(QUEUES.track, track);
    return await flushEvents(deps, m);
  } catch (e) {
    deps.logger?.warn(
      { err: e, messageId: m.id, pending: m.pendingEvents?.map((p) => p.id) },
      'status event not published yet; the tracking job will',
    );
    await deps.store.queue.enqueueIfAbsent(QUEUES.track, track).catch(() => undefined);
    return m;
  }
}
