import type { SendDecision, WaitDecision } from './decision';
import { isSmsfleetError, type SmsfleetError } from '../errors';
import { createFleetRouter } from './fleet-router';
import { testDevice, testMessage } from '../testing/fleet';
import { ALICE, at, BOB, fill, fleet, router, send, store, T0, useRouterRig, waitFor } from '../testing/router-rig';

useRouterRig();

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
    // reports 1 s after each hand-over
    for (const [i, d] of decisions.entries()) await router.confirm(d.reservation, at(1_000 + i * 100));
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
