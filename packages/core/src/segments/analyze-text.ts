import { SmsfleetError } from '../errors';
import type { Encoding } from '../schemas/message';
import { GraphemeBoundaries } from './grapheme-boundary';
import { GSM7_COST } from './gsm7';
import { trySmartEncode, type SmartReplacement } from './smart-encoding';

/** Part sizes: one-part messages and parts of a concatenated message (6 octets go to the UDH). */
export const SEGMENT_LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const satisfies Record<Encoding, { single: number; multi: number }>;

/** How a text goes on the air. */
export interface TextAnalysis {
  /** The text that would be sent: the input, or its smart-encoded form when that was applied. */
  text: string;
  /** `GSM-7` when every character is in the GSM 03.38 tables, else `UCS-2`. */
  encoding: Encoding;
  /** Number of SMS parts; 0 for the empty text. */
  segments: number;
  /** Septets (GSM-7; extension characters count 2) or UTF-16 code units (UCS-2; an emoji counts 2). */
  units: number;
  /** Units one part of this message holds: 160/70 for a single part, 153/67 when concatenated. */
  perSegment: number;
  /** Units still free in the last part (160 for the empty text). */
  remainingInLastSegment: number;
  /** The distinct characters that forced UCS-2, in first-seen order (an emoji is one entry); empty for GSM-7. */
  ucs2Chars: string[];
  /** What smart encoding replaced (each distinct replacement once); empty when it was off or not applied. */
  replaced: SmartReplacement[];
}

/** Options of {@link analyzeText}. */
export interface AnalyzeTextOptions {
  /** Replace typographic characters by GSM-7 ones when that makes the text GSM-7 (see {@link smartEncode}). */
  smartEncoding?: boolean;
  /** Field named in the validation error; defaults to `body`. */
  field?: string;
}

type Measure = Omit<TextAnalysis, 'text' | 'replaced'>;

// Results are built as plain literals of one fixed shape (no object spread): this runs on every keystroke.
function measured(
  encoding: Encoding,
  segments: number,
  units: number,
  perSegment: number,
  remaining: number,
  ucs2Chars: string[],
): Measure {
  return { encoding, segments, units, perSegment, remainingInLastSegment: remaining, ucs2Chars };
}

function analysis(text: string, m: Measure, replaced: SmartReplacement[]): TextAnalysis {
  return {
    text,
    encoding: m.encoding,
    segments: m.segments,
    units: m.units,
    perSegment: m.perSegment,
    remainingInLastSegment: m.remainingInLastSegment,
    ucs2Chars: m.ucs2Chars,
    replaced,
  };
}

const GSM7_SINGLE = SEGMENT_LIMITS['GSM-7'].single;
const GSM7_MULTI = SEGMENT_LIMITS['GSM-7'].multi;
const UCS2_SINGLE = SEGMENT_LIMITS['UCS-2'].single;
const UCS2_MULTI = SEGMENT_LIMITS['UCS-2'].multi;

/** One pass over the code units: septet count, or the characters that force UCS-2. */
function measure(text: string): Measure {
  const cost7 = GSM7_COST;
  const n = text.length;
  let septets = 0;
  let hasExtension = false;
  let ucs2Chars: string[] | undefined;
  let seen: Set<number> | undefined; // code points: number keys hash faster than one-char strings
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const cost = cost7[c]!;
    if (cost !== 0) {
      septets += cost;
      if (cost === 2) hasExtension = true;
      continue;
    }
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    seen ??= new Set();
    if (!seen.has(cp)) {
      seen.add(cp);
      (ucs2Chars ??= []).push(text.slice(i, i + width));
    }
    i += width - 1;
  }
  return ucs2Chars ? measureUcs2(text, ucs2Chars) : measureGsm7(text, septets, hasExtension);
}

function measureGsm7(text: string, septets: number, hasExtension: boolean): Measure {
  if (septets <= GSM7_SINGLE) {
    return measured('GSM-7', septets === 0 ? 0 : 1, septets, GSM7_SINGLE, GSM7_SINGLE - septets, []);
  }
  if (!hasExtension) {
    const segments = Math.ceil(septets / GSM7_MULTI);
    return measured('GSM-7', segments, septets, GSM7_MULTI, segments * GSM7_MULTI - septets, []);
  }
  // An ESC + character pair never straddles two parts: when only one septet is left, the pair opens the next.
  const cost7 = GSM7_COST;
  let segments = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = cost7[text.charCodeAt(i)]!;
    if (used + cost > GSM7_MULTI) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return measured('GSM-7', segments, septets, GSM7_MULTI, GSM7_MULTI - used, []);
}

function measureUcs2(text: string, ucs2Chars: string[]): Measure {
  const n = text.length;
  if (n <= UCS2_SINGLE) return measured('UCS-2', 1, n, UCS2_SINGLE, UCS2_SINGLE - n, ucs2Chars);
  // A surrogate pair (emoji) never splits, nor (as Android does) any grapheme cluster that fits in a part.
  const boundaries = new GraphemeBoundaries(text);
  let segments = 1;
  let start = 0;
  while (n - start > UCS2_MULTI) {
    start = boundaries.partEnd(start, start + UCS2_MULTI);
    segments++;
  }
  return measured('UCS-2', segments, n, UCS2_MULTI, UCS2_MULTI - (n - start), ucs2Chars);
}

/**
 * Encoding and SMS part count of a text, as an Android phone computes them (its `partsCount` is the truth).
 *
 * - GSM-7 when every character is in the GSM 03.38 basic or extension table: 160 septets in one part, 153
 *   per part when concatenated; `^{}\[~]|€` and form feed cost 2 and never straddle two parts.
 * - Anything else forces UCS-2 (`ç`, curly quotes, emoji, other scripts): 70 UTF-16 units in one part, 67
 *   per part; an emoji (surrogate pair) costs 2 and never splits across parts. Like Android's
 *   `SmsMessageBase.findNextUnicodePosition`, no grapheme cluster that fits in a part is split either
 *   (flags, ZWJ emoji sequences, combining accents, CR LF).
 * - The empty text is 0 parts with 160 septets free (the send API refuses empty bodies anyway).
 *
 * National language shift tables (Turkish, Portuguese, Indian scripts), which some carriers enable and
 * which let more characters fit in 7 bits, are not modelled: for those the count is an upper bound.
 *
 * Cost: one pass over the code units with a table read per unit; a multi-part UCS-2 text consults ICU at
 * most once per part boundary. Safe to call on every keystroke.
 *
 * @throws SmsfleetError `SMSFLEET_ERR_VALIDATION` naming `body` (or `opts.field`) when `text` is not a string.
 */
export function analyzeText(text: unknown, opts: AnalyzeTextOptions = {}): TextAnalysis {
  if (typeof text !== 'string') {
    const field = opts.field ?? 'body';
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${field}: must be a string`, {
      field,
      reason: `must be a string, got ${text === null ? 'null' : typeof text}`,
    });
  }
  const plain = measure(text);
  if (!opts.smartEncoding || plain.encoding === 'GSM-7') return analysis(text, plain, []);
  const smart = trySmartEncode(text);
  if (!smart) return analysis(text, plain, []);
  const encoded = measure(smart.text);
  // `…` becomes three septets: a text made mostly of them can need more parts in GSM-7. Keep the original then,
  // and when the text was nothing but invisible characters (it would become empty).
  if (encoded.segments > plain.segments || encoded.segments === 0) return analysis(text, plain, []);
  return analysis(smart.text, encoded, smart.replaced);
}
