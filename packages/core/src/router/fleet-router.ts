import type { Device, DeviceHealth, Message } from '../schemas';
import type { Store } from '../store/port';
import { SmsfleetError } from '../errors/smsfleet-error';
import { probeGateKey, probeGateLimits, simBudgetKey, simCanEverCarry, simLimits } from './budget-keys';
import { BudgetView } from './budget-view';
import { fleetHeadroom, type Headroom } from './headroom';
import { rankCandidates, routeScope, simStanding, type RankedCandidate, type SimRef } from './candidates';
import { fleetCapacity, type FleetCapacity } from './capacity';
import type { Reservation, RouteDecision, SendDecision, SwitchReason, WaitDecision, WaitReason } from './decision';
import type { SendOutcome } from './health';
import { heartbeat, recordOutcome } from './health-events';
import { pendingOn } from './pending';
import { resolveRouterPolicy, type RouterPolicy, type RouterPolicyInput } from './policy';
import { readStanding, type SimReading } from './read-standing';

/** The parts of the Store the router uses. */
export type RouterStore = Pick<Store, 'devices' | 'budgets' | 'conversations' | 'messages'>;

/** Options of {@link createFleetRouter}. */
export interface FleetRouterOptions {
  store: RouterStore;
  policy?: RouterPolicyInput;
}

/** The fleet router: which phone and SIM sends each message, across every hub sharing one store. */
export interface FleetRouter {
  /** The resolved policy. */
  readonly policy: RouterPolicy;
  /**
   * Decide for one message at `now`: expire it, make it wait until `retryAt`, or send it from a device and
   * SIM whose budget now holds the message's segments. Throws `SMSFLEET_ERR_UNKNOWN_DEVICE` (field
   * `deviceId` or `sim`) for a requested device/SIM not in the fleet, and `SMSFLEET_ERR_MESSAGE_TOO_LONG`
   * (field `segments`) when no SIM in scope could ever take that many segments under its limits.
   */
  route(message: Message, now: Date): Promise<RouteDecision>;
  /** Give back a send decision's reservation: the message never reached the phone. */
  release(reservation: Reservation): Promise<void>;
  /**
   * The phone has sent the message (a report of `sent`, `delivered` or `failed` arrived at `now`): move the
   * reservation from the hand-over's latest send time to `now`, which is no earlier than the real send, so the
   * SIM's budget frees up as soon as the phone's own window does. Returns the moved reservation, or undefined
   * when it was already gone.
   */
  confirm(reservation: Reservation, now: Date): Promise<Reservation | undefined>;
  /** Record a send outcome; returns the updated device, or undefined if it is not in the fleet. */
  recordOutcome(deviceId: string, outcome: SendOutcome, now: Date): Promise<Device | undefined>;
  /** Record a heartbeat (`true` = online); returns the updated device, or undefined if it is not in the fleet. */
  heartbeat(deviceId: string, state: boolean | DeviceHealth, now: Date): Promise<Device | undefined>;
  /** Messages on `deviceId` that the phone has not sent yet, for cancelling and requeueing. */
  pendingOn(deviceId: string): Promise<Message[]>;
  /**
   * Segments the whole fleet could take at `now` as far as this router's budget view knows, and when none, the
   * earliest time one frees up; undefined unless it knows every SIM of the fleet it last routed over (none capped,
   * no device offline). No store step: the dispatcher sizes its claims with it.
   */
  headroom(now: Date): Headroom | undefined;
  /** The fleet's capacity, with each SIM's segments still free at `now`. */
  capacity(devices: Device[], now: Date): Promise<FleetCapacity>;
}

/**
 * Create a fleet router over a store. Device health lives on the devices, budgets and probe gates in the store's
 * segment budgets, so any number of routers (hubs) can share one store. The router's only state is its view of the
 * SIMs' budgets ({@link BudgetView}), a hint learnt from its own reservations: each reservation is still decided in
 * the store.
 */
