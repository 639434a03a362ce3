import { type ContractContext, rejection } from '../contract/fixtures';
import { decision } from './budgets.contract';

const T = 1_800_000_000_000;
const DAY = 86_400_000;
const MIN = 60_000;
const roomy = [{ max: 1_000, windowMs: MIN }];

/** Contract: calendar-period budgets and distinct-recipient caps, taken with the segments in one step. */
export function capsContract(ctx: ContractContext): void {
  const b = () => ctx.store.budgets;
  const day = (n: number) => ({ period: `d:${n}`, max: 5, endsAt: T + (n + 1) * DAY });

  describe('calendar and recipient caps', () => {
    it('counts a calendar period until it ends, refusing with its end, and gives back a release', async () => {
      const ok = await b().reserve('sim', 3, roomy, T, { periods: [day(0)] });
      if (!ok.ok) throw new Error('expected a reservation');
      expect(decision(await b().reserve('sim', 3, roomy, T + 1_000, { periods: [day(0)] }))).toEqual({
        ok: false,
        retryAt: T + DAY,
        by: 'period',
      });
      expect((await b().reserve('sim', 2, roomy, T + 1_000, { periods: [day(0)] })).ok).toBe(true);
      expect((await b().standing('sim', [MIN], T + 2_000, ['d:0', 'd:1'])).periods).toEqual([5, 0]);
      await b().release('sim', ok.reservationId, ['d:0']);
      await b().release('sim', ok.reservationId, ['d:0']); // a second release gives nothing back
      // The period outlives the sliding windows: still counted long after they have moved on.
      expect((await b().standing('sim', [MIN], T + 3 * MIN, ['d:0'])).periods).toEqual([2]);
      // The next day is a period of its own.
      expect((await b().reserve('sim', 5, roomy, T + DAY, { periods: [day(1)] })).ok).toBe(true);
      // A sliding window that refuses too: the later of the two times (the window's: day 1's 5 leave it at day 3).
      const tight = [{ max: 5, windowMs: 2 * DAY }];
      expect(decision(await b().reserve('sim', 1, tight, T + DAY + 1, { periods: [day(1)] }))).toEqual({
        ok: false,
        retryAt: T + 3 * DAY,
        by: 'period',
      });
    });

    it('takes a recipient slot once per period, and refuses a new recipient past the limit', async () => {
      const cap = (recipient: string) => ({ recipient: { period: 'm:0', limit: 2, endsAt: T + 30 * DAY, recipient } });
      expect((await b().reserve('sim', 1, roomy, T, cap('+1'))).ok).toBe(true);
      expect((await b().reserve('sim', 1, roomy, T, cap('+2'))).ok).toBe(true);
      expect(decision(await b().reserve('sim', 1, roomy, T, cap('+3')))).toEqual({
        ok: false,
        retryAt: T + 30 * DAY,
        by: 'recipients',
      });
      expect((await b().reserve('sim', 1, roomy, T + 1, cap('+1'))).ok).toBe(true); // known: no new slot
      expect(await b().standing('sim', [MIN], T + 2, [], { period: 'm:0', recipient: '+3' })).toEqual({
        windows: [3],
        periods: [],
        recipients: { count: 2, known: false },
      });
      expect((await b().standing('sim', [MIN], T + 2, [], { period: 'm:0', recipient: '+2' })).recipients).toEqual({
        count: 2,
        known: true,
      });
      expect((await b().standing('sim', [MIN], T + 2, [], { period: 'm:0' })).recipients).toEqual({
        count: 2,
        known: false,
      });
      // A refusal takes nothing: no segments, no slot.
      expect((await b().standing('sim', [MIN], T + 2, [], { period: 'm:1', recipient: '+3' })).recipients).toEqual({
        count: 0,
        known: false,
      });
      expect((await b().reserve('sim', 1, roomy, T, { ...cap('+3'), periods: [day(0)] })).ok).toBe(false);
      expect((await b().standing('sim', [MIN], T + 2, ['d:0'])).periods).toEqual([0]);
    });

    it('never passes a recipient cap under concurrent reservations for distinct recipients', async () => {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          b().reserve('hot', 1, roomy, T, {
            recipient: { period: 'm:0', limit: 7, endsAt: T + DAY, recipient: `+1555000${i}` },
            periods: [{ period: 'd:0', max: 30, endsAt: T + DAY }],
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(7);
      expect(await b().standing('hot', [MIN], T, ['d:0'], { period: 'm:0', recipient: '+15550000' })).toMatchObject({
        windows: [7],
        periods: [7],
        recipients: { count: 7 },
      });
    });

    it('refuses malformed caps naming the field, reserving nothing', async () => {
      const cases: [Promise<unknown>, string][] = [
        [b().reserve('sim', 6, roomy, T, { periods: [{ period: 'd', max: 5, endsAt: T + 1 }] }), 'amount'],
        [b().reserve('sim', 1, roomy, T, { periods: [{ period: '', max: 5, endsAt: T + 1 }] }), 'periods.0.period'],
        [b().reserve('sim', 1, roomy, T, { periods: [{ period: 'd', max: 5, endsAt: T }] }), 'periods.0.endsAt'],
        [
          b().reserve('sim', 1, roomy, T, { recipient: { period: 'm', limit: 0, endsAt: T + 1, recipient: '+1' } }),
          'recipient.limit',
        ],
        [b().standing('sim', [MIN], T, [''], undefined), 'periods.0'],
        [b().release('sim', `${T}:1:AAAAAAAA`, ['']), 'periods.0'],
      ];
      for (const [p, field] of cases)
        expect(await rejection(p)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
      expect(await b().used('sim', MIN, T)).toBe(0);
    });
  });
}
