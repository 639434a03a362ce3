import fc from 'fast-check';
import { analyzeText } from './index';
import { GraphemeBoundaries, SIMPLE, isSimpleCodePoint } from './grapheme-boundary';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Android's UCS-2 part count, written the slow and obvious way: SmsMessageBase.calcUnicodeEncodingDetails
 * with findNextUnicodePosition, over a BreakIterator on the whole text (here Intl.Segmenter).
 */
function androidUcs2(text: string): { segments: number; remaining: number } {
  if (text.length <= 70) return { segments: 1, remaining: 70 - text.length };
  const whole = segmenter.segment(text);
  let pos = 0;
  let segments = 0;
  let remaining = 0;
  while (pos < text.length) {
    let next = Math.min(pos + 67, text.length);
    if (next < text.length) {
      const clusterStart = whole.containing(next)!.index;
      if (clusterStart !== next) {
        if (clusterStart > pos) next = clusterStart;
        else if (/[\uD800-\uDBFF]/.test(text[next - 1]!)) next -= 1;
      }
    }
    if (next === text.length) remaining = pos + 67 - text.length;
    pos = next;
    segments++;
  }
  return { segments, remaining };
}

describe('grapheme-aware UCS-2 part boundaries', () => {
  it('treats no pair of simple code points as one cluster (checked against ICU for every one of them)', () => {
    // `a` is simple too: a code point that could join a neighbour (Extend, SpacingMark, Prepend, ZWJ, jamo,
    // regional indicator...) would form a cluster with an `a` around it or with its own repetition.
    const joined: string[] = [];
    let simple = 0;
    for (let block = 0; block < 0x20000; block += 0x100) {
      let probe = '';
      for (let cp = block; cp < block + 0x100; cp++) {
        if (!isSimpleCodePoint(cp)) continue;
        simple++;
        const ch = String.fromCodePoint(cp);
        probe += `a${ch}a${ch}${ch}`;
      }
      for (const s of segmenter.segment(probe)) if ([...s.segment].length !== 1) joined.push(s.segment);
    }
    expect(joined).toEqual([]);
    expect(simple).toBeGreaterThan(30_000);
    expect(SIMPLE.reduce((n, x) => n + x, 0)).toBeLessThan(simple); // and some pictographs are simple
    expect(isSimpleCodePoint(0x1f600)).toBe(true);
    for (const cp of [0x0d, 0x200d, 0x0301, 0xfe0f, 0x1f1ec, 0x1f3fd, 0x1100, 0xa9, 0xd83d])
      expect(isSimpleCodePoint(cp)).toBe(false);
  });

  const clusterish = fc.constantFrom(
    'a',
    'b',
    ' ',
    'ç',
    '中',
    '한',
    '\r',
    '\n',
    '\r\n',
    '😀',
    '👍',
    '🏽',
    '\u200D',
    '\uFE0F',
    '\u0301',
    '\u0308',
    '🇬',
    '🇧',
    '🇫',
    '🇷',
    '👨‍👩‍👧',
    'क',
    '्',
    'ष',
    'ि',
    '\u1100',
    '\u1161',
    '\u11A8',
    'ก',
    'ำ',
    '\u0600',
    '©',
  );

  it("matches Android's algorithm over a whole-text segmentation, on cluster-heavy random text", () => {
    fc.assert(
      fc.property(fc.array(clusterish, { minLength: 60, maxLength: 400, size: 'max' }), (parts) => {
        const text = `ç${parts.join('')}`;
        const r = analyzeText(text);
        expect(r.encoding).toBe('UCS-2');
        expect({ segments: r.segments, remaining: r.remainingInLastSegment }).toEqual(androidUcs2(text));
      }),
      { numRuns: 400 },
    );
  });

  it('matches it inside clusters longer than a part too', () => {
    const long = fc
      .tuple(
        fc.constantFrom('e', '👨', '🇬'),
        fc.constantFrom('\u0301', '\u200D👩', '\u200D👩\uFE0F', '🇧'),
        fc.integer({ min: 30, max: 120 }),
      )
      .map(([base, ext, n]) => base + ext.repeat(n));
    fc.assert(
      fc.property(fc.array(fc.oneof(long, clusterish), { minLength: 1, maxLength: 8, size: 'max' }), (parts) => {
        const text = `ç${parts.join('')}`;
        const r = analyzeText(text);
        expect({ segments: r.segments, remaining: r.remainingInLastSegment }).toEqual(androidUcs2(text));
      }),
      { numRuns: 300 },
    );
  });

  it('answers plain boundaries and lone emoji from the table, and asks ICU only for real clusters', () => {
    const spy = jest.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      expect(new GraphemeBoundaries(`ç${'a'.repeat(200)}`).partEnd(0, 67)).toBe(67);
      expect(new GraphemeBoundaries(`ç${'a'.repeat(65)}😀`).partEnd(0, 67)).toBe(66);
      expect(new GraphemeBoundaries(`ç${'😀'.repeat(60)}`).partEnd(0, 67)).toBe(67);
      expect(spy).not.toHaveBeenCalled();
      expect(new GraphemeBoundaries(`ç${'a'.repeat(63)}👍🏽`).partEnd(0, 67)).toBe(64);
      expect(new GraphemeBoundaries(`ç${'a'.repeat(65)}é`).partEnd(0, 67)).toBe(66);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});
