import fc from 'fast-check';
import { createMemoryStore } from '../store';
import { isSmsfleetError } from '../errors';
import type { Device } from '../schemas';
import { createFleetRouter, type FleetRouter } from './fleet-router';
import { simBudgetKey } from './budget-keys';
import { CARRIER_WINDOW_MS, PHONE_WINDOW_MS } from './policy';
import { testDevice, testMessage } from '../testing/fleet';
import { memoryHubs, redisHubs, type HubStores } from '../testing/stores';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MARGIN = 2_000;

interface PhoneSend {
  key: string;
  at: number;
  segments: number;
}

/**
 * The most segments the phone itself ever counts: Android keeps every send whose time is within
 * [t - window, t] when it sends at t (AOSP SmsUsageMonitor), so check each send against that closed window.
 */
function worstWindow(sends: PhoneSend[], key: string, windowMs: number): number {
  const mine = sends.filter((s) => s.key === key).sort((a, b) => a.at - b.at);
  let worst = 0;
  for (const s of mine) {
    const inWindow = mine.filter((o) => o.at >= s.at - windowMs && o.at <= s.at).reduce((a, o) => a + o.segments, 0);
    worst = Math.max(worst, inWindow);
  }
  return worst;
}

const factories: HubStores[] = [memoryHubs, ...redisHubs()];

const simArb = fc.record({
  segmentsPerMinute: fc.integer({ min: 1, max: 30 }),
  segmentsPerHour: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
});
const fleetArb = fc.array(fc.array(simArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 });
const eventArb = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('msg' as const),
      gap: fc.integer({ min: 0, max: 4_000 }),
      segments: fc.integer({ min: 1, max: 6 }),
      lag: fc.integer({ min: 0, max: MARGIN - 1 }),
      contact: fc.integer({ min: 0, max: 4 }),
      pin: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      hub: fc.integer({ min: 0, max: 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('flap' as const),
      gap: fc.integer({ min: 0, max: 4_000 }),
      device: fc.integer({ min: 0, max: 2 }),
      online: fc.boolean(),
    }),
  },
);

