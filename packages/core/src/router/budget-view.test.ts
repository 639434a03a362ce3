import { createMemoryStore, type Store } from '../store';
import { testDevice, testMessage } from '../testing/fleet';
import { simBudgetKey } from './budget-keys';
import { BudgetView } from './budget-view';
import { createFleetRouter } from './fleet-router';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MIN = 60_000;
const limits = [
  { max: 10, windowMs: MIN },
  { max: 4, windowMs: 10_000 },
];

describe('BudgetView', () => {
  it('estimates from the last answer as time passes, and knows nothing past its age', () => {
    const v = new BudgetView(2_000);
    expect(v.estimate('k', limits, 1, T0)).toBeUndefined();
    v.learn(
      'k',
      limits,
      {
        used: [4, 4],
        entries: [
          { at: T0 - 9_000, amount: 3 },
          { at: T0 - 500, amount: 1 },
        ],
      },
      T0,
    );
    expect(v.estimate('k', limits, 1, T0)).toEqual({ remaining: 0, retryAt: T0 + 1_000 });
    expect(v.estimate('k', limits, 3, T0 + 1_000)).toEqual({ remaining: 3 });
    expect(v.estimate('k', limits, 4, T0 + 1_000)).toEqual({ remaining: 3, retryAt: T0 + 9_500 });
    expect(v.estimate('k', limits, 1, T0 + 2_001)).toBeUndefined();
    expect(v.estimate('k', [{ max: 10, windowMs: 5_000 }], 1, T0)).toBeUndefined();
  });

  it('counts reservations the answer did not list at its oldest listed stamp, never earlier', () => {
    const v = new BudgetView(60_000);
    // 7 used in the minute, 3 of them listed: the other 4 are older than T0 - 20 s, so they leave by T0 + 40 s at the
    // latest.
    v.learn('k', [{ max: 8, windowMs: MIN }], { used: [7], entries: [{ at: T0 - 20_000, amount: 3 }] }, T0);
    expect(v.estimate('k', [{ max: 8, windowMs: MIN }], 2, T0)).toEqual({ remaining: 1, retryAt: T0 + 40_000 });
  });

  it("follows this router's own releases and confirms", () => {
    const v = new BudgetView(60_000);
    const one = [{ max: 2, windowMs: MIN }];
    v.learn(
      'k',
      one,
      {
        used: [2],
        entries: [
          { at: T0, amount: 1 },
          { at: T0 + 5_000, amount: 1 },
        ],
      },
      T0,
    );
    expect(v.estimate('k', one, 1, T0 + 1)).toEqual({ remaining: 0, retryAt: T0 + MIN });
    v.moved('k', `${T0 + 5_000}:1:AAAAAAAA`, T0 - 30_000);
    expect(v.estimate('k', one, 1, T0 + 1)).toEqual({ remaining: 0, retryAt: T0 + 30_000 });
    v.released('k', `${T0}:1:AAAAAAAA`);
    expect(v.estimate('k', one, 1, T0 + 1)).toEqual({ remaining: 1 });
    // A reservation the view never saw: it forgets the SIM rather than guess.
    v.released('k', `${T0 + 7}:1:AAAAAAAA`);
    expect(v.estimate('k', one, 1, T0 + 1)).toBeUndefined();
  });
});

