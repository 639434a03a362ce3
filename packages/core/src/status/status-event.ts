import type { z } from 'zod';
import type { OutboundEvent, StatusChangedData } from '../schemas/envelope';
import { MAX_PENDING_EVENTS, type Message, type PendingEvent } from '../schemas/message';
import type { MessageStatus } from '../schemas/status';
import type { MessageChange } from '../store/port';
import { vouchForPendingEvent } from '../store/shared/vouched';

/**
 * The id of the status event written by the compare-and-set that brings `m` to `version`: deterministic (one
 * transition, one id, whoever publishes it and however often), and unique per message since every write bumps it.
 */
export function statusEventId(messageId: string, version: number): string {
  return `evt_${messageId}_${version}`;
}

/** The pending (not yet published) event of a change that moved `m` (as written) from `previous`. */
export function pendingStatusEvent(m: Message, previous: MessageStatus, id: string, now: Date): PendingEvent {
  const p: PendingEvent = {
    id,
    timestamp: now.toISOString(),
    status: m.status,
    previousStatus: previous,
    at: m.updatedAt,
    segments: m.segments,
  };
  if (m.from) {
    p.deviceId = m.from.deviceId;
    p.sim = m.from.sim;
  }
  if (m.failure) p.failure = m.failure;
  return p;
}

/** Events {@link outboundStatusEvent} built: valid by construction (see {@link isBuiltStatusEvent}). */
const built = new WeakSet<OutboundEvent>();

/**
 * True for an event that {@link outboundStatusEvent} built, from a message and a pending event as the store keeps them
 * (both checked against their schemas when written): such an event needs no check of its own against `OutboundEvent`
 * (a test parses built events and finds them unchanged), which spares the publisher a schema parse per status change.
 */
export function isBuiltStatusEvent(e: OutboundEvent): boolean {
  return built.has(e);
}

/** The `message.status_changed` event of pending change `p` of message `m`, echoing its reference. */
export function outboundStatusEvent(m: Message, p: PendingEvent): OutboundEvent {
  // Built field by field (every status report publishes one): cheaper than spreading the optional parts.
  const data: z.infer<typeof StatusChangedData> = {
    messageId: m.id,
    to: m.to,
    status: p.status,
    previousStatus: p.previousStatus,
    segments: p.segments,
    at: p.at,
  };
  if (m.reference) data.reference = m.reference;
  if (m.metadata) data.metadata = m.metadata;
  if (m.campaign) data.campaign = m.campaign;
  if (m.tags) data.tags = m.tags;
  if (p.deviceId !== undefined && p.sim !== undefined) {
    data.deviceId = p.deviceId;
    data.sim = p.sim;
  }
  if (p.failure) data.failure = p.failure;
  const event: OutboundEvent = { id: p.id, type: 'message.status_changed', timestamp: p.timestamp, data };
  built.add(event);
  return event;
}

/** The `message.status_changed` event for a message that just moved from `previous` to its version's status. */
export function statusChangedEvent(m: Message, previous: MessageStatus, now: Date): OutboundEvent {
  return outboundStatusEvent(m, pendingStatusEvent(m, previous, statusEventId(m.id, m.version), now));
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
  vouchForPendingEvent(p); // built from the message it joins: the update's check need not parse it
  const pendingEvents = [...(change.message.pendingEvents ?? []), p].slice(-MAX_PENDING_EVENTS);
  return { ...change, message: { ...change.message, pendingEvents } };
}
