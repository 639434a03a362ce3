import fc from 'fast-check';
import { HISTOGRAM_RELATIVE_ERROR } from '../../metrics/histogram';
import { figuresFromRollups, foldTuples, rollupSelector } from '../../metrics/rollup-figures';
import { HOUR_MS, rollupState, type RollupState } from '../../metrics/rollup-state';
import { MetricsAccumulator } from '../../metrics/engagement-metrics';
import type { Message, MessageStatus } from '../../schemas';
import { type ContractContext, iso, message, rejection, T0 } from '../contract/fixtures';

const PRICING = { perSegment: 0.01, currency: 'USD' };
const DAY = 86400_000;
/** The range every read of the property covers: 100 days back, a day ahead (hours), crossing month ends. */
const SINCE = Math.floor((T0 - 100 * DAY) / HOUR_MS) * HOUR_MS;
const UNTIL = Math.floor((T0 + DAY) / HOUR_MS) * HOUR_MS;

/** One thing that happens to a message: a status report or engagement, and how its roll-up record goes. */
type Step = {
  msg: number;
  change: 'status' | 'click' | 'reply' | 'optout';
  status: MessageStatus;
  /** ok: recorded once; dup: twice; crash: not recorded until recovery; late: an older state replayed after. */
  fault: 'ok' | 'dup' | 'crash' | 'late';
  ms: number;
};

const STATUSES: MessageStatus[] = ['pending', 'sent', 'delivered', 'undelivered', 'failed', 'expired', 'unknown'];

function applyStep(m: Message, s: Step): Message {
  const e = m.engagement ?? { links: 1, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 };
  if (s.change === 'click') return { ...m, engagement: { ...e, clicks: e.clicks + 1, uniqueClicks: 1 } };
  if (s.change === 'reply') return { ...m, engagement: { ...e, replies: e.replies + 1 } };
  if (s.change === 'optout') return { ...m, engagement: { ...e, optedOut: true } };
  const at = iso(s.ms);
  const out: Message = { ...m, status: s.status, attempts: Math.max(1, m.attempts), updatedAt: at };
  if (s.status === 'sent' && !out.sentAt) out.sentAt = at;
  if (s.status === 'delivered') {
    out.sentAt ??= iso(s.ms - 1000);
    out.deliveredAt = at;
  }
  if (['undelivered', 'failed'].includes(s.status))
    out.failure = { code: `${s.ms % 3}`, category: 'invalid_number', permanent: true, explanation: 'no' };
  return out;
}