describe('routing with the budget view', () => {
  let store: Store;
  const calls: string[] = [];
  /** The store, counting each budget step the router takes. */
  function counted(s: Store): Store {
    const budgets = new Proxy(s.budgets, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return v.apply(target, args);
        };
      },
    });
    return { ...s, budgets } as Store;
  }
  const at = (ms: number) => new Date(T0 + ms);
  const route = (r: ReturnType<typeof createFleetRouter>, to: string, ms: number) =>
    r.route(testMessage(to, 1), at(ms));

  beforeEach(async () => {
    store = createMemoryStore();
    calls.length = 0;
    await store.devices.put(testDevice('dev_a', [{ slot: 1, segmentsPerMinute: 3 }]));
    await store.devices.put(testDevice('dev_b', [{ slot: 1, segmentsPerMinute: 3 }]));
  });
  afterEach(() => store.close());

  it('sends with one reservation each, and makes waiting messages cost no budget step', async () => {
    const router = createFleetRouter({ store: counted(store), policy: { burstWindowMs: 0 } });
    for (let i = 0; i < 6; i++) expect((await route(router, `+1415555010${i}`, i)).kind).toBe('send');
    // Two reads at first (the view knew neither SIM), then one reservation per message.
    expect(calls.filter((c) => c === 'usage')).toHaveLength(2);
    expect(calls.filter((c) => c === 'reserve')).toHaveLength(6);
    calls.length = 0;
    for (let i = 0; i < 20; i++) {
      const d = await route(router, '+14155550199', 10 + i);
      expect(d).toMatchObject({ kind: 'wait', reason: 'budget', retryAt: at(router.policy.windowMarginMs + MIN) });
    }
    expect(calls).toEqual([]);
    // Past its age the view asks the store again, once per SIM.
    await route(router, '+14155550199', 10 + router.policy.budgetViewMaxAgeMs + 1);
    expect(calls).toEqual(['usage', 'usage']);
  });

  it('says what the fleet can take now, without a store step, once it knows every SIM', async () => {
    const router = createFleetRouter({ store: counted(store), policy: { burstWindowMs: 0 } });
    expect(router.headroom(at(0))).toBeUndefined();
    expect((await route(router, '+14155550100', 0)).kind).toBe('send');
    expect(router.headroom(at(1))).toEqual({ free: 5 });
    for (let i = 1; i < 6; i++) await route(router, `+1415555010${i}`, i);
    calls.length = 0;
    expect(router.headroom(at(10))).toEqual({ free: 0, retryAt: T0 + router.policy.windowMarginMs + MIN });
    expect(router.headroom(at(10 + router.policy.budgetViewMaxAgeMs + 10))).toBeUndefined();
    expect(calls).toEqual([]);
    // A capped SIM is beyond the view: it does not say.
    await store.devices.put(testDevice('dev_c', [{ slot: 1, segmentsPerDay: 100 }]));
    await route(router, '+14155550199', 20);
    expect(router.headroom(at(21))).toBeUndefined();
  });

  it('frees a SIM in the view when this router releases on it', async () => {
    const router = createFleetRouter({ store: counted(store), policy: { burstWindowMs: 0 } });
    const sent = [];
    for (let i = 0; i < 6; i++) sent.push(await route(router, `+1415555010${i}`, i));
    expect((await route(router, '+14155550199', 10)).kind).toBe('wait');
    const first = sent[0]!;
    if (first.kind !== 'send') throw new Error('expected a send');
    await router.release(first.reservation);
    calls.length = 0;
    expect(await route(router, '+14155550199', 20)).toMatchObject({ kind: 'send', deviceId: first.deviceId });
    expect(calls).toEqual(['reserve']);
  });

  it('never lets two routers overspend a SIM: a hopeful view costs a refused reservation, then knows', async () => {
    const a = createFleetRouter({ store: counted(store), policy: { burstWindowMs: 0 } });
    const b = createFleetRouter({ store, policy: { burstWindowMs: 0 } });
    expect((await route(a, '+14155550100', 0)).kind).toBe('send');
    // Router b fills both SIMs behind a's back.
    for (let i = 0; i < 5; i++) expect((await route(b, `+1415555020${i}`, 1)).kind).toBe('send');
    calls.length = 0;
    expect((await route(a, '+14155550101', 2)).kind).toBe('wait');
    // a knew dev_a (its own reservation) and read nothing else it knew: one refused try on each SIM it thought free.
    expect(calls.filter((c) => c === 'reserve').length).toBeLessThanOrEqual(2);
    calls.length = 0;
    expect((await route(a, '+14155550102', 3)).kind).toBe('wait');
    expect(calls).toEqual([]);
    for (const dev of ['dev_a', 'dev_b']) expect(await store.budgets.used(simBudgetKey(dev, 1), MIN, T0 + 3)).toBe(3);
  });
});
