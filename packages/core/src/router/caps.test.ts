import type { Device } from '../schemas';
import { testDevice, testMessage } from '../testing/fleet';
import { memoryHubs, redisHubs, type HubStores } from '../testing/stores';
import { createFleetRouter, type FleetRouter } from './fleet-router';

const factories: HubStores[] = [memoryHubs, ...redisHubs()];
// 2026-12-07 12:00 UTC: 07:00 in New York, whose next local midnight is 05:00 UTC on the 8th.
const T0 = Date.parse('2026-12-07T12:00:00.000Z');
const NY_MIDNIGHT = Date.parse('2026-12-08T05:00:00.000Z');
const NY_NEXT_MONTH = Date.parse('2027-01-01T05:00:00.000Z');
const roomy = { segmentsPerMinute: 1_000 };
const policy = { burstWindowMs: 0, windowMarginMs: 1_000 };

describe.each(factories)('caps ($name store)', (factory) => {
  let close: () => Promise<void>;
  let routers: FleetRouter[];
  async function fleet(devices: Device[]): Promise<void> {
    const made = await factory.make();
    close = made.close;
    for (const d of devices) await made.hubs[0].devices.put(d);
    routers = made.hubs.map((store) => createFleetRouter({ store, policy }));
  }
  afterEach(() => close());

  it('never passes a unique-recipient cap: 3 SIMs, 1,000 contacts, two hubs; contacts keep their SIM', async () => {
    const cap = { limit: 300, period: 'month' as const };
    await fleet([
      testDevice(
        'a',
        [
          { slot: 1, ...roomy, uniqueRecipients: cap },
          { slot: 2, ...roomy, uniqueRecipients: cap },
        ],
        {
          timeZone: 'America/New_York',
        },
      ),
      testDevice('b', [{ slot: 1, ...roomy, uniqueRecipients: cap }], { timeZone: 'America/New_York' }),
    ]);
    const contacts = Array.from({ length: 1_000 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
    const simOf = new Map<string, Set<string>>();
    const waits: number[] = [];
    // Both hubs route every contact at once, in batches of 100: every reservation races others for the last slots.
    for (let b = 0; b < contacts.length; b += 100) {
      const decisions = await Promise.all(
        contacts
          .slice(b, b + 100)
          .map(async (to, i) => [to, await routers[i % 2]!.route(testMessage(to, 1), new Date(T0 + b))] as const),
      );
      for (const [to, d] of decisions) {
        if (d.kind === 'send') {
          const sim = `${d.deviceId}:${d.sim}`;
          simOf.set(sim, (simOf.get(sim) ?? new Set()).add(to));
        } else if (d.kind === 'wait') {
          expect(d.reason).toBe('cap');
          waits.push(d.retryAt.getTime());
        } else throw new Error(`unexpected ${d.kind}`);
      }
    }
    const perSim = [...simOf.values()].map((s) => s.size);
    expect(perSim).toEqual([300, 300, 300]); // every slot used, none passed
    expect(waits).toHaveLength(100);
    // A new contact waits for the first of the month in New York.
    expect(new Set(waits)).toEqual(new Set([NY_NEXT_MONTH]));
    // Known contacts go back to the SIM that texted them, from either hub, whatever the load: no new slot.
    const known = [...simOf.entries()].flatMap(([sim, tos]) => [...tos].slice(0, 50).map((to) => [sim, to] as const));
    const again = await Promise.all(
      known.map(([, to], i) => routers[i % 2]!.route(testMessage(to, 1), new Date(T0 + 60_000))),
    );
    again.forEach((d, i) => {
      expect(d.kind).toBe('send');
      if (d.kind === 'send') expect(`${d.deviceId}:${d.sim}`).toBe(known[i]![0]);
    });
    // A new contact whose time to live ends before a slot frees up expires with the caps' code.
    const late = await routers[0]!.route(
      testMessage('+14155559999', 1, { expiresAt: new Date(T0 + 3_600_000).toISOString() }),
      new Date(T0 + 60_000),
    );
    expect(late).toMatchObject({ kind: 'expire', failure: 'SMSFLEET_CAPS_REACHED' });
  }, 120_000); // a safety net: 2,000 routings on a Cluster take ~10 s, more on a loaded machine

  it('spreads new contacts over capped SIMs before filling one', async () => {
    const cap = { limit: 10, period: 'day' as const };
    await fleet([
      // b has far less per-minute room than a: without caps the router would send everything from a.
      testDevice('a', [{ slot: 1, ...roomy, uniqueRecipients: cap }]),
      testDevice('b', [{ slot: 1, segmentsPerMinute: 100, uniqueRecipients: cap }]),
    ]);
    const sims: string[] = [];
    for (let i = 0; i < 6; i++) {
      const d = await routers[0]!.route(testMessage(`+1415555000${i}`, 1), new Date(T0 + i));
      if (d.kind === 'send') sims.push(d.deviceId);
    }
    expect(sims.filter((s) => s === 'a')).toHaveLength(3);
    expect(sims.filter((s) => s === 'b')).toHaveLength(3);
  });

  it('waits for a known SIM that is busy for the minute rather than spend a slot on another', async () => {
    const cap = { limit: 10, period: 'month' as const };
    await fleet([
      testDevice('a', [{ slot: 1, segmentsPerMinute: 1, uniqueRecipients: cap }]),
      testDevice('b', [{ slot: 1, ...roomy, uniqueRecipients: cap }]),
    ]);
    const r = routers[0]!;
    // Fill b's slots but one, so a new contact goes to a (most slots left).
    for (let i = 0; i < 8; i++)
      await r.route(testMessage(`+1415555100${i}`, 1, { requested: { deviceId: 'b' } }), new Date(T0));
    expect(await r.route(testMessage('+14155552000', 1), new Date(T0))).toMatchObject({ kind: 'send', deviceId: 'a' });
    // a is at its 1 segment a minute; b has room, but the contact is a's.
    expect(await r.route(testMessage('+14155552000', 1), new Date(T0 + 1_000))).toMatchObject({
      kind: 'wait',
      reason: 'continuity_busy',
    });
    // A new contact takes b's last slot meanwhile.
    expect(await r.route(testMessage('+14155552001', 1), new Date(T0 + 1_000))).toMatchObject({ deviceId: 'b' });
  });

  it('makes a send past the daily cap wait for local midnight, then resume; a release gives back', async () => {
    await fleet([testDevice('ny', [{ slot: 1, ...roomy, segmentsPerDay: 4 }], { timeZone: 'America/New_York' })]);
    const r = routers[0]!;
    const first = await r.route(testMessage('+14155550001', 2), new Date(T0));
    expect(first).toMatchObject({ kind: 'send', reservation: { periods: ['d:2026-12-07'] } });
    expect((await r.route(testMessage('+14155550002', 2), new Date(T0 + 1))).kind).toBe('send');
    const blocked = await r.route(testMessage('+14155550003', 1), new Date(T0 + 2));
    expect(blocked).toMatchObject({ kind: 'wait', reason: 'cap', retryAt: new Date(NY_MIDNIGHT) });
    // A hand-over that never reached the phone gives its segments back to the day.
    if (first.kind === 'send') await r.release(first.reservation);
    expect((await r.route(testMessage('+14155550003', 2), new Date(T0 + 3))).kind).toBe('send');
    expect((await r.route(testMessage('+14155550004', 1), new Date(T0 + 4))).kind).toBe('wait');
    // The simulated clock reaches New York's midnight: a new day, a new budget.
    expect((await r.route(testMessage('+14155550004', 1), new Date(NY_MIDNIGHT - 1))).kind).toBe('wait');
    const next = await r.route(testMessage('+14155550004', 1), new Date(NY_MIDNIGHT));
    expect(next).toMatchObject({ kind: 'send', reservation: { periods: ['d:2026-12-08'] } });
    // A message that must be gone before midnight expires at once, with the caps' code.
    for (let i = 0; i < 3; i++) await r.route(testMessage('+14155550005', 1), new Date(NY_MIDNIGHT + 1));
    const short = testMessage('+14155550006', 1, { expiresAt: new Date(NY_MIDNIGHT + 3_600_000).toISOString() });
    expect(await r.route(short, new Date(NY_MIDNIGHT + 2))).toMatchObject({
      kind: 'expire',
      failure: 'SMSFLEET_CAPS_REACHED',
    });
  });

  it('counts a monthly cap in the local month and refuses a message no period could hold', async () => {
    await fleet([testDevice('m', [{ slot: 1, ...roomy, segmentsPerMonth: 3 }], { timeZone: 'Asia/Tokyo' })]);
    const r = routers[0]!;
    // 2026-12-31 15:00 UTC is midnight of 1 January in Tokyo.
    const newYear = Date.parse('2026-12-31T15:00:00.000Z');
    expect((await r.route(testMessage('+14155550001', 3), new Date(newYear - 1))).kind).toBe('send');
    expect(await r.route(testMessage('+14155550001', 1), new Date(newYear - 1))).toMatchObject({
      kind: 'wait',
      reason: 'cap',
      retryAt: new Date(newYear),
    });
    expect((await r.route(testMessage('+14155550001', 3), new Date(newYear))).kind).toBe('send');
    await expect(r.route(testMessage('+14155550001', 4), new Date(newYear))).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_MESSAGE_TOO_LONG',
    });
  });
});
