import type { Device } from '../schemas';
import { CARRIER_WINDOW_MS, PHONE_WINDOW_MS, type RouterPolicy } from './policy';

/** The sending capacity of one SIM, in segments per minute. */
export interface SimCapacity {
  deviceId: string;
  sim: number;
  /** min(segmentsPerMinute, segmentsPerHour / 60): what the phone and carrier allow. */
  nominalPerMinute: number;
  /**
   * What the router sustains if no phone ever reports its sends (each reservation then holds until routing + margin
   * + window): a floor; with reports it reaches nominal.
   */
  sustainedPerMinute: number;
  /** Segments the SIM could take right now under its tightest window (filled in by the router). */
  remainingNow?: number;
}

/** A fleet's capacity: the sum over usable SIMs. */
export interface FleetCapacity {
  nominalPerMinute: number;
  sustainedPerMinute: number;
  sims: SimCapacity[];
}

/**
 * The fleet's capacity: the sum over enabled SIMs of devices that are not offline of
 * min(segments per minute, carrier budget per hour / 60) ("nominal"), and what the router reaches with
 * its safety margin when no sends are ever reported, max / (window + margin) ("sustained", a floor: reports move
 * reservations to the real send, see `RouterPolicy`).
 */
export function fleetCapacity(devices: Device[], policy: Pick<RouterPolicy, 'windowMarginMs'>): FleetCapacity {
  const sims: SimCapacity[] = [];
  for (const d of devices) {
    if (d.health === 'offline') continue;
    for (const s of d.sims) {
      if (!s.enabled) continue;
      const hourly = s.segmentsPerHour;
      const nominal = Math.min(s.segmentsPerMinute, hourly === undefined ? Infinity : hourly / 60);
      const sustained = Math.min(
        (s.segmentsPerMinute * PHONE_WINDOW_MS) / (PHONE_WINDOW_MS + policy.windowMarginMs),
        hourly === undefined ? Infinity : (hourly * PHONE_WINDOW_MS) / (CARRIER_WINDOW_MS + policy.windowMarginMs),
      );
      sims.push({ deviceId: d.id, sim: s.slot, nominalPerMinute: nominal, sustainedPerMinute: sustained });
    }
  }
  const sum = (f: (s: SimCapacity) => number) => sims.reduce((a, s) => a + f(s), 0);
  return {
    nominalPerMinute: sum((s) => s.nominalPerMinute),
    sustainedPerMinute: sum((s) => s.sustainedPerMinute),
    sims,
  };
}
