/**
 * analyzeText against sms-segments-calculator (Twilio's segment calculator) as an oracle.
 *
 * Where they differ, analyzeText follows the documented rules and Android (whose `partsCount` is the truth):
 * - CR LF at a UCS-2 part boundary: the oracle splits CR from LF (it breaks every CR LF into two graphemes
 *   so that CR LF does not force UCS-2); Android's BreakIterator keeps the pair in one part, and so do we.
 * - The empty text: the oracle says 1 segment (and Android's calculateLength too); we say 0 (nothing to
 *   send, and the send API refuses empty bodies).
 * - Smart encoding: the oracle maps no-break and other Unicode spaces to two spaces and tab to seven; we
 *   map each to one space. The oracle replaces characters even when the text stays UCS-2 and may then need
 *   more parts; we replace only when the whole text becomes GSM-7 without costing parts.
 * - Grapheme clusters: the oracle uses the grapheme-splitter package (an old Unicode version) and never
 *   cuts a cluster even when it is longer than a part; we use ICU and fall back to a code-point cut like
 *   Android. Random texts below avoid characters whose clustering differs between Unicode versions.
 */
import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { GSM7_BASIC, GSM7_EXTENSION, analyzeText } from './index';

function oracle(text: string, smart = false) {
  const m = new SegmentedMessage(text, 'auto', smart);
  const bits = m.encodingName === 'GSM-7' ? 7 : 16;
  const last = m.segments[m.segments.length - 1]!;
  return {
    encoding: m.encodingName,
    segments: m.segmentsCount,
    units: m.messageSize / bits,
    remainingInLastSegment: Math.floor(last.freeSizeInBits() / bits),
    ucs2Chars: [...new Set(m.getNonGsmCharacters())],
  };
}

function ours(text: string) {
  const r = analyzeText(text);
  return {
    encoding: r.encoding,
    segments: r.segments,
    units: r.units,
    remainingInLastSegment: r.remainingInLastSegment,
    ucs2Chars: r.ucs2Chars,
  };
}

const gsmBasic = [...GSM7_BASIC].filter((c) => c !== '\r'); // CR LF pairs are covered by their own test
const gsmExt = [...GSM7_EXTENSION];
const latin1 = [...'çôêâîûëïÿœ¢©®°±µ¶·¸¹º»¼½¾ÀÁÂÃÈÊËÌÍÎÏÐÒÓÔÕ×ÙÚÛÝÞáãíóõúýþ'];
const emoji = ['😀', '🎉', '👍', '🚀', '💡', '🍕', '🙂', '🔥']; // surrogate pairs, no modifiers or ZWJ
const cjk = [...'中文字漢語日本한국어の'];

const gsmText = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...gsmBasic) },
    { weight: 1, arbitrary: fc.constantFrom(...gsmExt) },
  ),
  minLength: 1,
  maxLength: 700,
  size: 'max',
});
const mixedText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...gsmBasic) },
    { weight: 1, arbitrary: fc.constantFrom(...gsmExt) },
    { weight: 1, arbitrary: fc.constantFrom(...latin1) },
    { weight: 1, arbitrary: fc.constantFrom(...emoji) },
    { weight: 1, arbitrary: fc.constantFrom(...cjk) },
  ),
  minLength: 1,
  maxLength: 400,
  size: 'max',
});

