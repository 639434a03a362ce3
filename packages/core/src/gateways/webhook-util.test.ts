import { headerValue, hexSignatureMatches, hmacSha256Hex } from './webhook-util';

describe('headerValue', () => {
  it('finds a header in any case, taking the first of repeated values', () => {
    expect(headerValue({ 'x-signature': 'abc' }, 'X-Signature')).toBe('abc');
    expect(headerValue({ 'X-Signature': 'abc', host: 'h' }, 'x-signature')).toBe('abc');
    expect(headerValue({ 'x-signature': ['a', 'b'] }, 'X-Signature')).toBe('a');
    expect(headerValue({ 'X-SIGNATURE': ['c'] }, 'x-signature')).toBe('c');
    expect(headerValue({ 'x-signature': undefined, 'X-Signature': 'd' }, 'x-signature')).toBe('d');
    expect(headerValue({ host: 'h' }, 'x-signature')).toBeUndefined();
  });
});

describe('hexSignatureMatches', () => {
  const sig = hmacSha256Hex('secret', '{"a":1}');
  it('accepts the digest in any case, with or without a sha256= prefix, and nothing else', () => {
    expect(hexSignatureMatches(sig, sig)).toBe(true);
    expect(hexSignatureMatches(sig, `SHA256=${sig.toUpperCase()}`)).toBe(true);
    expect(hexSignatureMatches(sig, sig.slice(0, -1))).toBe(false);
    expect(hexSignatureMatches(sig, `${sig.slice(0, -1)}g`)).toBe(false);
    expect(hexSignatureMatches(sig, hmacSha256Hex('other', '{"a":1}'))).toBe(false);
  });
});
