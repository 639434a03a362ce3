import { createMemoryStore } from '../store';
import type { Store } from '../store/port';
import { isSmsfleetError, type SmsfleetError } from '../errors';
import type { Device } from '../schemas';
import { createFleetRouter, type FleetRouter } from './fleet-router';
import { simBudgetKey, simLimits } from './budget-keys';
import type { SendDecision, WaitDecision } from './decision';
import { testDevice, testMessage } from '../testing/fleet';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const ALICE = '+14155550101';
const BOB = '+14155550102';
const MINUTE = 65_000; // phone window + the default 5 s margin, for hand-overs no phone has confirmed yet

let store: Store;
let router: FleetRouter;

async function fleet(...devices: Device[]): Promise<void> {
  for (const d of devices) await store.devices.put(d);
}
async function send(to: string, segments: number, now: Date, extra = {}): Promise<SendDecision> {
  const d = await router.route(testMessage(to, segments, extra), now);
  if (d.kind !== 'send') throw new Error(`expected send, got ${JSON.stringify(d)}`);
  return d;
}
async function waitFor(to: string, segments: number, now: Date, extra = {}): Promise<WaitDecision> {
  const d = await router.route(testMessage(to, segments, extra), now);
  if (d.kind !== 'wait') throw new Error(`expected wait, got ${JSON.stringify(d)}`);
  return d;
}
/** Use `amount` of a SIM's budget at `now`, as other unconfirmed hand-overs would (stamped as the router does, with no cap). */
async function fill(deviceId: string, slot: number, amount: number, now: Date): Promise<void> {
  const r = await store.budgets.reserve(
    simBudgetKey(deviceId, slot),
    amount,
    simLimits({ segmentsPerMinute: 1e6, segmentsPerHour: 1e6 }, router.policy),
    now.getTime(),
    { at: now.getTime() + router.policy.windowMarginMs },
  );
  expect(r.ok).toBe(true);
}
const used = (deviceId: string, slot: number, now: Date) =>
  store.budgets.used(simBudgetKey(deviceId, slot), 60_000, now.getTime());

beforeEach(() => {
  store = createMemoryStore();
  router = createFleetRouter({ store, policy: { burstWindowMs: 0 } }); // pacing has its own test below
});
afterEach(() => store.close());

describe('explicit device or SIM', () => {
  beforeEach(() => fleet(testDevice('dev_a', [{ slot: 1 }, { slot: 2 }]), testDevice('dev_b', [{ slot: 1 }])));

  it('sends from the requested device even when another has more budget', async () => {
    await fill('dev_b', 1, 20, at(0));
    const d = await send(ALICE, 2, at(1), { requested: { deviceId: 'dev_b' } });
    expect(d).toMatchObject({
      deviceId: 'dev_b',
      sim: 1,
      requested: true,
      reservation: { key: 'sim:dev_b:1', segments: 2 },
    });
    expect(await used('dev_b', 1, at(1))).toBe(22);
    const s = await send(ALICE, 1, at(2), { requested: { sim: 2 } });
    expect([s.deviceId, s.sim]).toEqual(['dev_a', 2]);
  });

  it('waits for a requested SIM that is out of budget, until exactly when it frees up', async () => {
    await fill('dev_b', 1, 29, at(0));
    const w = await waitFor(ALICE, 2, at(10_000), { requested: { deviceId: 'dev_b', sim: 1 } });
    expect(w.reason).toBe('requested_busy');
    expect((await used('dev_a', 1, at(10_000))) + (await used('dev_a', 2, at(10_000)))).toBe(0);
    const retry = w.retryAt.getTime();
    expect(retry - T0).toBeGreaterThanOrEqual(MINUTE);
    expect(retry - T0).toBeLessThanOrEqual(MINUTE + 1);
    expect(
      (await router.route(testMessage(ALICE, 2, { requested: { deviceId: 'dev_b' } }), new Date(retry - 1))).kind,
    ).toBe('wait');
    expect((await send(ALICE, 2, w.retryAt, { requested: { deviceId: 'dev_b' } })).deviceId).toBe('dev_b');
  });

  it('waits for a requested device that is offline until its probe, never rerouting', async () => {
    for (let i = 0; i < 3; i++) await router.recordOutcome('dev_b', 'device_problem', at(0));
    const w = await waitFor(ALICE, 1, at(1_000), { requested: { deviceId: 'dev_b' } });
    expect(w).toMatchObject({ reason: 'requested_offline', retryAt: at(router.policy.offlineCooldownMs) });
    const probe = await send(ALICE, 1, w.retryAt, { requested: { deviceId: 'dev_b' } });
    expect(probe).toMatchObject({ deviceId: 'dev_b', probe: true });
  });

  it('waits (does not reroute) for a disabled requested SIM', async () => {
    await store.devices.put(testDevice('dev_b', [{ slot: 1, enabled: false }]));
    const w = await waitFor(ALICE, 1, at(0), { requested: { deviceId: 'dev_b' } });
    expect(w).toMatchObject({ reason: 'requested_disabled', retryAt: at(router.policy.noDeviceBackoffMs) });
  });

  it('refuses an unknown device or SIM, naming the field, and reserves nothing', async () => {
    const err = async (requested: object) => {
      try {
        await router.route(testMessage(ALICE, 1, { requested }), at(0));
      } catch (e) {
        return e as SmsfleetError;
      }
      throw new Error('no error');
    };
    const e1 = await err({ deviceId: 'dev_nope' });
    expect([e1.code, e1.field]).toEqual(['SMSFLEET_ERR_UNKNOWN_DEVICE', 'deviceId']);
    const e2 = await err({ deviceId: 'dev_b', sim: 2 });
    expect([e2.code, e2.field]).toEqual(['SMSFLEET_ERR_UNKNOWN_DEVICE', 'sim']);
    for (const [d, s] of [
      ['dev_a', 1],
      ['dev_a', 2],
      ['dev_b', 1],
    ] as const)
      expect(await used(d, s, at(0))).toBe(0);
  });
});

