import { isSmsfleetError, type SmsfleetError } from '../errors';
import { GSM7_BASIC, GSM7_EXTENSION, SEGMENT_LIMITS, analyzeText } from './index';

function errorOf(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    if (isSmsfleetError(e)) return e;
    throw e;
  }
  throw new Error('expected an SmsfleetError, got none');
}

const a = (n: number): string => 'a'.repeat(n);
const counts = (text: string) => {
  const r = analyzeText(text);
  return {
    encoding: r.encoding,
    segments: r.segments,
    units: r.units,
    perSegment: r.perSegment,
    remaining: r.remainingInLastSegment,
  };
};

describe('analyzeText: GSM-7', () => {
  it('counts a short text as one GSM-7 part', () => {
    expect(analyzeText('Your order A-1042 ships today.')).toEqual({
      text: 'Your order A-1042 ships today.',
      encoding: 'GSM-7',
      segments: 1,
      units: 30,
      perSegment: 160,
      remainingInLastSegment: 130,
      ucs2Chars: [],
      replaced: [],
    });
  });

  it('costs one septet for every basic-table character and two for every extension character', () => {
    expect(counts(GSM7_BASIC)).toMatchObject({ encoding: 'GSM-7', units: GSM7_BASIC.length });
    expect(counts(GSM7_EXTENSION)).toMatchObject({ encoding: 'GSM-7', units: 2 * GSM7_EXTENSION.length });
    for (const ch of GSM7_EXTENSION) expect(analyzeText(`x${ch}`).units).toBe(3);
    expect(GSM7_BASIC).toHaveLength(127); // 128 table positions minus ESC
  });

  it.each([
    [0, 0, 160, 160],
    [1, 1, 160, 159],
    [160, 1, 160, 0],
    [161, 2, 153, 145],
    [305, 2, 153, 1],
    [306, 2, 153, 0],
    [307, 3, 153, 152],
    [459, 3, 153, 0],
    [460, 4, 153, 152],
    [1530, 10, 153, 0],
  ])('%i basic characters: %i part(s) of %i, %i left', (len, segments, perSegment, remaining) => {
    expect(counts(a(len))).toEqual({ encoding: 'GSM-7', segments, units: len, perSegment, remaining });
  });

  it('fits an extension character in a single part up to 160 septets exactly', () => {
    expect(counts(`${a(158)}€`)).toMatchObject({ segments: 1, units: 160, remaining: 0 });
    expect(counts(`${a(159)}€`)).toMatchObject({ segments: 2, units: 161, perSegment: 153 });
  });

  it('never lets an ESC + character pair straddle two parts', () => {
    // 152 septets + `€` (2) would be 154: the pair opens part 2, which then holds 2 + 10.
    expect(counts(`${a(152)}€${a(10)}`)).toEqual({
      encoding: 'GSM-7',
      segments: 2,
      units: 164,
      perSegment: 153,
      remaining: 141,
    });
    // 306 septets divide into exactly 2 parts of 153, but the straddling pair pushes the text into a third.
    expect(counts(`${a(152)}€${a(152)}`)).toMatchObject({ segments: 3, units: 306, remaining: 153 - 1 });
    // The same pair one septet earlier fits: 151 + 2 = 153.
    expect(counts(`${a(151)}€${a(153)}`)).toMatchObject({ segments: 2, units: 306, remaining: 0 });
  });

  it('treats form feed as an extension character and CR, LF, Ç as basic ones', () => {
    expect(counts('\f')).toMatchObject({ encoding: 'GSM-7', units: 2 });
    expect(counts('\r\nÇ')).toMatchObject({ encoding: 'GSM-7', units: 3 });
  });
});

