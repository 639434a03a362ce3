import type { Device, Message, Sim } from '../schemas';
import { SmsfleetError } from '../errors/smsfleet-error';
import { simBudgetKey, simCanEverCarry } from './budget-keys';

/** One SIM of one device. */
export interface SimRef {
  device: Device;
  sim: Sim;
  /** {@link simBudgetKey} of the SIM. */
  key: string;
}

/** The SIMs a message may go out from, and whether the caller named them. */
export interface RouteScope {
  sims: SimRef[];
  /** True when the caller asked for a device and/or SIM: the router never leaves this scope. */
  explicit: boolean;
}

/**
 * The SIMs a message may use: all SIMs of the fleet, or only the requested device and/or SIM slot.
 * Unknown names throw `SMSFLEET_ERR_UNKNOWN_DEVICE` with `field` `deviceId` or `sim` (the send request's
 * field names), so the hub can also call this when it accepts a request. Disabled or offline SIMs stay in
 * scope: the router waits for them rather than sending elsewhere.
 */
export function routeScope(devices: Device[], requested: Message['requested']): RouteScope {
  const all = (d: Device) => d.sims.map((sim) => ({ device: d, sim, key: simBudgetKey(d.id, sim.slot) }));
  const deviceId = requested?.deviceId;
  const slot = requested?.sim;
  if (deviceId === undefined && slot === undefined) return { sims: devices.flatMap(all), explicit: false };
  let pool = devices;
  if (deviceId !== undefined) {
    pool = devices.filter((d) => d.id === deviceId);
    if (pool.length === 0) {
      throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No device ${deviceId} in the fleet`, {
        field: 'deviceId',
        reason: `no device with id ${deviceId}`,
      });
    }
  }
  const sims = pool.flatMap(all).filter((r) => slot === undefined || r.sim.slot === slot);
  if (sims.length === 0) {
    const where = deviceId === undefined ? 'on any device' : `on device ${deviceId}`;
    throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No SIM in slot ${slot} ${where}`, {
      field: 'sim',
      reason: `no SIM in slot ${slot} ${where}`,
    });
  }
  return { sims, explicit: true };
}

/** How a SIM in scope stands for one message. */
export type SimStanding =
  | { usable: true; tier: 'online' | 'dozing' | 'offline' }
  | { usable: false; why: 'sim_disabled' | 'sim_too_small' };

/**
 * Whether a SIM could take a message of `segments` parts at all, and its device's health tier. Offline
 * devices are usable only as a probe once their cooldown has passed (the router checks the probe gate).
 */
export function simStanding(ref: SimRef, segments: number): SimStanding {
  if (!ref.sim.enabled) return { usable: false, why: 'sim_disabled' };
  if (!simCanEverCarry(ref.sim, segments)) return { usable: false, why: 'sim_too_small' };
  return { usable: true, tier: ref.device.health };
}

/** A SIM ready to be tried, with what the router knows about it. */
export interface RankedCandidate {
  ref: SimRef;
  /** True when the device is offline and this router holds its probe gate. */
  probe: boolean;
  /** Segments still free now under the SIM's tightest limit. */
  remaining: number;
  /** True when the SIM has already texted the recipient in its distinct-recipient period. */
  known?: boolean;
  /** Distinct-recipient slots left in the SIM's period (absent: no cap). */
  slotsLeft?: number;
}

const TIER_ORDER = { probe: 0, online: 1, dozing: 2 } as const;
/** Slots left, with an uncapped SIM's endless ones comparing equal to each other (Infinity - Infinity is NaN). */
const slots = (c: RankedCandidate) => Math.min(c.slotsLeft ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

/**
 * Order candidates for trying: a due probe first (half-open: one message finds out whether the phone is
 * back), then online before dozing devices (a dozing phone may answer only every ~15 minutes), then a SIM that has
 * already texted the recipient this period (it costs no distinct-recipient slot), then most slots left (new contacts
 * spread over capped SIMs; an uncapped SIM has endless slots), then most remaining segment budget first, then
 * device id and slot, so every hub breaks ties the same way.
 */
export function rankCandidates(cands: RankedCandidate[]): RankedCandidate[] {
  const tier = (c: RankedCandidate) =>
    c.probe ? TIER_ORDER.probe : c.ref.device.health === 'dozing' ? TIER_ORDER.dozing : TIER_ORDER.online;
  return [...cands].sort(
    (a, b) =>
      tier(a) - tier(b) ||
      Number(b.known ?? false) - Number(a.known ?? false) ||
      slots(b) - slots(a) ||
      b.remaining - a.remaining ||
      (a.ref.device.id < b.ref.device.id ? -1 : a.ref.device.id > b.ref.device.id ? 1 : 0) ||
      a.ref.sim.slot - b.ref.sim.slot,
  );
}
