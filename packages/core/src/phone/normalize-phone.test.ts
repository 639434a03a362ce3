import fc from 'fast-check';
import { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { isSmsfleetError, type SmsfleetError } from '../errors';
import { E164 } from '../schemas/common';
import {
  PHONE_PROBLEMS,
  type PhoneProblem,
  isE164,
  isMobileCapable,
  normalizePhone,
  type NormalizePhoneOptions,
} from './index';

function errorOf(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    if (isSmsfleetError(e)) return e;
    throw e;
  }
  throw new Error('expected an SmsfleetError, got none');
}

describe('normalizePhone: real-world formats', () => {
  const cases: Array<[input: string, region: CountryCode | undefined, e164: string, country: string, type: string]> = [
    // United States / Canada (+1 shared; type cannot tell mobile from fixed)
    ['+14155550123', undefined, '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['+1 (415) 555-0123', undefined, '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['(415) 555-0123', 'US', '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['415.555.0123', 'US', '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['1-415-555-0123', 'US', '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['  +1 415 555 0123  ', undefined, '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['+1\u00a0415\u00a0555\u00a00123', undefined, '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['+1 ４１５ ５５５ ０１２３', undefined, '+14155550123', 'US', 'FIXED_LINE_OR_MOBILE'],
    ['(204) 555-0123', 'US', '+12045550123', 'CA', 'FIXED_LINE_OR_MOBILE'],
    // United Kingdom
    ['+44 7400 123456', undefined, '+447400123456', 'GB', 'MOBILE'],
    ['07400 123456', 'GB', '+447400123456', 'GB', 'MOBILE'],
    ['0044 7400 123456', undefined, '+447400123456', 'GB', 'MOBILE'],
    ['0044 7400 123456', 'US', '+447400123456', 'GB', 'MOBILE'],
    ['011 44 20 7946 0958', 'US', '+442079460958', 'GB', 'FIXED_LINE'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958', 'GB', 'FIXED_LINE'],
    // Germany
    ['+49 1512 3456789', undefined, '+4915123456789', 'DE', 'MOBILE'],
    ['+49 (0)151 23456789', undefined, '+4915123456789', 'DE', 'MOBILE'],
    ['0151/23456789', 'DE', '+4915123456789', 'DE', 'MOBILE'],
    ['0049 30 123456', undefined, '+4930123456', 'DE', 'FIXED_LINE'],
    // France
    ['06 12 34 56 78', 'FR', '+33612345678', 'FR', 'MOBILE'],
    ['+33 (0)6 12 34 56 78', undefined, '+33612345678', 'FR', 'MOBILE'],
    ['+33.6.12.34.56.78', undefined, '+33612345678', 'FR', 'MOBILE'],
    // India
    ['+91 98765 43210', undefined, '+919876543210', 'IN', 'MOBILE'],
    ['+91-98765-43210', undefined, '+919876543210', 'IN', 'MOBILE'],
    ['098765 43210', 'IN', '+919876543210', 'IN', 'MOBILE'],
    ['9876543210', 'IN', '+919876543210', 'IN', 'MOBILE'],
    // Nigeria
    ['+234 803 123 4567', undefined, '+2348031234567', 'NG', 'MOBILE'],
    ['0803 123 4567', 'NG', '+2348031234567', 'NG', 'MOBILE'],
    ['08031234567', 'NG', '+2348031234567', 'NG', 'MOBILE'],
    // Brazil
    ['+55 11 91234-5678', undefined, '+5511912345678', 'BR', 'MOBILE'],
    ['(11) 91234-5678', 'BR', '+5511912345678', 'BR', 'MOBILE'],
    ['+55 (11) 3123-4567', undefined, '+551131234567', 'BR', 'FIXED_LINE'],
  ];

  it.each(cases)('%j (region %s) -> %s', (input, region, e164, country, type) => {
    const n = normalizePhone(input, { defaultRegion: region });
    expect(n).toEqual({ e164, country, type });
    expect(E164.safeParse(n.e164).success).toBe(true);
  });

  it("reads every country's example mobile number from its national format", () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const n = normalizePhone(example.formatNational(), { defaultRegion: country, refuseNonMobile: true });
      expect(n.e164).toBe(example.number);
      expect(isMobileCapable(n.type)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe('normalizePhone: refused input', () => {
  const cases: Array<[input: unknown, opts: NormalizePhoneOptions, problem: PhoneProblem]> = [
    [14155550123, {}, 'not_a_string'],
    [null, {}, 'not_a_string'],
    [undefined, {}, 'not_a_string'],
    [{ number: '+14155550123' }, {}, 'not_a_string'],
    ['', {}, 'not_a_number'],
    ['   ', {}, 'not_a_number'],
    ['abc', {}, 'not_a_number'],
    ['call +1 415 555 0123', {}, 'not_a_number'],
    ['++14155550123', {}, 'not_a_number'],
    ['+', {}, 'not_a_number'],
    ['+1', {}, 'too_short'],
    ['+44', {}, 'too_short'],
    ['+44 3 123', {}, 'too_short'],
    ['+1 415 555', {}, 'too_short'],
    ['0', { defaultRegion: 'GB' }, 'too_short'],
    ['1640', { defaultRegion: 'DE' }, 'too_short'], // a valid German pager, shorter than E.164 allows
    ['+1 415 555 0123 4567 8901', {}, 'too_long'],
    ['+1 415 555 01234', {}, 'too_long'],
    ['+33 6 12 34 56 789', {}, 'too_long'],
    ['1'.repeat(300), { defaultRegion: 'US' }, 'too_long'],
    ['+999 123 456 789', {}, 'invalid_country_code'],
    ['+0123456789', {}, 'invalid_country_code'],
    ['0099 123 456 789', {}, 'invalid_country_code'],
    ['07400 123456', {}, 'no_country'],
    ['(415) 555-0123', {}, 'no_country'],
    ['+44 415 555 0123', {}, 'wrong_country'], // a US number with the UK country code
    ['+1 7400 123456', {}, 'wrong_country'], // a UK mobile with the US country code
    ['+1 055 555 0123', {}, 'wrong_country'],
    ['555-0123-999', { defaultRegion: 'US' }, 'wrong_country'],
    ['+1 415 555 0123 ext. 12', {}, 'has_extension'],
    ['+1-415-555-0123;ext=1', {}, 'has_extension'],
  ];

  it.each(cases)('%j %j -> %s', (input, opts, problem) => {
    const e = errorOf(() => normalizePhone(input, opts));
    expect(e.code).toBe('SMSFLEET_ERR_INVALID_PHONE');
    expect(e.statusCode).toBe(400);
    expect(e.field).toBe('to');
    expect(e.reason).toBe(PHONE_PROBLEMS[problem]);
    expect(e.details).toEqual({ problem });
    expect(e.toJSON().error).toMatchObject({ field: 'to', reason: PHONE_PROBLEMS[problem] });
  });

  it('covers every documented problem in the cases above', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(Object.keys(PHONE_PROBLEMS)));
  });

  it('names the field it was given', () => {
    const e = errorOf(() => normalizePhone('abc', { field: 'messages.2.to' }));
    expect(e.field).toBe('messages.2.to');
    expect(e.issues).toEqual([{ field: 'messages.2.to', reason: PHONE_PROBLEMS.not_a_number }]);
  });

  it('does not echo the number into the error message (it is personal data that ends up in logs)', () => {
    const e = errorOf(() => normalizePhone('+44 415 555 0123'));
    expect(e.message).not.toContain('415');
  });

  it('treats an unknown default region as a configuration error, not a bad number', () => {
    const e = errorOf(() => normalizePhone('07400 123456', { defaultRegion: 'ZZ' as CountryCode }));
    expect(e.code).toBe('SMSFLEET_ERR_CONFIG');
    expect(e.field).toBe('defaultRegion');
  });
});

describe('normalizePhone: refuseNonMobile', () => {
  it.each([
    ['+44 20 7946 0958', 'FIXED_LINE'],
    ['+44 800 123 4567', 'TOLL_FREE'],
    ['+1 800 555 0199', 'TOLL_FREE'],
    ['+49 30 123456', 'FIXED_LINE'],
  ])('refuses %s (%s) with SMSFLEET_ERR_NOT_MOBILE', (input, type) => {
    const e = errorOf(() => normalizePhone(input, { refuseNonMobile: true, field: 'recipient' }));
    expect(e.code).toBe('SMSFLEET_ERR_NOT_MOBILE');
    expect(e.field).toBe('recipient');
    expect(e.details).toEqual({ type });
    // without the option the same number is accepted, with its type
    expect(normalizePhone(input).type).toBe(type);
  });

  it.each([
    ['+44 7400 123456', 'MOBILE'],
    ['+14155550123', 'FIXED_LINE_OR_MOBILE'],
  ])('accepts %s (%s)', (input, type) => {
    expect(normalizePhone(input, { refuseNonMobile: true }).type).toBe(type);
  });

  it('checks validity before mobility: an invalid number is INVALID_PHONE even with refuseNonMobile', () => {
    expect(errorOf(() => normalizePhone('+44 415 555 0123', { refuseNonMobile: true })).code).toBe(
      'SMSFLEET_ERR_INVALID_PHONE',
    );
  });

  it('counts an unknown type as mobile-capable and every other known non-mobile type as not', () => {
    expect(isMobileCapable(undefined)).toBe(true);
    expect(isMobileCapable('MOBILE')).toBe(true);
    expect(isMobileCapable('FIXED_LINE_OR_MOBILE')).toBe(true);
    for (const t of [
      'FIXED_LINE',
      'TOLL_FREE',
      'VOIP',
      'PREMIUM_RATE',
      'SHARED_COST',
      'PAGER',
      'UAN',
      'VOICEMAIL',
      'PERSONAL_NUMBER',
    ] as const) {
      expect(isMobileCapable(t)).toBe(false);
    }
  });
});

describe('normalizePhone: properties', () => {
  const countries = getCountries();

  // Near-valid inputs: a country's example mobile with its last digits replaced, written nationally, with
  // `+` or with `00`; plus plain random digit strings. Most random strings are refused, which is fine.
  const nearValid = fc
    .tuple(fc.constantFrom(...countries), fc.stringMatching(/^[0-9]{0,4}$/), fc.constantFrom('national', '+', '00'))
    .map(([country, tail, style]) => {
      const ex = getExampleNumber(country, examples);
      if (!ex) return { country, text: tail };
      const nsn = ex.nationalNumber.slice(0, ex.nationalNumber.length - tail.length) + tail;
      const text = style === 'national' ? nsn : `${style}${ex.countryCallingCode}${nsn}`;
      return { country, text };
    });
  const randomDigits = fc
    .tuple(fc.constantFrom(...countries), fc.stringMatching(/^(\+|00|0)?[0-9]{4,13}$/))
    .map(([country, text]) => ({ country, text }));

  it('normalising an already normalised number is the identity', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(nearValid, randomDigits), ({ country, text }) => {
        let first: ReturnType<typeof normalizePhone>;
        try {
          first = normalizePhone(text, { defaultRegion: country });
        } catch (e) {
          if (isSmsfleetError(e, 'SMSFLEET_ERR_INVALID_PHONE')) return;
          throw e;
        }
        valid++;
        expect(isE164(first.e164)).toBe(true);
        expect(normalizePhone(first.e164)).toEqual(first);
        expect(normalizePhone(first.e164, { defaultRegion: country })).toEqual(first);
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(500); // the property was exercised, not skipped
  });

  it('never throws anything but a typed error, whatever the string', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom<CountryCode | undefined>(undefined, 'US', 'GB', 'IN'),
        (s, region) => {
          try {
            normalizePhone(s, { defaultRegion: region });
          } catch (e) {
            expect(isSmsfleetError(e, 'SMSFLEET_ERR_INVALID_PHONE')).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
