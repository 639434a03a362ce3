/**
 * Where a UCS-2 part may end. Android (`SmsMessageBase.findNextUnicodePosition`, used both to count parts
 * and to cut them) ends a part at the last grapheme-cluster boundary that fits, so a flag, a ZWJ emoji
 * sequence, a skin-tone emoji, a letter with combining accents or a CR LF pair is never cut, unless one
 * cluster is longer than a whole part; then it cuts at a code-point boundary, never inside a surrogate pair.
 *
 * Most boundaries sit between two "simple" code points, where no UAX #29 rule can join them; those are
 * answered from a table. Only the rest ask ICU (Intl.Segmenter), once per part boundary, never per char.
 */

/**
 * BMP code units that never join a grapheme cluster with a neighbour that is also simple: printable ASCII,
 * LF and TAB (CR is left out: CR LF is one cluster), Latin-1 to Spacing Modifiers except (C) (R) and the
 * soft hyphen, Greek, Cyrillic letters (not its combining marks), kana (not the combining voicing marks),
 * CJK ideographs and precomposed Hangul syllables (they join only conjoining jamo). None of these is
 * Extend, ZWJ, SpacingMark, Prepend, Regional_Indicator, L/V/T jamo or CR; a test checks them all with ICU.
 */
export const SIMPLE: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  const ranges: Array<[number, number]> = [
    [0x09, 0x0a],
    [0x20, 0x7e],
    [0xa0, 0x2ff],
    [0x370, 0x3ff],
    [0x400, 0x482],
    [0x48a, 0x4ff],
    [0x3041, 0x3096],
    [0x30a0, 0x30ff],
    [0x4e00, 0x9fff],
    [0xac00, 0xd7a3],
  ];
  for (const [from, to] of ranges) t.fill(1, from, to + 1);
  for (const c of [0xa9, 0xad, 0xae]) t[c] = 0;
  return t;
})();

/**
 * True for a code point that joins no simple neighbour: a {@link SIMPLE} BMP unit, or a pictograph of
 * U+1F000..U+1FAFF other than the regional indicators (flags pair them) and the skin-tone modifiers
 * (Extend). A pictograph joins what precedes it only after a ZWJ, which is not simple.
 */
export function isSimpleCodePoint(cp: number): boolean {
  if (cp < 0x10000) return SIMPLE[cp] === 1;
  return cp >= 0x1f000 && cp <= 0x1faff && !(cp >= 0x1f1e6 && cp <= 0x1f1ff) && !(cp >= 0x1f3fb && cp <= 0x1f3ff);
}

const isHigh = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;

/** True when `pos` is certainly a cluster boundary: the code points on both sides are simple. */
function simpleBoundary(text: string, pos: number): boolean {
  let left = text.charCodeAt(pos - 1);
  if (isLow(left)) {
    const high = text.charCodeAt(pos - 2);
    if (!isHigh(high)) return false;
    left = ((high - 0xd800) << 10) + (left - 0xdc00) + 0x10000;
  }
  let right = text.charCodeAt(pos);
  if (isHigh(right)) {
    const low = text.charCodeAt(pos + 1);
    if (!isLow(low)) return false;
    right = ((right - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return isSimpleCodePoint(left) && isSimpleCodePoint(right);
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Part boundaries of one message, asked for in order. When the table cannot answer, ICU segments only the
 * text between the last known cluster boundary and the candidate end (about one part), so the cost does not
 * grow with the message. Segmenting from a real boundary gives the same clusters as segmenting the whole
 * text: no UAX #29 rule joins across a boundary, and each rule looks only one code point (up to two code
 * units) to the right of the position it decides.
 */
export class GraphemeBoundaries {
  /** The last position known to be a cluster boundary (a fallback cut inside a cluster is not one). */
  private lastBoundary = 0;

  constructor(private readonly text: string) {}

  /**
   * Where a part that starts at `start` and may hold up to `limit` (exclusive end, `< text.length`) really
   * ends: `limit` itself when it is a cluster boundary, else the start of the cluster it falls in; if that
   * cluster began at or before `start`, a code-point boundary at or just before `limit`.
   */
  partEnd(start: number, limit: number): number {
    const text = this.text;
    if (simpleBoundary(text, limit)) return (this.lastBoundary = limit);
    const before = text.charCodeAt(limit - 1);
    // The common emoji case: `limit` splits a lone pictograph, whose start is a plain boundary.
    if (isHigh(before) && isLow(text.charCodeAt(limit)) && limit - 1 > start && simpleBoundary(text, limit - 1)) {
      return (this.lastBoundary = limit - 1);
    }
    segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
    const from = this.lastBoundary;
    const clusterStart = from + segmenter.segment(text.slice(from, limit + 2)).containing(limit - from)!.index;
    this.lastBoundary = clusterStart;
    if (clusterStart === limit || clusterStart > start) return clusterStart;
    return isHigh(before) ? limit - 1 : limit;
  }
}