/** The roll-ups part of the Store contract (see store/contract.ts). */
export function rollupsContract(ctx: ContractContext): void {
  describe('rollups', () => {
    const state = (id: string, version: number, hour: number, n: number): RollupState => ({
      messageId: id,
      version,
      hour,
      dims: {},
      metrics: { messages: 1, delivered: n },
      keepUntil: null,
    });

    it('sums the newest state per message; duplicates and older versions change nothing', async () => {
      const r = ctx.store.rollups;
      const h = Math.floor(T0 / HOUR_MS) * HOUR_MS;
      expect(await r.record(state('a', 1, h, 0))).toBe(true);
      expect(await r.record(state('a', 3, h, 1))).toBe(true);
      expect(await r.record(state('a', 2, h, 0))).toBe(false); // late
      expect(await r.record(state('a', 3, h, 1))).toBe(false); // duplicate
      await Promise.all([1, 2, 3, 4, 5].map((v) => r.record(state('b', v, h - 40 * DAY, v % 2))));
      expect(await r.sum('all', h - 60 * DAY, h + HOUR_MS)).toEqual({ messages: 2, delivered: 2 });
      expect(await r.sum('all', h, h + HOUR_MS)).toEqual({ messages: 1, delivered: 1 });
      const days = await r.series('all', h - 41 * DAY, h + HOUR_MS, 'day');
      expect(days.reduce((s, d) => s + (d.messages ?? 0), 0)).toBe(2);
      expect(await r.sum('c:x', h, h + HOUR_MS)).toEqual({});
    });

    it('refuses bad reads and states naming the field', async () => {
      const r = ctx.store.rollups;
      const h = Math.floor(T0 / HOUR_MS) * HOUR_MS;
      const cases: [Promise<unknown>, string][] = [
        [r.sum('all', h + HOUR_MS, h), 'since'],
        [r.sum('all', h + 1, h + HOUR_MS), 'since'],
        [r.sum('all', h, h + 1), 'until'],
        [r.sum('all', h - 401 * DAY, h), 'since'],
        [r.sum('', h, h + HOUR_MS), 'selector'],
        [r.record({ ...state('a', 1, h, 0), hour: h + 1 }), 'state.hour'],
        [r.record({ ...state('a', 1, h, 0), metrics: { messages: 0.5 } }), 'state.metrics'],
      ];
      for (const [p, field] of cases)
        expect(await rejection(p)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
    });

    /** The newest state of every message the property created, purged or not (the store is shared by its runs). */
    const truth = new Map<string, Message>();

    it('equals the figures computed from the messages, under faults and purges (property)', async () => {
      truth.clear();
      const step = fc.record({
        msg: fc.nat(5),
        change: fc.constantFrom('status', 'status', 'click', 'reply', 'optout'),
        status: fc.constantFrom(...STATUSES),
        fault: fc.constantFrom('ok', 'ok', 'dup', 'crash', 'late'),
        ms: fc.integer({ min: 1_000, max: 600_000 }),
      }) as fc.Arbitrary<Step>;
      const msg = fc.record({
        hoursBack: fc.integer({ min: 0, max: 95 * 24 }),
        campaign: fc.constantFrom('a', 'b', undefined),
        tag: fc.constantFrom('vip', 'new', undefined),
        device: fc.constantFrom('d1', 'd2'),
        sim: fc.constantFrom(1, 2),
        retained: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(msg, { minLength: 1, maxLength: 6 }), fc.array(step, { maxLength: 25 }), run),
        { numRuns: 12 },
      );
      // Twelve random campaigns with faults and purges: seconds on a quiet machine, far more on a busy Cluster. The
      // limit only catches a hang; the property's outcome never depends on time.
    }, 300_000);

    async function run(
      specs: { hoursBack: number; campaign?: string; tag?: string; device: string; sim: number; retained: boolean }[],
      steps: Step[],
    ) {
      const { messages, rollups } = ctx.store;
      const crashed = new Set<string>();
      const ids: string[] = [];
      for (const s of specs) {
        const m = message(-s.hoursBack * HOUR_MS - 1, {
          ...(s.campaign ? { campaign: s.campaign } : {}),
          ...(s.tag ? { tags: [s.tag] } : {}),
          ...(s.retained ? { retainUntil: iso(DAY) } : {}),
          from: { deviceId: s.device, sim: s.sim },
          gateway: 'sms-gate',
        });
        const created = (await messages.create(m, [])).message;
        await rollups.record(rollupState(created));
        truth.set(created.id, created);
        ids.push(created.id);
      }
      for (const s of steps) {
        const id = ids[s.msg % ids.length]!;
        const before = await messages.get(id);
        if (!before) continue; // purged
        const r = await messages.update(id, (c) => ({ message: applyStep(c, s), events: [] }));
        if (!r?.changed) continue;
        truth.set(id, r.value);
        if (s.fault === 'crash') crashed.add(id);
        else await rollups.record(rollupState(r.value));
        if (s.fault === 'dup') await rollups.record(rollupState(r.value));
        if (s.fault === 'late') await rollups.record(rollupState(before)); // an older report arrives after
        if (s.msg === 0 && s.fault === 'late') {
          // The tracking job flushes what crashed, then retention purges the retained messages.
          for (const c of crashed) await rollups.record(rollupState((await messages.get(c))!));
          crashed.clear();
          await ctx.store.purgeExpired(new Date(T0 + 2 * DAY));
        }
      }
      for (const c of crashed) {
        const m = await messages.get(c);
        if (m) await rollups.record(rollupState(m));
      }
      const check = async (filter: Parameters<typeof rollupSelector>[0], keep: (m: Message) => boolean) => {
        const acc = new MetricsAccumulator(PRICING);
        for (const m of truth.values()) if (keep(m)) acc.add(m);
        const want = acc.result();
        const { selector, match } = rollupSelector(filter);
        const raw = await rollups.sum(selector, SINCE, UNTIL);
        const got = figuresFromRollups(match ? foldTuples(raw, match) : raw, PRICING);
        expect({ ...got, timeToDeliverMs: null }).toEqual({ ...want, timeToDeliverMs: null });
        expect(got.timeToDeliverMs === null).toBe(want.timeToDeliverMs === null);
        if (got.timeToDeliverMs && want.timeToDeliverMs)
          for (const p of ['p50', 'p95'] as const)
            expect(Math.abs(got.timeToDeliverMs[p] - want.timeToDeliverMs[p])).toBeLessThanOrEqual(
              want.timeToDeliverMs[p] * HISTOGRAM_RELATIVE_ERROR + 1,
            );
        const series = await rollups.series(selector, UNTIL - 31 * DAY, UNTIL, 'hour');
        const recent = [...truth.values()].filter((m) => keep(m) && Date.parse(m.createdAt) >= UNTIL - 31 * DAY);
        expect(series.reduce((n, p) => n + ((match ? foldTuples(p, match) : p).messages ?? 0), 0)).toBe(recent.length);
      };
      await check({}, () => true);
      await check({ campaign: 'a' }, (m) => m.campaign === 'a');
      await check({ tag: 'vip' }, (m) => m.tags?.includes('vip') === true);
      await check({ deviceId: 'd2', sim: 1 }, (m) => m.from?.deviceId === 'd2' && m.from.sim === 1);
      await check({ campaign: 'b', deviceId: 'd1' }, (m) => m.campaign === 'b' && m.from?.deviceId === 'd1');
      await check({ deviceId: 'd1' }, (m) => m.from?.deviceId === 'd1');
      await check({ gateway: 'sms-gate' }, () => true);
      await check({ sim: 2 }, (m) => m.from?.sim === 2);
      await check(
        { campaign: 'a', deviceId: 'd2', sim: 2 },
        (m) => m.campaign === 'a' && m.from?.deviceId === 'd2' && m.from.sim === 2,
      );
      await check({ campaign: 'b', gateway: 'sms-gate' }, (m) => m.campaign === 'b');
      await check(
        { campaign: 'a', deviceId: 'd1', gateway: 'sms-gate' },
        (m) => m.campaign === 'a' && m.from?.deviceId === 'd1',
      );
    }
  });
}
