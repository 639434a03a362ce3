import { Redis } from 'ioredis';
import { T0 } from '../contract/fixtures';
import { withFaultyStore } from './faulty-connection';
import { requireRedisUrl } from './test-support';

const url = requireRedisUrl();
const admin = new Redis(url);
afterAll(() => admin.quit());

const now = T0;
const minute = [{ max: 2, windowMs: 60_000 }];
const day = { period: 'd:1', max: 10, endsAt: now + 3600_000 };

/**
 * A budget step sent twice, as ioredis resends a command whose reply a dropped connection lost: the second run must
 * answer as the first did and count nothing twice. Read as a refusal, a resent reservation that filled the budget left
 * a phantom reservation standing while its message waited; read as gone, a resent restamp lost the phone's confirmed
 * send time.
 */
describe('Redis budgets: a step sent twice answers as it ran, once', () => {
  it('a reservation that fills the budget is reserved, not refused', async () => {
    await withFaultyStore(url, admin, async (store, faulty) => {
      faulty.arm(1, 'twice');
      const r = await store.budgets.reserve('sim:a', 2, minute, now);
      expect(faulty.fired).toBe(true);
      expect(r).toMatchObject({ ok: true });
      expect(await store.budgets.used('sim:a', 60_000, now)).toBe(2);
    });
  });

  it('a capped reservation counts its period and recipient once', async () => {
    await withFaultyStore(url, admin, async (store, faulty) => {
      const recipient = { period: 'd:1', recipient: '+14155550123', limit: 5, endsAt: day.endsAt };
      faulty.arm(1, 'twice');
      const r = await store.budgets.reserve('sim:b', 1, [{ max: 5, windowMs: 60_000 }], now, {
        periods: [day],
        recipient,
      });
      expect(faulty.fired).toBe(true);
      expect(r).toMatchObject({ ok: true });
      const s = await store.budgets.standing('sim:b', [60_000], now, ['d:1'], { period: 'd:1' });
      expect(s).toEqual({ windows: [1], periods: [1], recipients: { count: 1, known: false } });
    });
  });

  it('a restamp answers the moved reservation', async () => {
    await withFaultyStore(url, admin, async (store, faulty) => {
      const r = await store.budgets.reserve('sim:c', 1, minute, now, { at: now + 5_000 });
      if (!r.ok) throw new Error('not reserved');
      faulty.arm(1, 'twice');
      const id = await store.budgets.restamp('sim:c', r.reservationId, now + 1_000);
      expect(faulty.fired).toBe(true);
      expect(id).toBeDefined();
      // It is the reservation's id now: released by it, the budget is empty.
      await store.budgets.release('sim:c', id!);
      expect(await store.budgets.used('sim:c', 60_000, now + 2_000)).toBe(0);
    });
  });
});
