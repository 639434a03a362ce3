import { GSM7_COST } from './gsm7';

/**
 * Typographic characters and their GSM-7 stand-ins, in the spirit of Twilio's Smart Encoding: what word
 * processors and phones put in text (curly quotes, dashes, ellipsis, odd spaces, bullets, invisible marks,
 * full-width punctuation) and that would otherwise force the whole message into UCS-2 (70 characters per
 * part instead of 160). Letters are never replaced (`ç` stays `ç`, Cyrillic stays Cyrillic), nor are
 * combining marks, which carry meaning in real text.
 */
const PAIRS: Array<[from: string, to: string]> = [
  // single quotes, apostrophes, primes, single guillemets
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['\u201A', "'"],
  ['\u201B', "'"],
  ['\u2032', "'"],
  ['\u2035', "'"],
  ['\u2039', "'"],
  ['\u203A', "'"],
  ['\u02BB', "'"],
  ['\u02BC', "'"],
  ['\u00B4', "'"],
  ['`', "'"],
  // double quotes, double primes, guillemets
  ['\u201C', '"'],
  ['\u201D', '"'],
  ['\u201E', '"'],
  ['\u201F', '"'],
  ['\u2033', '"'],
  ['\u2036', '"'],
  ['\u00AB', '"'],
  ['\u00BB', '"'],
  // hyphens, dashes, minus
  ['\u2010', '-'],
  ['\u2011', '-'],
  ['\u2012', '-'],
  ['\u2013', '-'],
  ['\u2014', '-'],
  ['\u2015', '-'],
  ['\u2212', '-'],
  ['\uFE63', '-'],
  // bullets
  ['\u2022', '-'],
  ['\u2023', '-'],
  ['\u2043', '-'],
  ['\u2219', '-'],
  // ellipsis, double exclamation, fractions, slashes, modifier circumflex and tilde
  ['\u2026', '...'],
  ['\u203C', '!!'],
  ['\u00BC', '1/4'],
  ['\u00BD', '1/2'],
  ['\u00BE', '3/4'],
  ['\u2044', '/'],
  ['\u2215', '/'],
  ['\u02C6', '^'],
  ['\u02DC', '~'],
  // spaces: tab, no-break, en/em/thin/hair..., narrow no-break, medium mathematical, ideographic, ogham
  ['\t', ' '],
  ['\u00A0', ' '],
  ['\u1680', ' '],
  ['\u2000', ' '],
  ['\u2001', ' '],
  ['\u2002', ' '],
  ['\u2003', ' '],
  ['\u2004', ' '],
  ['\u2005', ' '],
  ['\u2006', ' '],
  ['\u2007', ' '],
  ['\u2008', ' '],
  ['\u2009', ' '],
  ['\u200A', ' '],
  ['\u202F', ' '],
  ['\u205F', ' '],
  ['\u3000', ' '],
  // line and paragraph separators
  ['\u2028', '\n'],
  ['\u2029', '\n'],
  // invisible: soft hyphen, zero-width space, word joiner, byte order mark, direction marks
  ['\u00AD', ''],
  ['\u200B', ''],
  ['\u2060', ''],
  ['\uFEFF', ''],
  ['\u200E', ''],
  ['\u200F', ''],
  // ideographic comma and full stop
  ['\u3001', ','],
  ['\u3002', '.'],
];

/** Replacement by code unit; every replacement is GSM-7 (a test checks it). */
export const SMART_REPLACEMENTS: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>(PAIRS.map(([from, to]) => [from.charCodeAt(0), to]));
  // Full-width ASCII (U+FF01..U+FF5E) -> ASCII, where the ASCII character is GSM-7 (full-width ` -> ').
  for (let c = 0xff01; c <= 0xff5e; c++) {
    const ascii = c - 0xfee0;
    if (GSM7_COST[ascii] !== 0) m.set(c, String.fromCharCode(ascii));
  }
  m.set(0xff40, "'");
  return m;
})();

/** What smart encoding changed: each distinct replacement once, in first-seen order. */
export interface SmartReplacement {
  from: string;
  to: string;
}

/**
 * Replace every typographic character that has a GSM-7 stand-in, but only if that makes the whole text
 * GSM-7; otherwise return `undefined`. Replacing in a message that stays UCS-2 saves nothing, can cost
 * units (`…` is one UCS-2 unit but three septets) and would alter text in other scripts (CJK punctuation),
 * so it is all or nothing.
 */
export function trySmartEncode(text: string): { text: string; replaced: SmartReplacement[] } | undefined {
  let out = '';
  let copiedUpTo = 0;
  let replaced: SmartReplacement[] | undefined;
  let seen: Set<number> | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (GSM7_COST[c] !== 0) continue;
    const to = SMART_REPLACEMENTS.get(c);
    if (to === undefined) return undefined;
    out += text.slice(copiedUpTo, i) + to;
    copiedUpTo = i + 1;
    seen ??= new Set();
    if (!seen.has(c)) {
      seen.add(c);
      (replaced ??= []).push({ from: text[i]!, to });
    }
  }
  if (!replaced) return { text, replaced: [] };
  return { text: out + text.slice(copiedUpTo), replaced };
}

/**
 * Twilio-style smart encoding: the text with its typographic characters replaced by GSM-7 equivalents
 * (curly quotes -> straight, dashes -> `-`, `…` -> `...`, odd spaces -> space, zero-width marks removed),
 * when that makes it pure GSM-7. A text that would stay UCS-2 anyway (emoji, `ç`, other scripts) is
 * returned unchanged, and so is a text that is GSM-7 already.
 */
export function smartEncode(text: string): string {
  return trySmartEncode(text)?.text ?? text;
}
