import { simBudgetKey, simLimits } from '../router/budget-keys';
import type { SendDecision, WaitDecision } from '../router/decision';
import { createFleetRouter, type FleetRouter } from '../router/fleet-router';
import type { Device } from '../schemas';
import { createMemoryStore, type Store } from '../store';
import { testMessage } from './fleet';

/**
 * The router tests' rig (it uses jest globals): a fresh memory store and router per test, and helpers to state a
 * fleet and ask for decisions. Call {@link useRouterRig} at the top of a test file, then use `store` and `router`.
 */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const at = (ms: number) => new Date(T0 + ms);
export const ALICE = '+14155550101';
export const BOB = '+14155550102';
export const MINUTE = 65_000; // phone window + the default 5 s margin, for hand-overs no phone has confirmed yet

/** The store of the running test. */
export let store: Store;
/** The router of the running test (no burst pacing: pacing has its own tests). */
export let router: FleetRouter;

/** Give every test of this file a fresh store and router. */
export function useRouterRig(): void {
  beforeEach(() => {
    store = createMemoryStore();
    router = createFleetRouter({ store, policy: { burstWindowMs: 0 } });
  });
  afterEach(() => store.close());
}

/** Put these devices in the store. */
export async function fleet(...devices: Device[]): Promise<void> {
  for (const d of devices) await store.devices.put(d);
}
/** Route a message that must be sent now. */
export async function send(to: string, segments: number, now: Date, extra = {}): Promise<SendDecision> {
  const d = await router.route(testMessage(to, segments, extra), now);
  if (d.kind !== 'send') throw new Error(`expected send, got ${JSON.stringify(d)}`);
  return d;
}
/** Route a message that must wait. */
export async function waitFor(to: string, segments: number, now: Date, extra = {}): Promise<WaitDecision> {
  const d = await router.route(testMessage(to, segments, extra), now);
  if (d.kind !== 'wait') throw new Error(`expected wait, got ${JSON.stringify(d)}`);
  return d;
}
/**
 * Use `amount` of a SIM's budget at `now`, as other unconfirmed hand-overs would (stamped as the router does, with no
 * cap).
 */
export async function fill(deviceId: string, slot: number, amount: number, now: Date): Promise<void> {
  const r = await store.budgets.reserve(
    simBudgetKey(deviceId, slot),
    amount,
    simLimits({ segmentsPerMinute: 1e6, segmentsPerHour: 1e6 }, router.policy),
    now.getTime(),
    { at: now.getTime() + router.policy.windowMarginMs },
  );
  expect(r.ok).toBe(true);
}
/** A SIM's budget used in the minute before `now`. */
export const used = (deviceId: string, slot: number, now: Date) =>
  store.budgets.used(simBudgetKey(deviceId, slot), 60_000, now.getTime());
