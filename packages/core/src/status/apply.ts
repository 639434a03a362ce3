import { SmsfleetError } from '../errors/smsfleet-error';
import { classifyFailure, ownFailure } from '../failures/classify';
import type { StatusEvent } from '../schemas/events';
import type { Message } from '../schemas/message';
import type { MessageFailure, MessageStatus } from '../schemas/status';
import type { MessageChange } from '../store/port';
import { FAILURE_STATUSES, isTerminal, statusRank } from './precedence';

/** The part of a Message the status model owns (derived from the Message schema, never restated). */
export type TrackedState = Pick<
  Message,
  'status' | 'failure' | 'segments' | 'sentAt' | 'deliveredAt' | 'failedAt' | 'updatedAt'
>;

/** Result of applying one event. */
export interface ApplyResult {
  state: TrackedState;
  /** True when anything in the state changed. */
  changed: boolean;
  /** True when the status itself changed (this is what publishes `message.status_changed`). */
  statusChanged: boolean;
  previousStatus: MessageStatus;
}

/** The tracked fields of `s` (a whole message, when the caller has one): all that a result needs to carry. */
function tracked(s: TrackedState): TrackedState {
  const t: TrackedState = { status: s.status, segments: s.segments, updatedAt: s.updatedAt };
  if (s.failure !== undefined) t.failure = s.failure;
  if (s.sentAt !== undefined) t.sentAt = s.sentAt;
  if (s.deliveredAt !== undefined) t.deliveredAt = s.deliveredAt;
  if (s.failedAt !== undefined) t.failedAt = s.failedAt;
  return t;
}

function defaultFailure(status: MessageStatus): MessageFailure {
  switch (status) {
    case 'expired':
      return ownFailure('SMSFLEET_TTL_EXPIRED');
    case 'undelivered':
      return classifyFailure({ code: '5009' });
    case 'rejected':
      return classifyFailure({ code: '5004' });
    default:
      return classifyFailure({});
  }
}

/**
 * The status model, as a pure function `(state, event, now) -> state'`.
 * - A report moves the message only to a status of higher precedence: late, duplicate, reordered and
 *   per-segment reports change nothing (`sent` after `delivered` is a no-op).
 * - Terminal statuses are final; the first one wins. A late `sent` only fills in a missing `sentAt`.
 * - `unknown` (hub timeout) can still be replaced by a real final report.
 * - The phone's `partsCount` (`segmentsTotal`) replaces the hub's own segment estimate.
 * Throws SMSFLEET_ERR_VALIDATION for `received`, which is never an outbound status.
 */
export function applyStatusEvent(
  state: TrackedState,
  event: Pick<StatusEvent, 'status' | 'at' | 'failure' | 'segmentsTotal'>,
  now: Date,
): ApplyResult {
  const previousStatus = state.status;
  const unchanged: ApplyResult = { state, changed: false, statusChanged: false, previousStatus };
  const rank = statusRank(event.status);
  if (rank === undefined) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'received is not a status of an outbound message', {
      field: 'status',
      reason: 'received is for inbound texts only',
    });
  }
  // A `sent` report that lost the race with `delivered` (or `undelivered`) still tells when the text left the
  // phone: keep it, without moving the status, so time-to-deliver can be measured.
  if (
    event.status === 'sent' &&
    state.sentAt === undefined &&
    (state.status === 'delivered' || state.status === 'undelivered')
  ) {
    return {
      state: { ...tracked(state), sentAt: event.at, updatedAt: now.toISOString() },
      changed: true,
      statusChanged: false,
      previousStatus,
    };
  }
  if (isTerminal(state.status)) return unchanged;
  const current = statusRank(state.status) ?? -1;
  if (rank < current) return unchanged;

  const next = tracked(state);
  let changed = false;
  if (event.segmentsTotal !== undefined && event.segmentsTotal !== state.segments) {
    next.segments = event.segmentsTotal;
    changed = true;
  }
  if (rank > current) {
    next.status = event.status;
    changed = true;
    if (event.status === 'sent') next.sentAt ??= event.at;
    if (event.status === 'delivered') next.deliveredAt = event.at;
    if (FAILURE_STATUSES.has(event.status)) {
      next.failedAt = event.at;
      next.failure = event.failure ?? defaultFailure(event.status);
    }
  }
  if (!changed) return unchanged;
  next.updatedAt = now.toISOString();
  return { state: next, changed: true, statusChanged: next.status !== previousStatus, previousStatus };
}

/**
 * Apply an event to a whole message, in the shape `store.messages.update` expects: the new message plus the
 * timeline events to append, or null when nothing changed. Only status changes enter the timeline.
 */
export function applyToMessage(message: Message, event: StatusEvent, now: Date): MessageChange | null {
  const r = applyStatusEvent(message, event, now);
  if (!r.changed) return null;
  return { message: { ...message, ...r.state }, events: r.statusChanged ? [event] : [] };
}
