import fc from 'fast-check';
import type { BudgetLimit, BudgetUsage } from './port';
import { type ContractContext, rejection } from '../contract/fixtures';

const T = 1_800_000_000_000;
const MIN = 60_000;

interface Entry {
  at: number;
  amount: number;
  id: string;
}

/** Reference model: amount inside the window of `l` ending at `t`, as the port defines it. */
const inWindow = (entries: Entry[], t: number, windowMs: number) =>
  entries.filter((e) => e.at > t - windowMs).reduce((s, e) => s + e.amount, 0);
const fits = (entries: Entry[], amount: number, limits: BudgetLimit[], t: number) =>
  limits.every((l) => inWindow(entries, t, l.windowMs) + amount <= l.max);
/** Brute force: the earliest candidate time (an entry leaving a window) at which `amount` fits. */
function modelRetryAt(entries: Entry[], amount: number, limits: BudgetLimit[]): number {
  const candidates = entries.flatMap((e) => limits.map((l) => e.at + l.windowMs)).sort((a, b) => a - b);
  return candidates.find((t) => fits(entries, amount, limits, t))!;
}

/** A reservation's answer without its usage, to compare the decision alone. */
export function decision<T extends { usage?: BudgetUsage }>(r: T): Omit<T, 'usage'> {
  const { usage: _, ...rest } = r;
  return rest;
}

/** Entries by stamp, then amount: Redis orders equal stamps by reservation id, which is random. */
const byStamp = (es: { at: number; amount: number }[]) =>
  es.map((e) => ({ at: e.at, amount: e.amount })).sort((x, y) => x.at - y.at || x.amount - y.amount);