describe('analyzeText agrees with sms-segments-calculator', () => {
  it('on random GSM-7 texts (basic and extension characters)', () => {
    fc.assert(
      fc.property(gsmText, (s) => {
        expect(ours(s)).toEqual(oracle(s));
      }),
      { numRuns: 300 },
    );
  });

  it('on random mixed texts (GSM, extension, Latin-1, emoji, CJK)', () => {
    fc.assert(
      fc.property(mixedText, (s) => {
        expect(ours(s)).toEqual(oracle(s));
      }),
      { numRuns: 300 },
    );
  });

  it('on long random texts made of a few UCS-2 characters in GSM text', () => {
    const sprinkled = fc
      .tuple(
        gsmText,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...emoji, ...latin1, ...cjk)), { minLength: 1, maxLength: 5 }),
      )
      .map(([base, inserts]) =>
        inserts.reduce((s, [at, ch]) => s.slice(0, at % (s.length + 1)) + ch + s.slice(at % (s.length + 1)), base),
      );
    fc.assert(
      fc.property(sprinkled, (s) => {
        expect(ours(s)).toEqual(oracle(s));
      }),
      { numRuns: 200 },
    );
  });

  describe('on boundary texts', () => {
    const gsmLengths = [1, 159, 160, 161, ...[2, 3, 4, 5].flatMap((k) => [153 * k - 1, 153 * k, 153 * k + 1])];
    it.each(gsmLengths)('GSM-7, %i septets', (n) => {
      expect(ours('a'.repeat(n))).toEqual(oracle('a'.repeat(n)));
    });

    const extPositions = [150, 151, 152, 153, 154, 157, 158, 159, 160, 304, 305, 306, 307];
    it.each(
      extPositions.flatMap((p) =>
        gsmExt
          .slice(0, 3)
          .concat('€')
          .map((ch) => [p, ch] as const),
      ),
    )('GSM-7, extension char at position %i (%j) in 320 septets and at the end', (p, ch) => {
      const mid = `${'a'.repeat(p)}${ch}${'b'.repeat(Math.max(0, 318 - p))}`;
      const end = `${'a'.repeat(p)}${ch}`;
      expect(ours(mid)).toEqual(oracle(mid));
      expect(ours(end)).toEqual(oracle(end));
    });

    const ucs2Lengths = [1, 69, 70, 71, ...[2, 3, 4, 5].flatMap((k) => [67 * k - 1, 67 * k, 67 * k + 1])];
    it.each(ucs2Lengths)('UCS-2, %i units', (n) => {
      const s = `ç${'a'.repeat(n - 1)}`;
      expect(ours(s)).toEqual(oracle(s));
    });

    const emojiPositions = [64, 65, 66, 67, 68, 69, 70, 132, 133, 134, 135];
    it.each(emojiPositions)('UCS-2, emoji starting at unit %i', (p) => {
      for (const tail of [0, 1, 5, 70]) {
        const s = `ç${'a'.repeat(p - 1)}😀${'b'.repeat(tail)}`;
        expect(ours(s)).toEqual(oracle(s));
      }
    });

    it('UCS-2, a ZWJ family emoji and a flag straddling unit 67 stay in one part in both', () => {
      for (const cluster of ['👨‍👩‍👧', '🇬🇧', 'e\u0301']) {
        for (let p = 60; p <= 68; p++) {
          const s = `ç${'a'.repeat(p - 1)}${cluster}${'b'.repeat(20)}`;
          expect(ours(s)).toMatchObject({
            segments: oracle(s).segments,
            remainingInLastSegment: oracle(s).remainingInLastSegment,
          });
        }
      }
    });
  });
});

describe('documented differences from sms-segments-calculator', () => {
  it('keeps CR LF together at a UCS-2 part boundary (Android does; the oracle splits it)', () => {
    const s = `ç${'a'.repeat(65)}\r\n${'b'.repeat(10)}`; // CR is unit 67, LF unit 68
    expect(ours(s)).toMatchObject({ segments: 2, remainingInLastSegment: 67 - 12 });
    expect(oracle(s)).toMatchObject({ segments: 2, remainingInLastSegment: 67 - 11 });
    // Elsewhere CR LF costs the same in both, and stays GSM-7 in both.
    expect(ours('a\r\nb')).toEqual(oracle('a\r\nb'));
  });

  it('counts the empty text as 0 parts (the oracle says 1)', () => {
    expect(ours('')).toMatchObject({ segments: 0, remainingInLastSegment: 160 });
    expect(oracle('')).toMatchObject({ segments: 1, remainingInLastSegment: 160 });
  });

  it('maps a no-break space to one space (the oracle to two)', () => {
    const s = `a\u00a0b${'c'.repeat(157)}`;
    expect(analyzeText(s, { smartEncoding: true })).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(oracle(s, true)).toMatchObject({ encoding: 'GSM-7', segments: 2, units: 160 + 1 });
  });

  it('agrees on smart-encoded segment counts where both maps agree and the replacement does not cost parts', () => {
    const chars = fc.constantFrom('a', 'b', ' ', '.', '’', '‘', '“', '”', '–', '—', '…', '•', '€');
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 1, maxLength: 400, size: 'max' }), (s) => {
        const r = analyzeText(s, { smartEncoding: true });
        const o = oracle(s, true);
        if (r.replaced.length || r.encoding === 'GSM-7')
          expect({ encoding: r.encoding, segments: r.segments, units: r.units }).toEqual({
            encoding: o.encoding,
            segments: o.segments,
            units: o.units,
          });
        else expect(r.segments).toBeLessThan(o.segments); // we kept UCS-2 because GSM-7 would need more parts
      }),
      { numRuns: 300 },
    );
  });
});
