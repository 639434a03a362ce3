import { requireKey } from '../shared/args';

/** Longest create outbox a store keeps (it lists a message's follow-ups, e.g. its short links). */
export const MAX_OUTBOX_CHARS = 1_000_000;

/**
 * A create's outbox as given, checked: undefined, or a string of 1-{@link MAX_OUTBOX_CHARS} characters (else
 * `SMSFLEET_ERR_VALIDATION` naming `outbox`).
 */
export function checkOutbox(outbox: unknown): string | undefined {
  return outbox === undefined ? undefined : requireKey(outbox, 'outbox', MAX_OUTBOX_CHARS);
}