describe.each(factories)('segment budgets never trip a phone ($name store)', (factory) => {
  const runs = factory.name === 'memory' ? 60 : 12;

  it("keeps each SIM under its minute and hour limits in the phone's windows, send lag up to the margin", async () => {
    await fc.assert(
      fc.asyncProperty(
        fleetArb,
        fc.array(eventArb, { minLength: 1, maxLength: 120 }),
        async (simsPerDevice, events) => {
          const { hubs, close } = await factory.make();
          try {
            const devices: Device[] = simsPerDevice.map((sims, i) =>
              testDevice(
                `dev_${i}`,
                sims.map((s, j) => ({ ...s, slot: j + 1 })),
              ),
            );
            for (const d of devices) await hubs[0].devices.put(d);
            const routers = hubs.map((store) =>
              createFleetRouter({ store, policy: { windowMarginMs: MARGIN, offlineCooldownMs: 20_000 } }),
            );
            const sends: PhoneSend[] = [];
            // A tiny scheduler: messages that must wait are routed again at their retryAt (boundaries are where bugs
            // hide).
            const agenda: Array<{ at: number; ev: Extract<(typeof events)[number], { kind: 'msg' }>; tries: number }> =
              [];
            let t = T0;
            const pendingFlaps: Array<{ at: number; device: number; online: boolean }> = [];
            for (const ev of events) {
              t += ev.gap;
              if (ev.kind === 'msg') agenda.push({ at: t, ev, tries: 0 });
              else pendingFlaps.push({ at: t, device: ev.device % devices.length, online: ev.online });
            }
            while (agenda.length > 0 || pendingFlaps.length > 0) {
              agenda.sort((a, b) => a.at - b.at);
              if (pendingFlaps.length > 0 && (agenda.length === 0 || pendingFlaps[0]!.at <= agenda[0]!.at)) {
                const f = pendingFlaps.shift()!;
                await routers[0]!.heartbeat(devices[f.device]!.id, f.online, new Date(f.at));
                continue;
              }
              const item = agenda.shift()!;
              const { ev } = item;
              const pinned = ev.pin === undefined ? undefined : devices[ev.pin % devices.length]!;
              const msg = testMessage(
                `+1415555010${ev.contact}`,
                ev.segments,
                pinned ? { requested: { deviceId: pinned.id } } : {},
              );
              const now = new Date(item.at);
              let decision: Awaited<ReturnType<FleetRouter['route']>>;
              try {
                decision = await routers[ev.hub]!.route(msg, now);
              } catch (e) {
                // Only legitimate when no SIM in scope could ever carry the message.
                if (!isSmsfleetError(e, 'SMSFLEET_ERR_MESSAGE_TOO_LONG')) throw e;
                const scope = pinned ? [pinned] : devices;
                expect(
                  scope.every((d) =>
                    d.sims.every(
                      (s) =>
                        s.segmentsPerMinute < ev.segments ||
                        (s.segmentsPerHour !== undefined && s.segmentsPerHour < ev.segments),
                    ),
                  ),
                ).toBe(true);
                continue;
              }
              if (decision.kind === 'send') {
                if (pinned) expect(decision.deviceId).toBe(pinned.id);
                sends.push({ key: decision.reservation.key, at: item.at + ev.lag, segments: ev.segments });
                if (ev.contact % 2 === 0)
                  await hubs[0].conversations.put({ contact: msg.to, deviceId: decision.deviceId, sim: decision.sim });
              } else if (decision.kind === 'wait') {
                expect(decision.retryAt.getTime()).toBeGreaterThan(item.at);
                if (item.tries < 3) agenda.push({ at: decision.retryAt.getTime(), ev, tries: item.tries + 1 });
              }
            }
            for (const d of devices) {
              for (const s of d.sims) {
                const key = simBudgetKey(d.id, s.slot);
                expect(worstWindow(sends, key, PHONE_WINDOW_MS)).toBeLessThanOrEqual(s.segmentsPerMinute);
                if (s.segmentsPerHour !== undefined)
                  expect(worstWindow(sends, key, CARRIER_WINDOW_MS)).toBeLessThanOrEqual(s.segmentsPerHour);
              }
            }
          } finally {
            await close();
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it("two hubs racing on one store reach the fleet's capacity and never exceed a SIM's budget", async () => {
    const { hubs, close } = await factory.make();
    try {
      const devices = [
        testDevice('dev_a', [{ slot: 1 }, { slot: 2, segmentsPerMinute: 12 }]),
        testDevice('dev_b', [{ slot: 1, segmentsPerMinute: 20 }]),
      ];
      for (const d of devices) await hubs[0].devices.put(d);
      const routers = hubs.map((store) => createFleetRouter({ store, policy: { burstWindowMs: 0 } }));
      const now = new Date(T0);
      const decisions = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          routers[i % 2]!.route(testMessage(`+1415555${String(2000 + i)}`, 1 + (i % 2)), now),
        ),
      );
      const reserved: Record<string, number> = {};
      for (const d of decisions)
        if (d.kind === 'send')
          reserved[d.reservation.key] = (reserved[d.reservation.key] ?? 0) + d.reservation.segments;
      expect(reserved['sim:dev_a:1']).toBeLessThanOrEqual(30);
      expect(reserved['sim:dev_a:2']).toBeLessThanOrEqual(12);
      expect(reserved['sim:dev_b:1']).toBeLessThanOrEqual(20);
      // What the store recorded agrees with the decisions, so nothing was reserved behind a wait.
      for (const [key, n] of Object.entries(reserved)) expect(await hubs[1].budgets.used(key, 65_000, T0)).toBe(n);
      // Capacity is reached: at most one segment short per SIM (a 2-segment message cannot use a last free one).
      const total = Object.values(reserved).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThanOrEqual(62 - 3);
      expect(decisions.filter((d) => d.kind === 'wait').every((d) => d.kind === 'wait' && d.reason === 'budget')).toBe(
        true,
      );
    } finally {
      await close();
    }
  });
});

describe('the window margin', () => {
  it('is what keeps a lagging phone under its limit (without it the phone would see 2x its limit)', async () => {
    const store = createMemoryStore();
    try {
      const lag = 1_000;
      const phoneCount = async (marginMs: number) => {
        const key = `m${marginMs}`;
        const d = testDevice(key, [{ slot: 1 }]);
        await store.devices.put(d);
        const router = createFleetRouter({ store, policy: { windowMarginMs: marginMs, burstWindowMs: 0 } });
        const sends: PhoneSend[] = [];
        // 30 segments routed at t=0 reach the phone 1 s late; 30 more routed just after t=60 s go out at once.
        for (const [routedAt, lagMs] of [
          [0, lag],
          [PHONE_WINDOW_MS + 1, 0],
        ] as const) {
          for (let i = 0; i < 5; i++) {
            const r = await router.route(
              testMessage('+14155550199', 6, { requested: { deviceId: key } }),
              new Date(T0 + routedAt),
            );
            if (r.kind === 'send') sends.push({ key: r.reservation.key, at: T0 + routedAt + lagMs, segments: 6 });
          }
        }
        return worstWindow(sends, simBudgetKey(key, 1), PHONE_WINDOW_MS);
      };
      expect(await phoneCount(0)).toBe(60);
      expect(await phoneCount(lag + 1)).toBe(30);
    } finally {
      await store.close();
    }
  });
});
