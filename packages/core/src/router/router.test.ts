import { isSmsfleetError, type SmsfleetError } from '../errors';
import { testDevice, testMessage } from '../testing/fleet';
import {
  ALICE,
  at,
  BOB,
  fill,
  fleet,
  MINUTE,
  router,
  send,
  store,
  T0,
  used,
  useRouterRig,
  waitFor,
} from '../testing/router-rig';

useRouterRig();

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
