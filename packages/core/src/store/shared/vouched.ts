import { SmsfleetError, zodIssues } from '../../errors';
import { DeliveryAttempt, Message, type PendingEvent, type StatusEvent } from '../../schemas';

/** Records whose maker vouched that they match their schema, each for one check (see {@link vouchForCreate}). */
const vouched = new WeakSet<object>();

/**
 * Mark a message and its first events, built by code whose every field comes from a value a schema already checked
 * (the hub's send service), so that the store's create copies them instead of parsing them again: that parse was the
 * largest cost of a create. The fields in `check` (those the maker cannot vouch for, such as a text it lengthened) are
 * parsed here with their schema, refused as the store would (`SMSFLEET_ERR_VALIDATION` naming `message.<field>`).
 * Each mark is spent by the store's first check, so a record changed later is parsed as before, and a record not
 * marked is parsed as always. Whoever vouches must test that what it builds passes the schemas.
 */
export function vouchForCreate(
  message: Message,
  events: StatusEvent[],
  check: readonly (keyof typeof Message.shape)[] = [],
): void {
  for (const k of check) {
    const r = Message.shape[k].safeParse(message[k]);
    if (!r.success) {
      const issues = zodIssues(r.error, `message.${k}`);
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${issues[0]!.field}: ${issues[0]!.reason}`, {
        issues,
      });
    }
  }
  vouched.add(message);
  vouched.add(events);
}

/**
 * Mark a webhook delivery attempt built by code whose every field comes from a value a schema already checked (the
 * hub's webhook worker), so that the delivery log records it without parsing it again (3.5% of a status report's
 * CPU on the memory store). The fields in `check` (those the maker cannot vouch for, such as an error excerpt) are
 * parsed here, refused as the log would (`SMSFLEET_ERR_VALIDATION` naming `attempt.<field>`). The mark is spent by
 * the log's first check, as for {@link vouchForCreate}.
 */
export function vouchForAttempt(attempt: DeliveryAttempt, check: readonly (keyof typeof DeliveryAttempt.shape)[] = []) {
  for (const k of check) {
    const r = DeliveryAttempt.shape[k].safeParse(attempt[k]);
    if (!r.success) {
      const issues = zodIssues(r.error, `attempt.${k}`);
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${issues[0]!.field}: ${issues[0]!.reason}`, {
        issues,
      });
    }
  }
  vouched.add(attempt);
}

/** True (once) when `v` was vouched for and not checked since; the mark is spent. */
export function spendVouch(v: unknown): boolean {
  return typeof v === 'object' && v !== null && vouched.delete(v);
}

/**
 * Mark a pending status event that core's `withPendingEvent` just built from the message it is added to: its status,
 * `at`, segments, sender and failure are that message's own fields (checked as the message is, in the same update),
 * its `previousStatus` the stored message's status. What the message's check does not cover is checked here: an id
 * of at most 120 characters and a timestamp of `Date#toISOString`'s 24-character form (a year 0-9999). Anything
 * else is not marked, and parsed as before. The mark is spent ({@link spendVouch}) by the update's check
 * (see `checkMessageUpdate`).
 */
export function vouchForPendingEvent(p: PendingEvent): void {
  if (p.id.length >= 1 && p.id.length <= 120 && p.timestamp.length === 24) vouched.add(p);
}