describe('analyzeText: UCS-2', () => {
  it.each([
    ['ç (only Ç is GSM-7)', 'ça va', ['ç']],
    ['curly quotes', 'it’s “fine”', ['’', '“', '”']],
    ['an emoji', 'ok 👍', ['👍']],
    ['a backtick', 'a `b`', ['`']],
    ['a tab', 'a\tb', ['\t']],
    ['Cyrillic', 'Привет', ['П', 'р', 'и', 'в', 'е', 'т']],
    ['a lone surrogate', 'a\uD800b', ['\uD800']],
  ])('is forced by %s and lists the characters', (_label, text, chars) => {
    const r = analyzeText(text);
    expect(r.encoding).toBe('UCS-2');
    expect(r.ucs2Chars).toEqual(chars);
    expect(r.units).toBe(text.length);
    expect(r.perSegment).toBe(70);
  });

  it('lists each forcing character once, in first-seen order, an emoji as one entry', () => {
    expect(analyzeText('çaé😀ç😀ôé').ucs2Chars).toEqual(['ç', '😀', 'ô']);
  });

  it.each([
    [70, 1, 70, 0],
    [71, 2, 67, 63],
    [133, 2, 67, 1],
    [134, 2, 67, 0],
    [135, 3, 67, 66],
    [201, 3, 67, 0],
    [202, 4, 67, 66],
  ])('%i units: %i part(s) of %i, %i left', (len, segments, perSegment, remaining) => {
    expect(counts(`ç${a(len - 1)}`)).toEqual({ encoding: 'UCS-2', segments, units: len, perSegment, remaining });
  });

  it('counts an emoji as 2 units and never splits it across parts', () => {
    expect(counts('😀'.repeat(35))).toMatchObject({ segments: 1, units: 70, remaining: 0 });
    // The emoji occupies units 67-68: it cannot end part 1 half-way, so part 1 holds 66 units.
    expect(counts(`ç${a(65)}😀${a(10)}`)).toEqual({
      encoding: 'UCS-2',
      segments: 2,
      units: 78,
      perSegment: 67,
      remaining: 55,
    });
    // 134 units would be exactly two parts, but the straddling emoji forces a third.
    expect(counts(`ç${a(65)}😀${a(66)}`)).toMatchObject({ segments: 3, units: 134, remaining: 67 - 1 });
    // One unit earlier it fits: part 1 ends right after it.
    expect(counts(`ç${a(64)}😀${a(67)}`)).toMatchObject({ segments: 2, units: 134, remaining: 0 });
  });

  it('keeps a grapheme cluster (ZWJ sequence, flag, accent, CR LF) in one part, as Android does', () => {
    const family = '👨‍👩‍👧'; // 8 units: man ZWJ woman ZWJ girl
    expect(counts(`ç${a(62)}${family}${a(10)}`)).toMatchObject({ segments: 2, remaining: 67 - 18 });
    expect(counts(`ç${a(64)}🇬🇧${a(10)}`)).toMatchObject({ segments: 2, remaining: 67 - 14 });
    expect(counts(`ç${a(65)}e\u0301${a(10)}`)).toMatchObject({ segments: 2, remaining: 67 - 12 });
    expect(counts(`ç${a(65)}\r\n${a(10)}`)).toMatchObject({ segments: 2, remaining: 67 - 12 });
    // Control: a plain boundary between simple characters is not moved.
    expect(counts(`ç${a(65)}ab${a(10)}`)).toMatchObject({ segments: 2, remaining: 67 - 11 });
  });

  it('cuts a cluster longer than a whole part at a code-point boundary, never inside a surrogate pair', () => {
    // `e` + 100 combining accents is one 101-unit cluster: part 1 ends before it, part 2 holds 67 of its units.
    expect(counts(`çe${'\u0301'.repeat(100)}`)).toMatchObject({ segments: 3, units: 102, remaining: 67 - 34 });
    // 40 family emoji joined by ZWJ form one huge cluster; the cut moves back off the high surrogate.
    const chain = Array.from({ length: 40 }, () => '👨').join('\u200D'); // 40*2 + 39 = 119 units
    // Unit 67 is the low half of the 23rd emoji: part 1 ends at 66, part 2 holds the other 53 units.
    expect(counts(chain)).toMatchObject({ segments: 2, units: 119, remaining: 67 - 53 });
  });
});

describe('analyzeText: edge cases and validation', () => {
  it('counts the empty text as 0 parts with a whole part free', () => {
    expect(analyzeText('')).toEqual({
      text: '',
      encoding: 'GSM-7',
      segments: 0,
      units: 0,
      perSegment: 160,
      remainingInLastSegment: 160,
      ucs2Chars: [],
      replaced: [],
    });
  });

  it('exposes the part sizes it uses', () => {
    expect(SEGMENT_LIMITS).toEqual({ 'GSM-7': { single: 160, multi: 153 }, 'UCS-2': { single: 70, multi: 67 } });
  });

  it.each([undefined, null, 42, ['hi'], { text: 'hi' }])(
    'refuses %j with SMSFLEET_ERR_VALIDATION naming body',
    (input) => {
      const e = errorOf(() => analyzeText(input));
      expect(e.code).toBe('SMSFLEET_ERR_VALIDATION');
      expect(e.field).toBe('body');
      expect(e.reason).toMatch(/must be a string/);
    },
  );

  it('names the field it is given', () => {
    expect(errorOf(() => analyzeText(1, { field: 'messages.0.body' })).field).toBe('messages.0.body');
  });

  it('handles a long text in one pass without quadratic blow-up (correctness only, no timing)', () => {
    const long = `${'€'.repeat(1)}${a(100_000)}`;
    expect(counts(long)).toMatchObject({ encoding: 'GSM-7', units: 100_002, segments: Math.ceil(100_002 / 153) });
    const longUcs2 = `ç${'😀'.repeat(50_000)}`;
    // 67 units per part cannot hold a whole number of emoji: each part takes 33 emoji (66 units) after the first.
    expect(counts(longUcs2)).toMatchObject({ encoding: 'UCS-2', units: 100_001, segments: Math.ceil(50_000 / 33) });
  });
});
