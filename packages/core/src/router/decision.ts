import type { z } from 'zod';
import type { SimReservation } from '../schemas';

/**
 * A segment reservation held for a send decision (budget key, reservation id, segments); give it back with
 * `release` if the send never reaches the phone.
 */
export type Reservation = z.infer<typeof SimReservation>;

/** Why a message's usual sender was not used (continuity broken). */
export type SwitchReason =
  | 'device_offline'
  | 'device_unknown'
  | 'sim_disabled'
  | 'sim_too_small'
  | 'busy'
  | 'capped'
  | 'out_of_scope';

/** Hand the message to this device and SIM now; its segments are already reserved. */
export interface SendDecision {
  kind: 'send';
  deviceId: string;
  sim: number;
  reservation: Reservation;
  /** True when this is the SIM the contact's conversation was already on. */
  continuity: boolean;
  /** True when the caller asked for this device or SIM. */
  requested: boolean;
  /**
   * True when the device is offline and this message is the one probe let through after the cooldown
   * (half-open): its outcome decides whether the device comes back.
   */
  probe: boolean;
  /** Set when the contact had a previous sender that was not used, with the reason. */
  switchedFrom?: { deviceId: string; sim: number; reason: SwitchReason };
  /** Offline devices in the message's scope that the router passed over for this one (for the timeline). */
  routedAround?: string[];
}

/**
 * Why a message has to wait:
 * - `scheduled`: `sendAt` is in the future.
 * - `budget`: every eligible SIM is at its segment limit; `retryAt` is when the first frees up.
 * - `continuity_busy`: the contact's SIM is at its limit but frees up within the continuity wait.
 * - `requested_busy`: the requested device/SIM is at its limit.
 * - `requested_offline`: the requested device is offline; `retryAt` is its next probe.
 * - `requested_disabled`: the requested SIM is disabled by the operator.
 * - `no_device`: no device can take the message at all (none, all offline or disabled).
 * - `cap`: every eligible SIM is at a daily or monthly cap, or has no distinct-recipient slot left for a new contact;
 *   `retryAt` is the earliest local midnight or first of the month at which one frees up.
 */
export type WaitReason =
  | 'scheduled'
  | 'budget'
  | 'continuity_busy'
  | 'requested_busy'
  | 'requested_offline'
  | 'requested_disabled'
  | 'no_device'
  | 'cap';

/** Do not send now; route again at `retryAt` (already capped at the message's `expiresAt`). */
export interface WaitDecision {
  kind: 'wait';
  retryAt: Date;
  reason: WaitReason;
  /** A human-readable explanation for logs and the timeline. */
  detail: string;
}

/**
 * Give up with status `expired`: the message's `expiresAt` has passed, or (with `failure`) no SIM's caps free up
 * before it.
 */
export interface ExpireDecision {
  kind: 'expire';
  /** Set when the caps decided it: the message's failure code, instead of `SMSFLEET_TTL_EXPIRED`. */
  failure?: 'SMSFLEET_CAPS_REACHED';
  /** Why, for the timeline. */
  detail?: string;
}

/** The router's answer for one message at one instant. */
export type RouteDecision = SendDecision | WaitDecision | ExpireDecision;
