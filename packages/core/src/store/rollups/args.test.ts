import fc from 'fast-check';
import { HOUR_MS, rollupCells, type RollupState } from '../../metrics/rollup-state';
import { bucketsOf, rollupDelta } from './args';

type S = Pick<RollupState, 'hour' | 'dims' | 'metrics'>;

/** The delta the long way: every cell of `after` less every cell of `before`, zeros dropped. */
function reference(before: S | undefined, after: S): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const add = (s: S, sign: number) => {
    for (const b of bucketsOf(s.hour))
      for (const [sel, f, n] of rollupCells(s)) {
        const m = (out[`${b.grain} ${b.start} ${sel}`] ??= {});
        m[f] = (m[f] ?? 0) + sign * n;
      }
  };
  if (before) add(before, -1);
  add(after, 1);
  for (const [k, m] of Object.entries(out)) {
    for (const [f, n] of Object.entries(m)) if (n === 0) delete m[f];
    if (Object.keys(m).length === 0) delete out[k];
  }
  return out;
}

const plain = (m: Map<string, Map<string, number>>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));

const metrics = fc.dictionary(
  fc.constantFrom('sent', 'delivered', 'failed', 'clicks', 'cost'),
  fc.integer({ min: -3, max: 3 }),
);
const dims = fc.record(
  {
    campaign: fc.constantFrom('c1', 'c2'),
    deviceId: fc.constant('d1'),
    sim: fc.constantFrom(1, 2),
    gateway: fc.constant('g'),
    tags: fc.constantFrom('a', 'a b', 'b a').map((t) => t.split(' ')),
  },
  { requiredKeys: [] },
);
const state = fc.record({
  hour: fc.integer({ min: 0, max: 3 }).map((h) => 1_700_000_000_000 - (1_700_000_000_000 % HOUR_MS) + h * HOUR_MS),
  dims,
  metrics,
});

describe('rollupDelta', () => {
  it('equals the cell-by-cell difference, whether the dims and hour stay or move', () => {
    fc.assert(
      fc.property(state, metrics, fc.boolean(), (before, next, same) => {
        const after = same ? { ...before, dims: { ...before.dims }, metrics: next } : { ...before, metrics: next };
        expect(plain(rollupDelta(before, after))).toEqual(reference(before, after));
      }),
    );
    fc.assert(
      fc.property(fc.option(state, { nil: undefined }), state, (before, after) => {
        expect(plain(rollupDelta(before, after))).toEqual(reference(before, after));
      }),
    );
  });
});