describe('conversation continuity', () => {
  beforeEach(() =>
    fleet(testDevice('dev_a', [{ slot: 1 }, { slot: 2, segmentsPerHour: 40 }]), testDevice('dev_b', [{ slot: 1 }])),
  );
  const converse = (deviceId: string, sim: number) => store.conversations.put({ contact: ALICE, deviceId, sim });

  it('keeps the contact on the SIM it last used, even with less budget left', async () => {
    await converse('dev_a', 2);
    await fill('dev_a', 2, 20, at(0));
    const d = await send(ALICE, 1, at(1));
    expect(d).toMatchObject({ deviceId: 'dev_a', sim: 2, continuity: true });
    expect(d.switchedFrom).toBeUndefined();
    expect((await send(BOB, 1, at(2))).continuity).toBe(false);
  });

  it("waits for the contact's SIM when it frees up within the continuity wait", async () => {
    await converse('dev_a', 2);
    await fill('dev_a', 2, 30, at(0));
    const w = await waitFor(ALICE, 1, at(30_000));
    expect(w.reason).toBe('continuity_busy');
    expect(w.retryAt.getTime() - T0).toBeGreaterThanOrEqual(MINUTE);
    expect(w.retryAt.getTime() - T0).toBeLessThanOrEqual(MINUTE + 1);
  });

  it("moves to another SIM when the contact's SIM will not free up soon, and says so", async () => {
    await converse('dev_a', 2);
    await fill('dev_a', 2, 30, at(0));
    await fill('dev_a', 2, 10, at(70_000)); // the hourly budget of 40 is now spent for an hour
    const d = await send(ALICE, 1, at(80_000));
    expect(d).toMatchObject({ continuity: false, switchedFrom: { deviceId: 'dev_a', sim: 2, reason: 'busy' } });
    expect(`${d.deviceId}:${d.sim}`).not.toBe('dev_a:2');
  });

  it('moves off an offline or disabled sender and says why', async () => {
    await converse('dev_b', 1);
    await router.heartbeat('dev_b', false, at(0));
    expect((await send(ALICE, 1, at(1))).switchedFrom).toEqual({ deviceId: 'dev_b', sim: 1, reason: 'device_offline' });
    await router.heartbeat('dev_b', true, at(2));
    await store.devices.put(testDevice('dev_b', [{ slot: 1, enabled: false }]));
    expect((await send(ALICE, 1, at(3))).switchedFrom).toEqual({ deviceId: 'dev_b', sim: 1, reason: 'sim_disabled' });
  });
});

