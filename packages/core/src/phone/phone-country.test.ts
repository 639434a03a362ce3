import fc from 'fast-check';
import { E164 } from '../schemas/common';
import { isE164, normalizePhone, phoneCountry } from './index';

describe('isE164', () => {
  it.each(['+14155550123', '+447400123456', '+2348031234567', '+6834000'])('accepts %s', (s) => {
    expect(isE164(s)).toBe(true);
  });

  it.each([
    '14155550123',
    '+1 415 555 0123',
    '+0123456789',
    '+123456',
    '+1234567890123456',
    '',
    ' +14155550123',
    '+1415555012a',
    42,
    null,
  ])('refuses %j', (s) => {
    expect(isE164(s)).toBe(false);
  });

  it('agrees with the E164 schema on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\+?[0-9]{0,17}$/)), (s) => {
        expect(isE164(s)).toBe(E164.safeParse(s).success);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('phoneCountry', () => {
  it.each([
    ['+14155550123', 'US'],
    ['+12045550123', 'CA'],
    ['+447400123456', 'GB'],
    ['+4915123456789', 'DE'],
    ['+33612345678', 'FR'],
    ['+919876543210', 'IN'],
    ['+2348031234567', 'NG'],
    ['+5511912345678', 'BR'],
  ])('%s is in %s', (e164, country) => {
    expect(phoneCountry(e164)).toBe(country);
    expect(normalizePhone(e164).country).toBe(country);
  });

  it.each(['+80012345678', '+99912345678', '07400 123456', '+1 415 555 0123', ''])('has no country for %j', (s) => {
    expect(phoneCountry(s)).toBeUndefined();
  });
});
