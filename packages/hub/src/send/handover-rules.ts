import {
  applyToMessage,
  editedSince,
  isGatewaySendError,
  isSendable,
  type StatusEvent,
  type Handover,
  type HandoverOutcome,
  type Message,
  type MessageChange,
} from '@smsfleet/core';

/** Network error codes that mean the request never reached the gateway (nothing can have been sent). */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * True when a send error shows the gateway did not take the message: it answered a refusal (4xx, or 503 "queue
 * full"), the request never left (connection refused, unknown host), or the adapter refused it before any request.
 * A timeout, a reset connection, another 5xx or an unreadable 2xx is not definitive: the gateway may have the
 * message, so the hand-over is reconciled before anything else.
 */
export function definitiveRefusal(e: unknown): boolean {
  if (!isGatewaySendError(e)) return false;
  if (e.httpStatus !== undefined) return (e.httpStatus >= 400 && e.httpStatus < 500) || e.httpStatus === 503;
  if (e.problem === 'timeout') return false;
  if (e.problem === 'network') return neverSent(e.cause);
  return true; // refused by the adapter itself, before any request (no SIM number, no device id)
}

function neverSent(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((x) => neverSent(x, depth + 1))) return true;
  return neverSent((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * True when the message was requeued past its accepted hand-over without closing it (the gateway id it carries, if
 * any, is another one): that hand-over no longer holds the message.
 */
export function requeuedPast(m: Message): boolean {
  return m.handover?.outcome === 'accepted' && m.gatewayMessageId !== m.handover.gatewayMessageId;
}

/**
 * Our client id for hand-over `attempt`: the message id first, then a fresh one (gateways refuse an id they have seen).
 */
export function clientIdFor(messageId: string, attempt: number): string {
  return attempt <= 1 ? messageId : `${messageId}-h${attempt}`;
}

/**
 * The change that records a hand-over intent on `c`, or null when `c` may not be handed over now: it is no longer
 * waiting to be sent, or its latest hand-over is still open (no outcome) or was accepted, or another hub already
 * wrote this attempt, or it was edited since `routed` was read (PATCH: the text, schedule or phone routed are no longer
 * the message's). The superseded hand-over moves to `previousHandovers`; the SIM reservation is kept on the
 * message from here on, so a crash does not lose it.
 */
export function intentChange(
  c: Message,
  intent: Handover,
  reservation: Message['reservation'],
  routed?: Pick<Message, 'body' | 'sendAt' | 'requested'>,
): MessageChange | null {
  if (!isSendable(c.status)) return null;
  if (routed && editedSince(c, routed)) return null;
  const prev = c.handover;
  if ((prev?.attempt ?? 0) !== intent.attempt - 1) return null;
  if (prev && (!prev.outcome || (prev.outcome === 'accepted' && !requeuedPast(c)))) return null;
  const next: Message = { ...c, handover: intent, ...(reservation ? { reservation } : {}) };
  if (prev) next.previousHandovers = [...(c.previousHandovers ?? []), prev].slice(-10);
  return { message: next, events: [] };
}

/**
 * The change that closes hand-over `attempt` with an outcome that sent nothing (refused, not_found, unconfirmed under
 * at-least-once), dropping the SIM reservation from the message; null when that hand-over is not the open one.
 */
export function closeChange(
  c: Message,
  attempt: number,
  outcome: Exclude<HandoverOutcome, 'accepted'>,
  note: string,
  now: Date,
): MessageChange | null {
  const h = c.handover;
  if (!h || h.attempt !== attempt || h.outcome) return null;
  const { reservation: _r, ...rest } = c;
  return {
    message: { ...rest, handover: { ...h, outcome, outcomeAt: now.toISOString(), note: note.slice(0, 500) } },
    events: [],
  };
}

/**
 * At-most-once: the change that closes hand-over `attempt` as `unconfirmed` and ends the message `unknown` through
 * `event` (which carries the failure naming the hand-over); the failure is kept even when a real report already took
 * the status further. Null when that hand-over is not the open one. The SIM reservation is left to expire: the phone
 * may well have sent it.
 */
export function unconfirmedChange(
  c: Message,
  attempt: number,
  reason: string,
  event: StatusEvent,
  now: Date,
): MessageChange | null {
  const closed = closeChange(c, attempt, 'unconfirmed', reason, now);
  if (!closed) return null;
  const a = applyToMessage(closed.message, event, now);
  return { message: { ...(a?.message ?? closed.message), failure: event.failure }, events: a?.events ?? [] };
}

/** Plain words naming a hand-over: attempt, phone, SIM, connection and time. */
export function describeHandover(h: Handover): string {
  const where = `connection ${h.connectionId}, client id ${h.clientId}`;
  return `hand-over ${h.attempt} to ${h.deviceId} SIM ${h.sim} (${where}) at ${h.at}`;
}