describe('spreading load', () => {
  it('sends from the SIM with the most remaining budget, ties by device id then slot', async () => {
    await fleet(testDevice('dev_a', [{ slot: 1 }, { slot: 2 }]), testDevice('dev_b', [{ slot: 1 }]));
    await fill('dev_a', 1, 10, at(0));
    await fill('dev_b', 1, 5, at(0));
    const first = await send(ALICE, 1, at(1));
    expect([first.deviceId, first.sim]).toEqual(['dev_a', 2]);
  });

  it('evens out many messages over the fleet and waits for the earliest SIM once all are full', async () => {
    await fleet(
      testDevice('dev_a', [{ slot: 1 }, { slot: 2 }]),
      testDevice('dev_b', [{ slot: 1, segmentsPerMinute: 15 }]),
    );
    const counts: Record<string, number> = {};
    for (let i = 0; i < 25; i++) {
      const d = await send(`+1415555${String(1000 + i)}`, 3, at(i * 100));
      counts[d.reservation.key] = (counts[d.reservation.key] ?? 0) + 3;
    }
    expect(counts).toEqual({ 'sim:dev_a:1': 30, 'sim:dev_a:2': 30, 'sim:dev_b:1': 15 });
    const w = await waitFor(ALICE, 1, at(3_000));
    expect(w.reason).toBe('budget');
    // dev_b:1 filled up first (by its first message at t=0 and 200 ms), so it frees first: at t0 + 65 s.
    expect(w.retryAt.getTime() - T0).toBeGreaterThanOrEqual(MINUTE);
    expect(w.retryAt.getTime() - T0).toBeLessThanOrEqual(MINUTE + 1);
  });

  it('skips SIMs too small for a long message, and refuses one no SIM could ever send', async () => {
    await fleet(
      testDevice('dev_a', [{ slot: 1, segmentsPerMinute: 4 }]),
      testDevice('dev_b', [{ slot: 1, segmentsPerMinute: 10 }]),
    );
    await fill('dev_b', 1, 10, at(0));
    // dev_a is idle but can never take 6 segments: the wait is for dev_b alone.
    const w = await waitFor(ALICE, 6, at(1));
    expect(w.reason).toBe('budget');
    expect(w.retryAt.getTime() - T0).toBeGreaterThanOrEqual(MINUTE);
    expect(w.retryAt.getTime() - T0).toBeLessThanOrEqual(MINUTE + 1);
    expect((await send(ALICE, 6, w.retryAt)).deviceId).toBe('dev_b');
    expect((await send(ALICE, 4, w.retryAt)).deviceId).toBe('dev_a');
    const before = [await used('dev_a', 1, w.retryAt), await used('dev_b', 1, w.retryAt)];
    expect(before).toEqual([4, 6]);
    let err: unknown;
    try {
      await router.route(testMessage(ALICE, 11), w.retryAt);
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_MESSAGE_TOO_LONG')).toBe(true);
    expect((err as SmsfleetError).field).toBe('segments');
    expect([await used('dev_a', 1, w.retryAt), await used('dev_b', 1, w.retryAt)]).toEqual(before);
  });

  it('gives a reservation back on release', async () => {
    await fleet(testDevice('dev_a', [{ slot: 1 }]));
    const d = await send(ALICE, 5, at(0));
    expect(await used('dev_a', 1, at(1))).toBe(5);
    await router.release(d.reservation);
    expect(await used('dev_a', 1, at(1))).toBe(0);
  });
});

describe('schedule and expiry', () => {
  beforeEach(() => fleet(testDevice('dev_a', [{ slot: 1 }])));

  it('expires a message past its expiresAt', async () => {
    expect(await router.route(testMessage(ALICE, 1, { expiresAt: at(0).toISOString() }), at(0))).toEqual({
      kind: 'expire',
    });
    expect((await router.route(testMessage(ALICE, 1, { expiresAt: at(1).toISOString() }), at(0))).kind).toBe('send');
  });

  it('waits until sendAt, and never past expiresAt', async () => {
    const w = await waitFor(ALICE, 1, at(0), { sendAt: at(90_000).toISOString() });
    expect(w).toMatchObject({ reason: 'scheduled', retryAt: at(90_000) });
    await fill('dev_a', 1, 30, at(0));
    const capped = await waitFor(ALICE, 1, at(1), { expiresAt: at(20_000).toISOString() });
    expect(capped).toMatchObject({ reason: 'budget', retryAt: at(20_000) });
    expect(await used('dev_a', 1, at(1))).toBe(30);
  });
});

describe('device health', () => {
  beforeEach(() => fleet(testDevice('dev_a', [{ slot: 1 }]), testDevice('dev_b', [{ slot: 1 }])));

  it('routes around a device after consecutive failures and probes it once after the cooldown', async () => {
    const cool = router.policy.offlineCooldownMs;
    for (let i = 0; i < 2; i++) await router.recordOutcome('dev_a', 'device_problem', at(i));
    expect((await store.devices.get('dev_a'))!.health).toBe('online');
    expect((await router.recordOutcome('dev_a', 'device_problem', at(2)))!.health).toBe('offline');
    for (let i = 0; i < 5; i++) expect((await send(`+1415555100${i}`, 1, at(10 + i))).deviceId).toBe('dev_b');

    // After the cooldown exactly one message probes dev_a (across routers: a second router sees the gate taken).
    const probe = await send(ALICE, 1, at(2 + cool));
    expect(probe).toMatchObject({ deviceId: 'dev_a', probe: true });
    const other = createFleetRouter({ store, policy: { burstWindowMs: 0 } });
    const d2 = await other.route(testMessage(BOB, 1), at(3 + cool));
    expect(d2).toMatchObject({ kind: 'send', deviceId: 'dev_b' });

    // The probe failed: still offline, next probe a cooldown later.
    expect((await router.recordOutcome('dev_a', 'device_problem', at(5 + cool)))!.health).toBe('offline');
    expect((await send(BOB, 1, at(1 + 2 * cool))).deviceId).toBe('dev_b');
    const probe2 = await send(ALICE, 1, at(2 + 2 * cool));
    expect(probe2.probe).toBe(true);
    const back = await router.recordOutcome('dev_a', 'ok', at(3 + 2 * cool));
    expect(back).toMatchObject({
      health: 'online',
      consecutiveFailures: 0,
      lastSeenAt: at(3 + 2 * cool).toISOString(),
    });
    expect((await send(ALICE, 1, at(4 + 2 * cool))).probe).toBe(false);
  });

  it('does not waste the probe on a message that went elsewhere', async () => {
    await store.conversations.put({ contact: ALICE, deviceId: 'dev_b', sim: 1 });
    await router.heartbeat('dev_a', false, at(0));
    const cool = router.policy.offlineCooldownMs;
    // ALICE stays on dev_b (continuity): the probe gate this route took for dev_a is handed back.
    expect(await send(ALICE, 1, at(cool))).toMatchObject({ deviceId: 'dev_b', continuity: true });
    expect(await send(BOB, 1, at(cool + 1))).toMatchObject({ deviceId: 'dev_a', probe: true });
  });

  it('waits with a backoff when no device can send, or until the earliest probe', async () => {
    await router.heartbeat('dev_a', false, at(0));
    await router.heartbeat('dev_b', false, at(1_000));
    const w = await waitFor(ALICE, 1, at(2_000));
    expect(w).toMatchObject({ reason: 'no_device', retryAt: at(2_000 + router.policy.noDeviceBackoffMs) });
    const slow = createFleetRouter({ store, policy: { noDeviceBackoffMs: 3_600_000, burstWindowMs: 0 } });
    const w2 = await slow.route(testMessage(ALICE, 1), at(2_000));
    expect(w2).toMatchObject({ kind: 'wait', reason: 'no_device', retryAt: at(router.policy.offlineCooldownMs) });
    await store.devices.delete('dev_a');
    await store.devices.delete('dev_b');
    expect(await waitFor(ALICE, 1, at(0))).toMatchObject({
      reason: 'no_device',
      retryAt: at(router.policy.noDeviceBackoffMs),
    });
  });

  it('brings a device back on an online heartbeat and prefers online over dozing', async () => {
    await router.heartbeat('dev_a', false, at(0));
    expect((await router.heartbeat('dev_a', true, at(1)))!.health).toBe('online');
    await router.heartbeat('dev_b', 'dozing', at(2));
    await fill('dev_a', 1, 20, at(3));
    expect((await send(ALICE, 1, at(4))).deviceId).toBe('dev_a');
  });

  it('rejects a bad outcome or state with a typed error and changes nothing', async () => {
    let err: unknown;
    try {
      await router.recordOutcome('dev_a', 'exploded' as never, at(0));
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
    expect((err as SmsfleetError).field).toBe('outcome');
    err = undefined;
    try {
      await router.heartbeat('dev_a', 'asleep' as never, at(0));
    } catch (e) {
      err = e;
    }
    expect((err as SmsfleetError).field).toBe('state');
    expect(await store.devices.get('dev_a')).toMatchObject({ health: 'online', consecutiveFailures: 0 });
    expect(await router.recordOutcome('dev_gone', 'ok', at(0))).toBeUndefined();
  });

  it('reports capacity with what each SIM has left now', async () => {
    await fill('dev_a', 1, 12, at(0));
    const cap = await router.capacity(await store.devices.list(), at(1));
    expect(cap.nominalPerMinute).toBe(60);
    expect(Object.fromEntries(cap.sims.map((s) => [s.deviceId, s.remainingNow]))).toEqual({ dev_a: 18, dev_b: 30 });
  });
});

describe('pacing', () => {
  beforeEach(() => fleet(testDevice('dev_b', [{ slot: 1 }])));
  it("hands a SIM at most burstSegments per burstWindowMs, so the phone's own queue stays short", async () => {
    const paced = createFleetRouter({ store, policy: { burstSegments: 10, burstWindowMs: 10_000 } });
    const now = new Date('2026-11-24T10:00:00Z');
    const decisions = [];
    for (let i = 0; i < 15; i++)
      decisions.push(
        await paced.route(
          testMessage(`+141555501${String(i).padStart(2, '0')}`, 1, { requested: { deviceId: 'dev_b', sim: 1 } }),
          now,
        ),
      );
    expect(decisions.filter((d) => d.kind === 'send')).toHaveLength(10);
    const waits = decisions.filter((d): d is WaitDecision => d.kind === 'wait');
    expect(waits).toHaveLength(5);
    // Unconfirmed, the hand-overs count as sent at the latest time the phone may send them (5 s margin).
    expect(waits[0]!.retryAt.getTime()).toBe(now.getTime() + 5_000 + 10_000);
    // The phone reports the first three sent 1 s later: they leave the burst window 10 s after that.
    const sends = decisions.filter((d): d is SendDecision => d.kind === 'send');
    const confirmedAt = new Date(now.getTime() + 1_000);
    for (const d of sends.slice(0, 3))
      expect(await paced.confirm(d.reservation, confirmedAt)).toMatchObject({ key: d.reservation.key, segments: 1 });
    const w = await paced.route(
      testMessage('+14155550199', 3, { requested: { deviceId: 'dev_b', sim: 1 } }),
      confirmedAt,
    );
    expect(w).toMatchObject({ kind: 'wait', retryAt: new Date(confirmedAt.getTime() + 10_000) });
    expect(
      await paced.route(
        testMessage('+14155550199', 3, { requested: { deviceId: 'dev_b', sim: 1 } }),
        new Date(confirmedAt.getTime() + 10_000),
      ),
    ).toMatchObject({ kind: 'send' });
  });
});

describe('confirming hand-overs', () => {
  beforeEach(() => fleet(testDevice('dev_b', [{ slot: 1 }])));
  it('frees a full SIM 60 s after the phone reported the sends, not 60 s after the margin', async () => {
    const decisions: SendDecision[] = [];
    for (let i = 0; i < 30; i++) {
      const d = await router.route(
        testMessage(`+141555502${String(i).padStart(2, '0')}`, 1, { requested: { deviceId: 'dev_b', sim: 1 } }),
        at(i * 100),
      );
      if (d.kind !== 'send') throw new Error(`expected send, got ${JSON.stringify(d)}`);
      decisions.push(d);
    }
    expect(
      (await waitFor(BOB, 1, at(3_000), { requested: { deviceId: 'dev_b', sim: 1 } })).retryAt.getTime() - T0,
    ).toBe(5_000 + 60_000);
    for (const [i, d] of decisions.entries()) await router.confirm(d.reservation, at(1_000 + i * 100)); // reports 1 s after each hand-over
    expect(
      (await waitFor(BOB, 1, at(4_000), { requested: { deviceId: 'dev_b', sim: 1 } })).retryAt.getTime() - T0,
    ).toBe(61_000);
    expect(
      await router.route(testMessage(BOB, 1, { requested: { deviceId: 'dev_b', sim: 1 } }), at(61_000)),
    ).toMatchObject({ kind: 'send', deviceId: 'dev_b' });
    // A reservation given back or confirmed twice is gone: confirm says so.
    await router.release(decisions[0]!.reservation);
    expect(await router.confirm(decisions[0]!.reservation, at(62_000))).toBeUndefined();
  });
});