export function createFleetRouter(opts: FleetRouterOptions): FleetRouter {
  const { store } = opts;
  const policy = resolveRouterPolicy(opts.policy);
  const view = new BudgetView(policy.budgetViewMaxAgeMs);
  /** The devices of the last routing, for {@link FleetRouter.headroom}. */
  let lastDevices: Device[] | undefined;

  /** Segments still free on a SIM under its tightest limit, sliding or calendar. */
  async function remaining(ref: SimRef, t: number): Promise<number> {
    return (await readStanding(store, policy, ref, t, undefined, 1)).remaining;
  }

  async function route(message: Message, now: Date): Promise<RouteDecision> {
    const t = now.getTime();
    const expiresAt = message.expiresAt === undefined ? Infinity : Date.parse(message.expiresAt);
    if (t >= expiresAt) return { kind: 'expire' };
    const wait = (at: number, reason: WaitReason, detail: string): WaitDecision => ({
      kind: 'wait',
      retryAt: new Date(Math.max(t + 1, Math.min(at, expiresAt))),
      reason,
      detail,
    });
    if (message.sendAt !== undefined && Date.parse(message.sendAt) > t) {
      return wait(Date.parse(message.sendAt), 'scheduled', `scheduled for ${message.sendAt}`);
    }

    const devices = await store.devices.list();
    lastDevices = devices;
    const scope = routeScope(devices, message.requested);
    const segments = message.segments;
    if (scope.sims.length > 0 && scope.sims.every((r) => !simCanEverCarry(r.sim, segments))) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_MESSAGE_TOO_LONG',
        `${segments} segments exceed the limits of every SIM that may send this message`,
        { field: 'segments', reason: `${segments} segments is more than any eligible SIM may send per window` },
      );
    }
    const usable = scope.sims.filter((r) => simStanding(r, segments).usable);

    // Half-open: an offline device gets one probe per cooldown, won atomically by one router on one hub.
    const probes = new Map<string, string>();
    const probeRetry: number[] = [];
    const offline = [...new Set(usable.filter((r) => r.device.health === 'offline').map((r) => r.device.id))];
    await Promise.all(
      offline.map(async (id) => {
        const r = await store.budgets.reserve(probeGateKey(id), 1, probeGateLimits(policy), t);
        if (r.ok) probes.set(id, r.reservationId);
        else probeRetry.push(r.retryAt);
      }),
    );
    let usedProbe: string | undefined;
    try {
      const live = usable.filter((r) => r.device.health !== 'offline' || probes.has(r.device.id));
      if (live.length === 0) {
        const nextProbe = Math.min(...probeRetry);
        if (scope.explicit) {
          return offline.length > 0
            ? wait(nextProbe, 'requested_offline', 'the requested device is offline; waiting for its next probe')
            : wait(t + policy.noDeviceBackoffMs, 'requested_disabled', 'the requested SIM is disabled');
        }
        return wait(
          Math.min(nextProbe, t + policy.noDeviceBackoffMs),
          'no_device',
          'no online device with an enabled SIM',
        );
      }
      // One read per SIM (in parallel): its windows and, for a capped SIM, its periods and the recipient's slot.
      const readings = new Map<RankedCandidate, SimReading>();
      const read = await Promise.all(
        live.map(async (ref): Promise<RankedCandidate> => {
          const reading = await readStanding(store, policy, ref, t, message.to, segments, view);
          const c: RankedCandidate = {
            ref,
            probe: ref.device.health === 'offline',
            remaining: reading.remaining,
            ...(reading.view ? { known: reading.view.known } : {}),
            ...(reading.view?.slotsLeft !== undefined && Number.isFinite(reading.view.slotsLeft)
              ? { slotsLeft: reading.view.slotsLeft }
              : {}),
          };
          readings.set(c, reading);
          return c;
        }),
      );
      const ranked = rankCandidates(read);

      const send = (
        c: RankedCandidate,
        id: string,
        continuity: boolean,
        switchedFrom?: SendDecision['switchedFrom'],
      ): SendDecision => {
        if (c.probe) usedProbe = c.ref.device.id;
        const around = offline.filter((id) => id !== c.ref.device.id);
        const periods = readings.get(c)?.caps?.periods.map((p) => p.period);
        return {
          kind: 'send',
          deviceId: c.ref.device.id,
          sim: c.ref.sim.slot,
          reservation: { key: c.ref.key, id, segments, ...(periods?.length ? { periods } : {}) },
          continuity,
          requested: scope.explicit,
          probe: c.probe,
          ...(switchedFrom ? { switchedFrom } : {}),
          ...(around.length ? { routedAround: around } : {}),
        };
      };
      // Stamped at the latest time the phone may send it: the phone's own window starts then at the latest. A capped
      // SIM's periods and recipient slot are taken in the same step; one its reading showed full is not asked.
      const capRefusals: number[] = [];
      const tryReserve = async (c: RankedCandidate) => {
        const reading = readings.get(c);
        const blocked = reading?.view?.blockedUntil;
        if (blocked !== undefined) {
          capRefusals.push(blocked);
          return { ok: false as const, retryAt: blocked, by: 'period' as const };
        }
        // The view says this SIM is full: a waiting message costs no store step.
        if (reading?.fullUntil !== undefined) return { ok: false as const, retryAt: reading.fullUntil };
        const limits = simLimits(c.ref.sim, policy, segments);
        const r = await store.budgets.reserve(c.ref.key, segments, limits, t, {
          at: t + policy.windowMarginMs,
          ...(reading?.caps ?? {}),
        });
        view.learn(c.ref.key, limits, r.usage, t);
        if (!r.ok && r.by) capRefusals.push(r.retryAt);
        return r;
      };

      // Conversation continuity: stay on the contact's SIM while it is healthy and frees up soon.
      let switchedFrom: SendDecision['switchedFrom'];
      const refusals: number[] = [...probeRetry];
      let rest = ranked;
      const conv = await store.conversations.latest(message.to);
      if (conv) {
        const same = ranked.find((c) => !c.probe && c.ref.device.id === conv.deviceId && c.ref.sim.slot === conv.sim);
        if (same) {
          rest = ranked.filter((c) => c !== same);
          const r = await tryReserve(same);
          if (r.ok) return send(same, r.reservationId, true);
          if (r.retryAt <= t + policy.continuityMaxWaitMs) {
            return wait(r.retryAt, 'continuity_busy', `the contact's SIM ${same.ref.key} frees up soon`);
          }
          refusals.push(r.retryAt);
          switchedFrom = { deviceId: conv.deviceId, sim: conv.sim, reason: r.by ? 'capped' : 'busy' };
        } else {
          switchedFrom = { deviceId: conv.deviceId, sim: conv.sim, reason: whyNot(conv.deviceId, conv.sim) };
        }
      }
      for (const c of rest) {
        const r = await tryReserve(c);
        if (r.ok) return send(c, r.reservationId, false, switchedFrom);
        // A SIM that already texted this contact and frees up soon is worth the wait: another would spend a slot.
        if (c.known && !r.by && r.retryAt <= t + policy.continuityMaxWaitMs) {
          return wait(r.retryAt, 'continuity_busy', `${c.ref.key} already texted this contact and frees up soon`);
        }
        refusals.push(r.retryAt);
      }
      // Every SIM refused for its caps (none for a sliding window, none waiting on a probe): nothing frees up before
      // the earliest local midnight or first of the month, which may be past the message's time to live.
      if (capRefusals.length > 0 && capRefusals.length === refusals.length) {
        const at = Math.min(...capRefusals);
        const detail = scope.explicit
          ? 'the requested SIM is at its daily, monthly or distinct-recipient cap'
          : 'every eligible SIM is at its daily, monthly or distinct-recipient cap';
        if (at >= expiresAt) return { kind: 'expire', failure: 'SMSFLEET_CAPS_REACHED', detail };
        return wait(at, 'cap', `${detail} until ${new Date(at).toISOString()}`);
      }
      return scope.explicit
        ? wait(Math.min(...refusals), 'requested_busy', 'the requested device/SIM is at its segment limit')
        : wait(Math.min(...refusals), 'budget', 'every eligible SIM is at its segment limit');
    } finally {
      await Promise.all(
        [...probes].filter(([id]) => id !== usedProbe).map(([id, rid]) => store.budgets.release(probeGateKey(id), rid)),
      );
    }

    function whyNot(deviceId: string, slot: number): SwitchReason {
      const device = devices.find((d) => d.id === deviceId);
      const sim = device?.sims.find((s) => s.slot === slot);
      if (!device || !sim) return 'device_unknown';
      const ref = scope.sims.find((r) => r.device.id === deviceId && r.sim.slot === slot);
      if (!ref) return 'out_of_scope';
      const st = simStanding(ref, segments);
      return st.usable ? 'device_offline' : st.why;
    }
  }

  return {
    policy,
    route,
    async release(r) {
      await store.budgets.release(r.key, r.id, r.periods);
      view.released(r.key, r.id);
    },
    async confirm(r, now) {
      const id = await store.budgets.restamp(r.key, r.id, now.getTime());
      if (id === undefined) view.forget(r.key);
      else view.moved(r.key, r.id, now.getTime());
      return id === undefined ? undefined : { ...r, id };
    },
    recordOutcome: (deviceId, outcome, now) => recordOutcome(store, policy, deviceId, outcome, now),
    heartbeat: (deviceId, state, now) => heartbeat(store, policy, deviceId, state, now),
    pendingOn: (deviceId) => pendingOn(store, deviceId),
    headroom: (now) => lastDevices && fleetHeadroom(view, policy, lastDevices, now.getTime()),
    async capacity(devices, now) {
      const cap = fleetCapacity(devices, policy);
      const t = now.getTime();
      await Promise.all(
        cap.sims.map(async (s) => {
          const device = devices.find((d) => d.id === s.deviceId)!;
          const sim = device.sims.find((x) => x.slot === s.sim)!;
          s.remainingNow = await remaining({ device, sim, key: simBudgetKey(s.deviceId, s.sim) }, t);
        }),
      );
      return cap;
    },
  };
}
