import { isSmsfleetError, type SmsfleetError } from '../errors';
import { simBudgetKey, probeGateKey, simLimits, simCanEverCarry } from './budget-keys';
import { rankCandidates, routeScope, simStanding, type RankedCandidate } from './candidates';
import { fleetCapacity } from './capacity';
import { applyHeartbeat, applyOutcome } from './health';
import { resolveRouterPolicy } from './policy';
import { testDevice } from '../testing/fleet';

const now = new Date('2026-01-01T12:00:00.000Z');

describe('router policy', () => {
  it('fills defaults and names a bad field', () => {
    const p = resolveRouterPolicy({ windowMarginMs: 2_000 });
    expect(p).toEqual({
      windowMarginMs: 2_000,
      burstSegments: 10,
      burstWindowMs: 10_000,
      continuityMaxWaitMs: 60_000,
      budgetViewMaxAgeMs: 2_000,
      failureThreshold: 3,
      offlineCooldownMs: 300_000,
      noDeviceBackoffMs: 30_000,
    });
    let err: unknown;
    try {
      resolveRouterPolicy({ failureThreshold: 0 });
    } catch (e) {
      err = e;
    }
    expect(isSmsfleetError(err, 'SMSFLEET_ERR_VALIDATION')).toBe(true);
    expect((err as SmsfleetError).field).toBe('policy.failureThreshold');
  });
});

describe('budget keys and limits', () => {
  it('builds one key per SIM and per probe gate', () => {
    expect(simBudgetKey('dev_a', 2)).toBe('sim:dev_a:2');
    expect(probeGateKey('dev_a')).toBe('probe:dev_a');
    expect(simBudgetKey('dev_a', 1)).not.toBe(simBudgetKey('dev_a', 2));
  });

  it('counts the phone, burst and carrier limits over their own windows', () => {
    expect(simLimits({ segmentsPerMinute: 30 }, {})).toEqual([{ max: 30, windowMs: 60_000 }]);
    expect(simLimits({ segmentsPerMinute: 30 }, { burstSegments: 10, burstWindowMs: 10_000 })).toEqual([
      { max: 30, windowMs: 60_000 },
      { max: 10, windowMs: 10_000 },
    ]);
    // a long message goes alone
    expect(simLimits({ segmentsPerMinute: 30 }, { burstSegments: 10, burstWindowMs: 10_000 }, 12)).toEqual([
      { max: 30, windowMs: 60_000 },
      { max: 12, windowMs: 10_000 },
    ]);
    expect(simLimits({ segmentsPerMinute: 8 }, { burstSegments: 10, burstWindowMs: 10_000 })).toEqual([
      { max: 8, windowMs: 60_000 },
    ]);
    expect(simLimits({ segmentsPerMinute: 20, segmentsPerHour: 100 }, {})).toEqual([
      { max: 20, windowMs: 60_000 },
      { max: 100, windowMs: 3_600_000 },
    ]);
  });

  it('knows when a message can never fit a SIM', () => {
    expect(simCanEverCarry({ segmentsPerMinute: 5 }, 5)).toBe(true);
    expect(simCanEverCarry({ segmentsPerMinute: 5 }, 6)).toBe(false);
    expect(simCanEverCarry({ segmentsPerMinute: 30, segmentsPerHour: 3 }, 4)).toBe(false);
  });
});

describe('routeScope', () => {
  const fleet = [testDevice('dev_a', [{ slot: 1 }, { slot: 2 }]), testDevice('dev_b', [{ slot: 1 }])];
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as SmsfleetError;
    }
    throw new Error('no throw');
  };

  it('is the whole fleet without a request, and only the requested device/SIM with one', () => {
    expect(routeScope(fleet, undefined)).toMatchObject({ explicit: false });
    expect(routeScope(fleet, undefined).sims.map((r) => r.key)).toEqual(['sim:dev_a:1', 'sim:dev_a:2', 'sim:dev_b:1']);
    expect(routeScope(fleet, { deviceId: 'dev_a' }).sims.map((r) => r.key)).toEqual(['sim:dev_a:1', 'sim:dev_a:2']);
    expect(routeScope(fleet, { deviceId: 'dev_a', sim: 2 }).sims.map((r) => r.key)).toEqual(['sim:dev_a:2']);
    expect(routeScope(fleet, { sim: 1 }).sims.map((r) => r.key)).toEqual(['sim:dev_a:1', 'sim:dev_b:1']);
    expect(routeScope(fleet, { sim: 1 }).explicit).toBe(true);
  });

  it('refuses an unknown device or SIM, naming the field', () => {
    const e1 = code(() => routeScope(fleet, { deviceId: 'dev_zz' }));
    expect([e1.code, e1.field]).toEqual(['SMSFLEET_ERR_UNKNOWN_DEVICE', 'deviceId']);
    const e2 = code(() => routeScope(fleet, { deviceId: 'dev_b', sim: 2 }));
    expect([e2.code, e2.field]).toEqual(['SMSFLEET_ERR_UNKNOWN_DEVICE', 'sim']);
    const e3 = code(() => routeScope([fleet[1]!], { sim: 2 }));
    expect([e3.code, e3.field]).toEqual(['SMSFLEET_ERR_UNKNOWN_DEVICE', 'sim']);
  });

  it('classifies disabled and too-small SIMs', () => {
    const [ref] = routeScope([testDevice('d', [{ slot: 1, enabled: false }])], undefined).sims;
    expect(simStanding(ref!, 1)).toEqual({ usable: false, why: 'sim_disabled' });
    const [small] = routeScope(
      [testDevice('d', [{ slot: 1, segmentsPerMinute: 2 }], { health: 'dozing' })],
      undefined,
    ).sims;
    expect(simStanding(small!, 3)).toEqual({ usable: false, why: 'sim_too_small' });
    expect(simStanding(small!, 2)).toEqual({ usable: true, tier: 'dozing' });
  });
});

