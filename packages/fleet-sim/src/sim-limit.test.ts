import { SegmentLimiter } from './sim-limit';

describe('SegmentLimiter (Android SmsUsageMonitor)', () => {
  it('allows exactly max segments per sliding window and does not count refusals', () => {
    const l = new SegmentLimiter(30, 60_000);
    expect(l.tryAcquire(0, 29)).toBe(true);
    expect(l.tryAcquire(1_000, 2)).toBe(false); // 31 > 30: refused whole
    expect(l.tryAcquire(1_000, 1)).toBe(true); // exactly 30
    expect(l.tryAcquire(59_999, 1)).toBe(false);
    expect(l.used(59_999)).toBe(30);
  });

  it('frees segments once they are 60 s old', () => {
    const l = new SegmentLimiter(30, 60_000);
    expect(l.tryAcquire(0, 20)).toBe(true);
    expect(l.tryAcquire(30_000, 10)).toBe(true);
    expect(l.tryAcquire(59_999, 1)).toBe(false);
    expect(l.tryAcquire(60_000, 20)).toBe(false); // still inside the window at exactly 60 s (AOSP keeps it)
    expect(l.tryAcquire(60_001, 20)).toBe(true); // the first 20 are now older than 60 s
    expect(l.used(60_001)).toBe(30);
    expect(l.used(90_000)).toBe(30);
    expect(l.used(90_001)).toBe(20);
  });
});
