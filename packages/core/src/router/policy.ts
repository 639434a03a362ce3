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
 * `windowMarginMs` is the one that keeps phones safe. The phone counts its own 60 s window from when *it*
 * sends, which is later than when the hub routes (HTTP, push, the app's own queue). So the router stamps each
 * reservation at the latest time the phone may send it, `windowMarginMs` after routing: it counts from the
 * moment it is made until that stamp leaves the window. When the phone's report of the send (`sent`, or a
 * `delivered`/`failed` that overtook it) reaches the hub, the reservation is moved to the report's arrival time,
 * which is after the real send and usually well before the stamp, so the SIM's budget frees up as soon as the
 * phone's own window does. Every stamp is thus at or after the phone's real send, and no window on the phone can
 * hold more than the hub allowed. What the margin costs is bounded by how late reports arrive: with timely
 * reports a SIM sustains close to its 30 segments a minute; with none at all, `30 * 60 / (60 + margin)`.
 *
 * The margin only holds if the delay stays under it, and a phone sends its queue one message at a time: 30
 * segments handed over at once take the phone 10-15 s to work through, far past any margin. `burstSegments` per
 * `burstWindowMs` paces hand-overs per SIM (default 10 per 10 s: faster than the 30/min a SIM sustains, so it
 * costs no throughput) so the phone's queue never holds more than a few seconds of sending.
 */
export const RouterPolicy = z
  .object({
    windowMarginMs: doc(
      z.number().int().min(0).max(600_000).default(5_000),
      'Latest delay between routing and the phone sending: a reservation counts until this long after routing ' +
        'plus the window, or until the phone reports the send',
      5_000,
    ),
    burstSegments: doc(
      z.number().int().min(1).max(1_000).default(10),
      'Most segments handed to one SIM within burstWindowMs ' +
        "(pacing, so the phone's own queue stays short); must be at least the longest message",
      10,
    ),
    burstWindowMs: doc(
      z.number().int().min(0).max(600_000).default(10_000),
      'Window of the burst limit; 0 turns pacing off',
      10_000,
    ),
    continuityMaxWaitMs: doc(
      z.number().int().min(0).max(3_600_000).default(60_000),
      "Wait at most this long for the contact's previous SIM before moving the conversation to another SIM",
      60_000,
    ),
    failureThreshold: doc(
      z.number().int().min(1).max(100).default(3),
      'Consecutive device failures after which a device is marked offline and routed around',
      3,
    ),
    offlineCooldownMs: doc(
      z.number().int().min(1_000).max(86_400_000).default(300_000),
      'How long an offline device is left alone before one probe message is let through (half-open)',
      300_000,
    ),
    noDeviceBackoffMs: doc(
      z.number().int().min(1_000).max(3_600_000).default(30_000),
      'How long to wait before routing again when no device can take the message at all',
      30_000,
    ),
    budgetViewMaxAgeMs: doc(
      z.number().int().min(0).max(60_000).default(2_000),
      "How long the router trusts its memory of a SIM's budget (learnt from its last reservation there) before it " +
        'asks the store again; other hubs may have freed the SIM since; 0 asks the store for every message',
      2_000,
    ),
  })
  .describe('Fleet router policy');
/** Resolved policy (every field present). */
export type RouterPolicy = z.output<typeof RouterPolicy>;
/** Policy as given by a caller (every field optional). */
export type RouterPolicyInput = z.input<typeof RouterPolicy>;

/** Fill in defaults and validate; throws `SMSFLEET_ERR_VALIDATION` naming the bad field (`policy.<field>`). */
export function resolveRouterPolicy(input: RouterPolicyInput = {}): RouterPolicy {
  return parseOrThrow(RouterPolicy, input, 'policy');
}
