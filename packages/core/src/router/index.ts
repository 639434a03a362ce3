/**
 * The fleet router: which phone and SIM sends each message, within every SIM's segment limits, keeping
 * conversations on one sender and routing around phones that go quiet.
 */
export { createFleetRouter, type FleetRouter, type FleetRouterOptions, type RouterStore } from './fleet-router';
export {
  RouterPolicy,
  resolveRouterPolicy,
  PHONE_WINDOW_MS,
  CARRIER_WINDOW_MS,
  type RouterPolicyInput,
} from './policy';
export { simBudgetKey, probeGateKey, simLimits, probeGateLimits, simCanEverCarry } from './budget-keys';
export {
  routeScope,
  simStanding,
  rankCandidates,
  type SimRef,
  type RouteScope,
  type SimStanding,
  type RankedCandidate,
} from './candidates';
export { fleetCapacity, type FleetCapacity, type SimCapacity } from './capacity';
export type { Headroom } from './headroom';
export { applyOutcome, applyHeartbeat, SEND_OUTCOMES, type SendOutcome } from './health';
export {
  applySilence,
  applyVitals,
  lastSignOfLife,
  MAX_PENDING_HEALTH_CHANGES,
  noteHealthChange,
} from './health';
export { pendingOn, UNSENT_ON_PHONE } from './pending';
export type {
  RouteDecision,
  SendDecision,
  WaitDecision,
  ExpireDecision,
  WaitReason,
  SwitchReason,
  Reservation,
} from './decision';
export { phoneHasSent } from './phone-has-sent';
export { periodAt, type CalendarPeriod, type PeriodWindow } from './calendar';
export { simCaps, simTimeZone, capsView, type SimCaps, type CapsView } from './sim-caps';
export { simCapsUsage, type SimCapsUsage } from './caps-usage';