describe('rankCandidates', () => {
  const cand = (
    id: string,
    remaining: number,
    health: 'online' | 'dozing' | 'offline' = 'online',
    slot = 1,
  ): RankedCandidate => {
    const device = testDevice(id, [{ slot }], { health });
    return {
      ref: { device, sim: device.sims[0]!, key: simBudgetKey(id, slot) },
      probe: health === 'offline',
      remaining,
    };
  };
  const keys = (cs: RankedCandidate[]) => rankCandidates(cs).map((c) => c.ref.key);

  it('puts most remaining first, breaking ties by device id then slot', () => {
    expect(keys([cand('b', 10), cand('a', 10), cand('c', 20), cand('a', 10, 'online', 2)])).toEqual([
      'sim:c:1',
      'sim:a:1',
      'sim:a:2',
      'sim:b:1',
    ]);
  });

  it('tries a due probe first and dozing devices last', () => {
    expect(keys([cand('a', 30, 'dozing'), cand('b', 5), cand('c', 1, 'offline')])).toEqual([
      'sim:c:1',
      'sim:b:1',
      'sim:a:1',
    ]);
  });
});

describe('device health transitions', () => {
  const d = testDevice('dev_a', [{ slot: 1 }]);

  it('goes offline after the threshold of consecutive device failures only', () => {
    let x = d;
    x = applyOutcome(x, 'device_problem', now, 3);
    x = applyOutcome(x, 'device_problem', now, 3);
    expect(x).toMatchObject({ health: 'online', consecutiveFailures: 2 });
    x = applyOutcome(x, 'device_problem', now, 3);
    expect(x).toMatchObject({ health: 'offline', consecutiveFailures: 3 });
  });

  it('resets the streak on a success or a message-level answer', () => {
    let x = applyOutcome(applyOutcome(d, 'device_problem', now, 3), 'device_problem', now, 3);
    x = applyOutcome(x, 'message_problem', now, 3);
    expect(x).toMatchObject({ health: 'online', consecutiveFailures: 0, lastSeenAt: now.toISOString() });
    const off = { ...d, health: 'offline' as const, consecutiveFailures: 5 };
    expect(applyOutcome(off, 'ok', now, 3)).toMatchObject({ health: 'online', consecutiveFailures: 0 });
  });

  it('follows heartbeats', () => {
    const off = { ...d, health: 'offline' as const, consecutiveFailures: 4 };
    expect(applyHeartbeat(off, true, now)).toMatchObject({
      health: 'online',
      consecutiveFailures: 0,
      lastSeenAt: now.toISOString(),
    });
    expect(applyHeartbeat(d, false, now)).toMatchObject({ health: 'offline' });
    expect(applyHeartbeat(d, false, now).lastSeenAt).toBeUndefined();
    expect(applyHeartbeat(d, 'dozing', now)).toMatchObject({ health: 'dozing' });
  });
});

describe('fleetCapacity', () => {
  it('sums min(per-minute, hourly/60) over enabled SIMs of devices that are not offline', () => {
    const fleet = [
      testDevice('a', [{ slot: 1 }, { slot: 2, segmentsPerHour: 600 }]),
      testDevice('b', [{ slot: 1, enabled: false }]),
      testDevice('c', [{ slot: 1 }], { health: 'offline' }),
      testDevice('d', [{ slot: 1, segmentsPerMinute: 20 }], { health: 'dozing' }),
    ];
    const cap = fleetCapacity(fleet, { windowMarginMs: 0 });
    expect(cap.sims.map((s) => `${s.deviceId}:${s.sim}`)).toEqual(['a:1', 'a:2', 'd:1']);
    expect(cap.nominalPerMinute).toBe(30 + 10 + 20);
    expect(cap.sustainedPerMinute).toBeCloseTo(60);
    const withMargin = fleetCapacity(fleet, { windowMarginMs: 5_000 });
    expect(withMargin.nominalPerMinute).toBe(60);
    expect(withMargin.sims[0]!.sustainedPerMinute).toBeCloseTo((30 * 60) / 65);
  });
});
