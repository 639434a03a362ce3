import fc from 'fast-check';
import { GSM7_BASIC, SMART_REPLACEMENTS, analyzeText, isGsm7, smartEncode } from './index';

describe('smartEncode', () => {
  it('replaces typographic characters with GSM-7 ones', () => {
    expect(smartEncode('“Hello” – it’s… «ok» — ‘fine’ • 5\u00a0€ \u2212 2')).toBe(
      '"Hello" - it\'s... "ok" - \'fine\' - 5 € - 2',
    );
    expect(smartEncode('Ｈｅｌｌｏ！\u200Bx\u00ADy\uFEFF')).toBe('Hello!xy');
    expect(smartEncode('line\u2028next\tcol')).toBe('line\nnext col');
  });

  it('maps only non-GSM characters, and only to GSM-7 text', () => {
    expect(SMART_REPLACEMENTS.size).toBeGreaterThan(100);
    for (const [from, to] of SMART_REPLACEMENTS) {
      expect(isGsm7(String.fromCharCode(from))).toBe(false);
      expect(isGsm7(to)).toBe(true);
    }
  });

  it('never touches letters: other scripts, ç and accented letters stay as they are', () => {
    for (const text of [
      'Привет — мир',
      '你好，“世界”。',
      'ça coûte “10 €”',
      'Ελληνικά – ναι',
      'नमस्ते…',
      'emoji 👍 “quoted”',
    ]) {
      expect(smartEncode(text)).toBe(text);
    }
  });

  it('leaves GSM-7 text alone', () => {
    expect(smartEncode(GSM7_BASIC)).toBe(GSM7_BASIC);
  });

  it('is idempotent and yields GSM-7 whenever it changes anything', () => {
    const chars = fc.constantFrom(
      ...'abc €{}ç😀',
      ...[...SMART_REPLACEMENTS.keys()].map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 60 }), (s) => {
        const once = smartEncode(s);
        expect(smartEncode(once)).toBe(once);
        if (once !== s) expect(isGsm7(once)).toBe(true);
        else if (!isGsm7(s))
          expect([...s].some((c) => !isGsm7(c) && !SMART_REPLACEMENTS.has(c.charCodeAt(0)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('analyzeText with smartEncoding', () => {
  it('turns a curly-quoted text from UCS-2 into GSM-7 and says what it replaced, each once', () => {
    const text = `It’s “done” – see you… it’s ${'x'.repeat(60)}`;
    expect(analyzeText(text)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const r = analyzeText(text, { smartEncoding: true });
    expect(r).toMatchObject({
      text: `It's "done" - see you... it's ${'x'.repeat(60)}`,
      encoding: 'GSM-7',
      segments: 1,
      ucs2Chars: [],
      replaced: [
        { from: '’', to: "'" },
        { from: '“', to: '"' },
        { from: '”', to: '"' },
        { from: '–', to: '-' },
        { from: '…', to: '...' },
      ],
    });
    expect(r.units).toBe(r.text.length);
  });

  it('changes nothing when the text stays UCS-2 anyway, and reports every forcing character', () => {
    for (const text of ['“ça”', 'Thanks 👍 “see you”', 'Привет — мир']) {
      const r = analyzeText(text, { smartEncoding: true });
      expect(r).toEqual({ ...analyzeText(text), replaced: [] });
      expect(r.text).toBe(text);
    }
    expect(analyzeText('Thanks 👍 “see you”', { smartEncoding: true }).ucs2Chars).toEqual(['👍', '“', '”']);
  });

  it('is off by default', () => {
    expect(analyzeText('“hi”')).toMatchObject({ text: '“hi”', encoding: 'UCS-2', replaced: [] });
  });

  it('keeps the original when the GSM-7 form would need more parts (… is one unit but three septets)', () => {
    const dots = '…'.repeat(60); // UCS-2: 60 units, 1 part; GSM-7: 180 septets, 2 parts
    expect(analyzeText(dots, { smartEncoding: true })).toMatchObject({
      text: dots,
      encoding: 'UCS-2',
      segments: 1,
      replaced: [],
    });
    const fewer = '…'.repeat(50); // 150 septets: still one part, so GSM-7 wins
    expect(analyzeText(fewer, { smartEncoding: true })).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 150 });
  });

  it('does not empty a text made only of invisible characters', () => {
    expect(analyzeText('\u200B', { smartEncoding: true })).toMatchObject({
      text: '\u200B',
      encoding: 'UCS-2',
      segments: 1,
      replaced: [],
    });
  });

  it('never costs parts, and its text is what smartEncode returns when it applies', () => {
    const chars = fc.constantFrom('a', ' ', '€', '’', '“', '…', '—', '\u00A0', '😀', 'ç', '½');
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 1, maxLength: 400, size: 'max' }), (s) => {
        const plain = analyzeText(s);
        const smart = analyzeText(s, { smartEncoding: true });
        expect(smart.segments).toBeLessThanOrEqual(plain.segments);
        if (smart.replaced.length) {
          expect(smart.text).toBe(smartEncode(s));
          expect(smart.encoding).toBe('GSM-7');
        } else {
          expect(smart.text).toBe(s);
        }
      }),
      { numRuns: 500 },
    );
  });
});
