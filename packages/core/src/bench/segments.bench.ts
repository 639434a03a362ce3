/**
 * Segment counting speed: `analyzeText` against sms-segments-calculator (the oracle its tests check it against) on
 * the same texts in the same run: GSM-7 texts with extension characters, mixed texts (Latin-1, emoji, CJK) that go
 * as UCS-2, short and multi-part. Every text's encoding, part count and units are checked equal to the oracle's
 * first (the texts avoid the documented differences: no CR, no empty text). Target: at least 50 times faster.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import { GSM7_BASIC, GSM7_EXTENSION, analyzeText } from '../segments';
import { reportBench } from './report';

const TEXTS = 2_000;
const gsmBasic = [...GSM7_BASIC].filter((c) => c !== '\r');
const gsmExt = [...GSM7_EXTENSION];
const latin1 = [...'çôêâîûëïÿœ¢©®°±µ¶·¸¹º»¼½¾ÀÁÂÃÈÊËÌÍÎÏÐÒÓÔÕ×ÙÚÛÝÞáãíóõúýþ'];
const emoji = ['😀', '🎉', '👍', '🚀', '💡', '🍕', '🙂', '🔥'];
const cjk = [...'中文字漢語日本한국어の'];

/** A small deterministic PRNG (mulberry32), so every run measures the same texts. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): string[] {
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < TEXTS; i++) {
    const mixed = i % 2 === 1;
    // Mostly SMS-sized texts (up to two parts), some long ones.
    const len = 1 + Math.floor(r() * (i % 10 === 0 ? 600 : 200));
    let s = '';
    for (let k = 0; k < len; k++) {
      const x = r();
      if (!mixed) s += x < 0.92 ? pick(gsmBasic) : pick(gsmExt);
      else if (x < 0.8) s += pick(gsmBasic);
      else if (x < 0.85) s += pick(gsmExt);
      else if (x < 0.9) s += pick(latin1);
      else if (x < 0.95) s += pick(emoji);
      else s += pick(cjk);
    }
    out.push(s);
  }
  return out;
}

/** Nanoseconds per text of `fn` over `texts`, repeated until at least `minMs` went by (after one warm pass). */
function timePerText(texts: string[], fn: (s: string) => number, minMs: number): number {
  let sink = 0;
  for (const s of texts) sink += fn(s);
  let passes = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (const s of texts) sink += fn(s);
    passes++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  } while (elapsed < minMs);
  if (sink === -1) console.log(''); // keep the work observable
  return (elapsed * 1e6) / (passes * texts.length);
}

function main() {
  const texts = corpus();
  for (const s of texts) {
    const o = new SegmentedMessage(s, 'auto', false);
    const bits = o.encodingName === 'GSM-7' ? 7 : 16;
    const want = { encoding: o.encodingName, segments: o.segmentsCount, units: o.messageSize / bits };
    const r = analyzeText(s);
    const got = { encoding: r.encoding, segments: r.segments, units: r.units };
    if (JSON.stringify(got) !== JSON.stringify(want))
      throw new Error(`differs from the oracle on ${JSON.stringify(s)}: ${JSON.stringify({ got, want })}`);
  }
  const oracleNs = timePerText(texts, (s) => new SegmentedMessage(s, 'auto', false).segmentsCount, 2000);
  const oursNs = timePerText(texts, (s) => analyzeText(s).segments, 2000);
  const ucs2 = texts.filter((s) => analyzeText(s).encoding === 'UCS-2').length;
  const ratio = oracleNs / oursNs;
  reportBench({
    name: 'segment counting (analyzeText)',
    figure: oursNs / 1000,
    unit: 'µs/text',
    baseline: { name: 'sms-segments-calculator, same texts', figure: oracleNs / 1000, unit: 'µs/text' },
    ratio,
    target: '>= 50x faster than the oracle',
    pass: ratio >= 50,
    notes:
      `${texts.length} deterministic texts (${texts.length - ucs2} GSM-7 with extension characters, ${ucs2} UCS-2 ` +
      'with Latin-1, emoji and CJK; 1-600 characters, mostly up to 200), every one checked equal to the oracle ' +
      '(encoding, parts, units) before timing; each side timed for at least 2 s after a warm pass. The ratio is ' +
      'speed-up (oracle time over ours).',
  });
}

main();
