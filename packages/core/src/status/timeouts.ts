import { ownFailure } from '../failures/classify';
import { newId } from '../ids';
import type { StatusEvent } from '../schemas/events';
import type { Message } from '../schemas/message';

/** How long the hub waits before it stops waiting for reports. */
export interface TimeoutPolicy {
  /**
   * A message `sent` (or `sending`) with no final report for this long becomes `unknown`. Default 48 h:
   * networks retry delivery for 48 h by default (The SMS Works) and a report cannot come after the
   * message's validity ends; a dozing phone (reports every ~15 min) is far inside it. `unknown` is not
   * final: a late real report still lands.
   */
  finalReportWindowMs: number;
}

/** Default timeouts. */
export const DEFAULT_TIMEOUT_POLICY: Readonly<TimeoutPolicy> = Object.freeze({ finalReportWindowMs: 48 * 3600_000 });

type TimeoutFields = Pick<Message, 'id' | 'status' | 'expiresAt' | 'sentAt' | 'updatedAt'>;

const NOT_HANDED_OVER = new Set(['scheduled', 'queued']);
/** Handed over, and the phone has not said it sent it. */
const HANDED_OVER_UNSENT = new Set(['accepted', 'pending']);
const AWAITING_REPORT = new Set(['sending', 'sent']);

/**
 * When the next timeout check for this message is due, or undefined if none applies. A message handed over but not
 * reported sent has a deadline even without `expiresAt` (the window from its last change), so none stays `pending`
 * forever; one not yet handed over has none but its expiry (its send job is the hub's own, see the tracker).
 */
export function timeoutDueAt(m: TimeoutFields, policy: TimeoutPolicy = DEFAULT_TIMEOUT_POLICY): Date | undefined {
  if (NOT_HANDED_OVER.has(m.status)) return m.expiresAt ? new Date(m.expiresAt) : undefined;
  if (HANDED_OVER_UNSENT.has(m.status)) {
    const silent = Date.parse(m.updatedAt) + policy.finalReportWindowMs;
    return new Date(m.expiresAt ? Math.min(Date.parse(m.expiresAt), silent) : silent);
  }
  if (AWAITING_REPORT.has(m.status)) return new Date(Date.parse(m.sentAt ?? m.updatedAt) + policy.finalReportWindowMs);
  return undefined;
}

/**
 * The timeout event due for a message at `now`, or null:
 * - not yet sent (scheduled/queued/accepted/pending) past `expiresAt` -> `expired`;
 * - handed over (accepted/pending) with no word from the phone within `finalReportWindowMs` -> `unknown`;
 * - sent/sending with no final report within `finalReportWindowMs` -> `unknown`.
 * The caller applies it through the status model like any report (so a real report that raced it wins).
 */
export function checkTimeout(
  m: TimeoutFields,
  now: Date,
  policy: TimeoutPolicy = DEFAULT_TIMEOUT_POLICY,
): StatusEvent | null {
  const due = timeoutDueAt(m, policy);
  if (!due || now.getTime() < due.getTime()) return null;
  const at = now.toISOString();
  const window = `${Math.round(policy.finalReportWindowMs / 60_000)} min`;
  if (m.expiresAt && now.getTime() >= Date.parse(m.expiresAt) && !AWAITING_REPORT.has(m.status)) {
    return {
      id: newId('evt', now),
      messageId: m.id,
      status: 'expired',
      at,
      source: 'timeout',
      failure: ownFailure('SMSFLEET_TTL_EXPIRED'),
      note: `not sent before ${m.expiresAt}`,
    };
  }
  if (HANDED_OVER_UNSENT.has(m.status)) {
    return {
      id: newId('evt', now),
      messageId: m.id,
      status: 'unknown',
      at,
      source: 'timeout',
      note: `handed over to the gateway (${m.status}), but no report that the phone sent it within ${window}`,
    };
  }
  return {
    id: newId('evt', now),
    messageId: m.id,
    status: 'unknown',
    at,
    source: 'timeout',
    note: `no final report within ${window} of sending`,
  };
}
