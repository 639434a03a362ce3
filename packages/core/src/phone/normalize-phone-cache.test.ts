import { isSmsfleetError, type SmsfleetError } from '../errors';
import { normalizePhone } from './normalize-phone';

// Count libphonenumber's parses, to see which calls the cache answers.
const parses = jest.fn();
jest.mock('libphonenumber-js/max', () => {
  const actual = jest.requireActual('libphonenumber-js/max');
  return {
    ...actual,
    parsePhoneNumberWithError: (...args: unknown[]) => {
      parses(...args);
      return actual.parsePhoneNumberWithError(...args);
    },
  };
});

function errorOf(fn: () => unknown): SmsfleetError {
  try {
    fn();
  } catch (e) {
    if (isSmsfleetError(e)) return e;
    throw e;
  }
  throw new Error('expected an SmsfleetError, got none');
}

beforeEach(() => parses.mockClear());

describe('normalizePhone: cached readings', () => {
  it('parses a number once, then answers repeats from the cache with a fresh copy', () => {
    const a = normalizePhone('+1 415 555 0199');
    a.e164 = 'changed by the caller';
    const b = normalizePhone('+1 415 555 0199');
    expect(b).toEqual({ e164: '+14155550199', country: 'US', type: 'FIXED_LINE_OR_MOBILE' });
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it('keeps readings apart by default region', () => {
    expect(normalizePhone('07400 123457', { defaultRegion: 'GB' }).e164).toBe('+447400123457');
    expect(errorOf(() => normalizePhone('07400 123457')).details).toEqual({ problem: 'no_country' });
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it('refuses a cached bad number again, with the coded error naming the caller field', () => {
    const first = errorOf(() => normalizePhone('+1 415 555', { field: 'to' }));
    const again = errorOf(() => normalizePhone('+1 415 555', { field: 'body.messages.3.to' }));
    expect(parses).toHaveBeenCalledTimes(1);
    expect(first.code).toBe('SMSFLEET_ERR_INVALID_PHONE');
    expect(first.issues).toEqual([{ field: 'to', reason: expect.any(String) }]);
    expect(again.code).toBe('SMSFLEET_ERR_INVALID_PHONE');
    expect(again.issues).toEqual([{ field: 'body.messages.3.to', reason: first.issues[0]!.reason }]);
    expect(again.details).toEqual(first.details);
  });

  it('applies refuseNonMobile to a cached landline per call', () => {
    expect(normalizePhone('+44 20 7946 0959').type).toBe('FIXED_LINE');
    const e = errorOf(() => normalizePhone('+44 20 7946 0959', { refuseNonMobile: true, field: 'to' }));
    expect(parses).toHaveBeenCalledTimes(1);
    expect(e.code).toBe('SMSFLEET_ERR_NOT_MOBILE');
    expect(e.issues[0]!.field).toBe('to');
  });

  it('does not keep texts longer than any number', () => {
    const long = `+1 415 555 0123${' '.repeat(60)}`;
    normalizePhone(long);
    normalizePhone(long);
    expect(parses).toHaveBeenCalledTimes(2);
  });
});
