import { SortedIndex } from './sorted-index';

const entries = (x: SortedIndex) => Array.from({ length: x.size }, (_, i) => x.at(i));

describe('SortedIndex', () => {
  it('removes the first, a middle and the last entry, and keeps the order for later inserts', () => {
    const x = new SortedIndex();
    for (const [s, id] of [
      [3, 'c'],
      [1, 'a'],
      [2, 'b'],
      [2, 'a'],
      [4, 'd'],
    ] as const)
      x.insert(s, id);
    expect(x.remove(1, 'a')).toBe(true); // the first
    expect(x.remove(1, 'a')).toBe(false);
    expect(x.remove(2, 'b')).toBe(true); // a middle one
    expect(x.remove(4, 'd')).toBe(true); // the last
    expect(x.remove(9, 'z')).toBe(false);
    expect(entries(x)).toEqual([
      { score: 2, id: 'a' },
      { score: 3, id: 'c' },
    ]);
    x.insert(0, 'z');
    x.insert(2.5, 'y');
    expect(x.remove(0, 'z')).toBe(true);
    expect(entries(x).map((e) => e.id)).toEqual(['a', 'y', 'c']);
    expect(x.lowerBound(3, 'c')).toBe(2);
  });

  it('stays a capped window when the oldest goes on each insert', () => {
    const x = new SortedIndex();
    for (let i = 0; i < 50; i++) {
      x.insert(i, `id${i}`);
      if (x.size > 10) x.remove(x.scoreAt(0), x.idAt(0));
    }
    expect(entries(x).map((e) => e.score)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
  });
});
