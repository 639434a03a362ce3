import { coalesceWait, DEFAULT_COALESCE_WINDOW } from './coalesce-window';

describe('coalesceWait', () => {
  it('waits the short window after a quiet round and the long one after a flood', () => {
    expect(coalesceWait(0)).toBe(DEFAULT_COALESCE_WINDOW.quietMs);
    expect(coalesceWait(DEFAULT_COALESCE_WINDOW.busyHits - 1)).toBe(DEFAULT_COALESCE_WINDOW.quietMs);
    expect(coalesceWait(DEFAULT_COALESCE_WINDOW.busyHits)).toBe(DEFAULT_COALESCE_WINDOW.busyMs);
  });

  it('takes a window of the caller', () => {
    const w = { quietMs: 5, busyMs: 50, busyHits: 2 };
    expect([coalesceWait(1, w), coalesceWait(2, w)]).toEqual([5, 50]);
  });
});
