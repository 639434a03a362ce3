import { z } from 'zod';
import { doc } from '../schemas/doc';
import { parseOrThrow } from '../errors/validate';

/** Android's default sending window (`sms_outgoing_check_interval_ms`). */
export const PHONE_WINDOW_MS = 60_000;
/** The window a carrier's hourly budget is counted over. */
export const CARRIER_WINDOW_MS = 3_600_000;

/**
 * The fleet router's tunables. Every duration is in milliseconds.
 *
 * `windowMarginMs` is the one that keeps phones safe: the hub reserves a message's segments when it routes
 * the message, but the phone counts its own 60 s window from when *it* sends, which is later (HTTP, push,
 * the app's own queue). Two reservations just over 60 s apart on the hub can land on the phone less than
 * 60 s apart and trip `RESULT_ERROR_LIMIT_EXCEEDED`. The router therefore counts every SIM limit over
 * `60 s + windowMarginMs` (and the hourly carrier budget over `1 h + windowMarginMs`): as long as the
 * phone sends each message less than `windowMarginMs` after the hub reserved it, the phone's own window can
 * never hold more than the limit. The price is a little throughput: a SIM sustains
 * `segmentsPerMinute * 60 s / (60 s + margin)` instead of `segmentsPerMinute` (27.7/min instead of 30 with
 * the default 5 s margin).
 *
 * The margin only holds if the delay stays under it, and a phone sends its queue one message at a time: 30
 * segments handed over at once take the phone 10-15 s to work through, far past any margin. `burstSegments` per
 * `burstWindowMs` paces hand-overs per SIM (default 10 per 10 s: faster than the 30/min a SIM sustains, so it
 * costs no throughput) so the phone's queue never holds more than a few seconds of sending.
 */
export const RouterPolicy = z.object({
  windowMarginMs: doc(z.number().int().min(0).max(600_000).default(5_000),
    'Safety margin added to every SIM window; must exceed the longest delay between routing and the phone sending', 5_000),
  burstSegments: doc(z.number().int().min(1).max(1_000).default(10),
    'Most segments handed to one SIM within burstWindowMs (pacing, so the phone\'s own queue stays short); must be at least the longest message', 10),
  burstWindowMs: doc(z.number().int().min(0).max(600_000).default(10_000),
    'Window of the burst limit; 0 turns pacing off', 10_000),
  continuityMaxWaitMs: doc(z.number().int().min(0).max(3_600_000).default(60_000),
    'Wait at most this long for the contact\'s previous SIM before moving the conversation to another SIM', 60_000),
  failureThreshold: doc(z.number().int().min(1).max(100).default(3),
    'Consecutive device failures after which a device is marked offline and routed around', 3),
  offlineCooldownMs: doc(z.number().int().min(1_000).max(86_400_000).default(300_000),
    'How long an offline device is left alone before one probe message is let through (half-open)', 300_000),
  noDeviceBackoffMs: doc(z.number().int().min(1_000).max(3_600_000).default(30_000),
    'How long to wait before routing again when no device can take the message at all', 30_000),
}).describe('Fleet router policy');
/** Resolved policy (every field present). */
export type RouterPolicy = z.output<typeof RouterPolicy>;
/** Policy as given by a caller (every field optional). */
export type RouterPolicyInput = z.input<typeof RouterPolicy>;

/** Fill in defaults and validate; throws `SMSFLEET_ERR_VALIDATION` naming the bad field (`policy.<field>`). */
export function resolveRouterPolicy(input: RouterPolicyInput = {}): RouterPolicy {
  return parseOrThrow(RouterPolicy, input, 'policy');
}
