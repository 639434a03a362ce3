import { hitAfter } from './hits';

describe('hitAfter', () => {
  it('orders hit ids by time, then sequence, as numbers (not as text)', () => {
    expect(hitAfter('10-0', '9-5')).toBe(true);
    expect(hitAfter('9-5', '10-0')).toBe(false);
    expect(hitAfter('5-10', '5-9')).toBe(true);
    expect(hitAfter('5-9', '5-10')).toBe(false);
    expect(hitAfter('1700000000001-0', '1700000000000-12')).toBe(true);
    expect(hitAfter('1700000000000-3', '1700000000000-3')).toBe(false);
    expect(hitAfter('0-0', '')).toBe(true);
  });
});