/** Contract: sliding-window segment budgets. */
export function budgetContract(ctx: ContractContext): void {
  const b = () => ctx.store.budgets;

  describe('segment budgets', () => {
    it('reserves up to the max, then refuses with the time the oldest reservation leaves the window', async () => {
      const limits = [{ max: 5, windowMs: MIN }];
      expect((await b().reserve('sim', 3, limits, T)).ok).toBe(true);
      expect((await b().reserve('sim', 2, limits, T + 10_000)).ok).toBe(true);
      expect(await b().used('sim', MIN, T + 20_000)).toBe(5);
      expect(decision(await b().reserve('sim', 1, limits, T + 20_000))).toEqual({ ok: false, retryAt: T + MIN });
      expect(decision(await b().reserve('sim', 4, limits, T + 20_000))).toEqual({
        ok: false,
        retryAt: T + 10_000 + MIN,
      });
      expect((await b().reserve('sim', 1, limits, T + MIN - 1)).ok).toBe(false);
      expect((await b().reserve('sim', 3, limits, T + MIN)).ok).toBe(true);
      expect(await b().used('sim', MIN, T + MIN)).toBe(5);
      expect(await b().used('sim', 1000, T + MIN)).toBe(3);
      expect(await b().used('other', MIN, T)).toBe(0);
      expect(await b().usedIn('sim', [MIN, 1000, 30_000], T + MIN)).toEqual([5, 3, 3]);
      expect(await b().usedIn('other', [MIN, 1000], T)).toEqual([0, 0]);
    });

    it('reserves under several limits all-or-nothing', async () => {
      const limits = [
        { max: 3, windowMs: 1000 },
        { max: 5, windowMs: MIN },
      ];
      for (let i = 0; i < 3; i++) expect((await b().reserve('sim', 1, limits, T + i)).ok).toBe(true);
      expect(decision(await b().reserve('sim', 1, limits, T + 3))).toEqual({ ok: false, retryAt: T + 1000 });
      // T's reservation left the 1 s window exactly now
      expect((await b().reserve('sim', 1, limits, T + 1000)).ok).toBe(true);
      expect(await b().used('sim', 1000, T + 1000)).toBe(3);
      expect((await b().reserve('sim', 1, limits, T + 1001)).ok).toBe(true);
      // The second-level limit is full: the per-second limit must not keep a partial reservation.
      expect(decision(await b().reserve('sim', 1, limits, T + 2500))).toEqual({ ok: false, retryAt: T + MIN });
      expect(await b().used('sim', 1000, T + 2500)).toBe(0);
      expect(await b().used('sim', MIN, T + 2500)).toBe(5);
    });

    it('releases a reservation, and ignores one already gone', async () => {
      const limits = [{ max: 2, windowMs: MIN }];
      const r = await b().reserve('sim', 2, limits, T);
      if (!r.ok) throw new Error('expected a reservation');
      expect((await b().reserve('sim', 1, limits, T + 1)).ok).toBe(false);
      await b().release('sim', r.reservationId);
      await b().release('sim', r.reservationId);
      expect(await b().used('sim', MIN, T + 1)).toBe(0);
      expect((await b().reserve('sim', 2, limits, T + 1)).ok).toBe(true);
    });

    it('counts a reservation stamped later from now until its stamp leaves the window', async () => {
      const limits = [{ max: 2, windowMs: MIN }];
      const r = await b().reserve('sim', 2, limits, T, { at: T + 5_000 });
      if (!r.ok) throw new Error('expected a reservation');
      expect(await b().used('sim', MIN, T)).toBe(2);
      expect(decision(await b().reserve('sim', 1, limits, T + MIN))).toEqual({ ok: false, retryAt: T + 5_000 + MIN });
      expect((await b().reserve('sim', 1, limits, T + 5_000 + MIN)).ok).toBe(true);
      await b().release('sim', r.reservationId); // the stamped id releases it
      expect(await b().used('sim', MIN, T + 5_000 + MIN)).toBe(1);
    });

    it('restamps a reservation earlier or later, and reports one that is gone', async () => {
      const limits = [{ max: 3, windowMs: MIN }];
      const r = await b().reserve('sim', 3, limits, T, { at: T + 5_000 });
      if (!r.ok) throw new Error('expected a reservation');
      const moved = await b().restamp('sim', r.reservationId, T + 1_000);
      expect(moved).toEqual(expect.any(String));
      expect(moved).not.toBe(r.reservationId);
      expect(await b().restamp('sim', r.reservationId, T + 2_000)).toBeUndefined(); // the old id is gone
      // 4 s sooner
      expect(decision(await b().reserve('sim', 1, limits, T + 1_000))).toEqual({ ok: false, retryAt: T + 1_000 + MIN });
      const later = await b().restamp('sim', moved!, T + 2_000);
      expect(decision(await b().reserve('sim', 1, limits, T + 1_000 + MIN))).toEqual({
        ok: false,
        retryAt: T + 2_000 + MIN,
      });
      expect((await b().reserve('sim', 1, limits, T + 2_000 + MIN)).ok).toBe(true);
      await b().release('sim', later!); // already out of the window: nothing to give back
      expect(await b().used('sim', MIN, T + 2_000 + MIN)).toBe(1);
      expect(await b().restamp('sim', later!, T)).toBeUndefined();
      expect(await b().restamp('nobody', r.reservationId, T)).toBeUndefined();
    });

    it('refuses impossible or malformed requests naming the field, reserving nothing', async () => {
      const cases: [Promise<unknown>, string][] = [
        [b().reserve('sim', 6, [{ max: 5, windowMs: MIN }], T), 'amount'],
        [b().reserve('sim', 0, [{ max: 5, windowMs: MIN }], T), 'amount'],
        [b().reserve('sim', 1, [], T), 'limits'],
        [b().reserve('sim', 1, [{ max: 5, windowMs: 0 }], T), 'limits.0.windowMs'],
        [b().reserve('', 1, [{ max: 5, windowMs: MIN }], T), 'key'],
        [b().release('sim', 'not-a-reservation'), 'reservationId'],
        [b().restamp('sim', 'not-a-reservation', T), 'reservationId'],
        [b().restamp('sim', `${T}:1:AAAAAAAA`, -1), 'at'],
        [b().reserve('sim', 1, [{ max: 5, windowMs: MIN }], T, { at: T - 1 }), 'at'],
        [b().used('sim', MIN, Number.NaN), 'now'],
        [b().usedIn('sim', [], T), 'windowsMs'],
        [b().usedIn('sim', [MIN, 0], T), 'windowsMs.1'],
        [b().usedIn('sim', [0], T), 'windowsMs.0'],
        [b().used('sim', 0, T), 'windowMs'],
        [b().usage('sim', [], T), 'limits'],
        [b().usage('', [{ max: 5, windowMs: MIN }], T), 'key'],
        [b().usage('sim', [{ max: 5, windowMs: MIN }], -1), 'now'],
      ];
      for (const [p, field] of cases)
        expect(await rejection(p)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
      expect(await b().used('sim', MIN, T)).toBe(0);
    });

    it('answers with the usage after the step: used per limit and the newest entries, by stamp', async () => {
      const limits = [
        { max: 200, windowMs: MIN },
        { max: 3, windowMs: 1_000 },
      ];
      const r1 = await b().reserve('sim', 2, limits, T, { at: T + 5_000 });
      expect(r1.usage).toEqual({ used: [2, 2], entries: [{ at: T + 5_000, amount: 2 }] });
      const r2 = await b().reserve('sim', 2, limits, T + 100);
      expect(decision(r2)).toEqual({ ok: false, retryAt: T + 5_000 + 1_000 });
      expect(r2.usage).toEqual({ used: [2, 2], entries: [{ at: T + 5_000, amount: 2 }] });
      const r3 = await b().reserve('sim', 1, limits, T + 200);
      expect(r3.usage).toEqual({
        used: [3, 3],
        entries: [
          { at: T + 200, amount: 1 },
          { at: T + 5_000, amount: 2 },
        ],
      });
      // At most USAGE_ENTRIES (128) entries, the newest; the older ones count only in `used`.
      for (let i = 0; i < 130; i++) await b().reserve('many', 1, limits, T + i * 1_000);
      const last = await b().reserve('many', 1, limits, T + 130_000);
      expect(last.usage?.used).toEqual([60, 1]);
      expect(last.usage?.entries).toHaveLength(60);
      for (let i = 0; i < 140; i++) await b().reserve('more', 1, [{ max: 1_000, windowMs: MIN }], T + i);
      const more = await b().reserve('more', 1, [{ max: 1_000, windowMs: MIN }], T + 140);
      expect(more.usage?.used).toEqual([141]);
      expect(more.usage?.entries).toHaveLength(128);
      expect(more.usage?.entries[127]).toEqual({ at: T + 140, amount: 1 });
      expect(more.usage?.entries[0]).toEqual({ at: T + 13, amount: 1 });
      expect(await b().usage('more', [{ max: 1_000, windowMs: MIN }], T + 140)).toEqual(more.usage);
      expect(await b().usage('none', limits, T)).toEqual({ used: [0, 0], entries: [] });
    });

    it('never over-reserves under concurrent reservations', async () => {
      const limits = [{ max: 25, windowMs: MIN }];
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => b().reserve('hot', 1, limits, T + (i % 3))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(25);
      expect(await b().used('hot', MIN, T + 3)).toBe(25);
    });

    it('matches the sliding-window model under random reserve/release sequences', async () => {
      const limitsArb = fc.uniqueArray(
        fc.record({ max: fc.integer({ min: 1, max: 8 }), windowMs: fc.integer({ min: 500, max: 20_000 }) }),
        { minLength: 1, maxLength: 3, selector: (l) => l.windowMs },
      );
      const stepArb = fc.record({
        dt: fc.integer({ min: 0, max: 4000 }),
        amount: fc.integer({ min: 1, max: 8 }),
        release: fc.nat({ max: 9 }),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(limitsArb, fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (limits, steps) => {
          const key = `prop-${run++}`;
          const max = Math.min(...limits.map((l) => l.max));
          let now = T;
          let live: Entry[] = [];
          for (const s of steps) {
            now += s.dt;
            if (s.release === 0 && live.length > 0) {
              const gone = live[s.dt % live.length]!;
              await b().release(key, gone.id);
              live = live.filter((e) => e !== gone);
              continue;
            }
            const amount = Math.min(s.amount, max);
            const r = await b().reserve(key, amount, limits, now);
            if (fits(live, amount, limits, now)) {
              expect(r.ok).toBe(true);
              if (r.ok) live.push({ at: now, amount, id: r.reservationId });
            } else {
              expect(decision(r)).toEqual({ ok: false, retryAt: modelRetryAt(live, amount, limits) });
            }
            // The answer says how the budget stands after the step: what the router keeps as its view.
            const widest = Math.max(...limits.map((l) => l.windowMs));
            expect(r.usage?.used).toEqual(limits.map((l) => inWindow(live, now, l.windowMs)));
            expect(byStamp(r.usage!.entries)).toEqual(byStamp(live.filter((e) => e.at > now - widest)));
            // Read without reserving, a moment later: the same model.
            const read = await b().usage(key, limits, now + s.dt);
            expect(read.used).toEqual(limits.map((l) => inWindow(live, now + s.dt, l.windowMs)));
            expect(byStamp(read.entries)).toEqual(byStamp(live.filter((e) => e.at > now + s.dt - widest)));
            expect(
              await b().usedIn(
                key,
                limits.map((l) => l.windowMs),
                now,
              ),
            ).toEqual(limits.map((l) => inWindow(live, now, l.windowMs)));
            for (const l of limits) {
              expect(await b().used(key, l.windowMs, now)).toBe(inWindow(live, now, l.windowMs));
              // The invariant itself: no window of any limit ever holds more than its max.
              for (const e of live)
                expect(
                  inWindow(
                    live.filter((x) => x.at <= e.at),
                    e.at,
                    l.windowMs,
                  ),
                ).toBeLessThanOrEqual(l.max);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  });
}
