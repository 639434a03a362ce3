import fc from 'fast-check';
import { HOUR_MS, type RollupDims, type RollupState } from '../../metrics/rollup-state';
import { MemoryRollups } from './memory';
import { CellKeyCache, MAX_CACHED } from './memory-cells';

const H = Math.floor(Date.parse('2026-11-30T23:00:00.000Z') / HOUR_MS) * HOUR_MS; // a month's last hour
const DIMS: RollupDims[] = [
  {},
  { campaign: 'spring', deviceId: 'dev_1', sim: 1, gateway: 'textbee' },
  { deviceId: 'dev_2', sim: 2, gateway: 'httpsms', tags: ['vip', 'eu', 'vip'] },
  { campaign: 'c"q', gateway: 'sms-gate' },
];
const FIELDS = ['messages', 'sent', 'delivered', 'failed', 'fc:invalid_number', 'segments'];

/** What a store holding only these newest states reads for every selector and grain a state touches. */
async function reads(r: MemoryRollups, dims: RollupDims[]): Promise<unknown[]> {
  const sels = new Set(['all', 'x']);
  for (const d of dims)
    for (const s of new CellKeyCache().keys(H, d).selectors) sels.add(s.split(' ').slice(2).join(' '));
  const out: unknown[] = [];
  for (const s of [...sels].sort()) {
    out.push(await r.sum(s, H, H + HOUR_MS), await r.sum(s, H - 40 * 24 * HOUR_MS, H + 40 * 24 * HOUR_MS));
    out.push(await r.series(s, H - 2 * HOUR_MS, H + 2 * HOUR_MS, 'hour'));
  }
  return out;
}

describe('MemoryRollups, a change on the same cells', () => {
  // The fast path adds a metrics difference under cached keys: it must leave exactly what recording only the newest
  // state of each message leaves (the general difference, a full add).
  it('leaves the buckets of the newest states only (property)', async () => {
    const step = fc.record({
      msg: fc.integer({ min: 0, max: 5 }),
      metrics: fc.dictionary(fc.constantFrom(...FIELDS), fc.integer({ min: 0, max: 3 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const live = new MemoryRollups();
        const newest = new Map<string, RollupState>();
        steps.forEach((s, i) => {
          const st: RollupState = {
            messageId: `m${s.msg}`,
            version: i + 1,
            hour: H,
            dims: DIMS[s.msg % DIMS.length]!,
            metrics: s.metrics,
            keepUntil: null,
          };
          void live.record(st);
          newest.set(st.messageId, st);
        });
        const fresh = new MemoryRollups();
        for (const st of newest.values()) await fresh.record(st);
        expect(await reads(live, DIMS)).toEqual(await reads(fresh, DIMS));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a state whose record was refused as old unchanged', async () => {
    const r = new MemoryRollups();
    const st = (version: number, sent: number): RollupState => ({
      messageId: 'm',
      version,
      hour: H,
      dims: DIMS[1]!,
      metrics: { messages: 1, sent },
      keepUntil: null,
    });
    expect(await r.record(st(2, 1))).toBe(true);
    expect(await r.record(st(1, 0))).toBe(false);
    expect(await r.record(st(3, 1))).toBe(true); // nothing moved
    expect(await r.sum('all', H, H + HOUR_MS)).toEqual({ messages: 1, sent: 1 });
    expect(await r.record(st(4, 0))).toBe(true);
    expect(await r.sum('all', H, H + HOUR_MS)).toEqual({ messages: 1 });
  });

  it('keeps a bounded number of key sets, and gives the same keys after it starts again', () => {
    const c = new CellKeyCache();
    const first = c.keys(H, DIMS[1]!);
    expect(c.keys(H, { ...DIMS[1]! })).toBe(first); // equal dimensions share one entry
    for (let i = 0; i <= MAX_CACHED; i++) c.keys(H + i * HOUR_MS, DIMS[1]!);
    expect((c as unknown as { cache: Map<string, unknown> }).cache.size).toBeLessThanOrEqual(MAX_CACHED);
    expect(c.keys(H, DIMS[1]!)).toEqual(first);
  });
});
