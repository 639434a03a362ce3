import {
  ParseError,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
  type PhoneNumberType,
} from 'libphonenumber-js/max';
import { SmsfleetError } from '../errors';
import { BoundedCache } from './bounded-cache';
import { isE164 } from './phone-country';
import { PHONE_PROBLEMS, type PhoneProblem } from './phone-problems';

export type { CountryCode } from 'libphonenumber-js/max';

/**
 * What kind of line a number is, from libphonenumber's full ("max") metadata. Some countries (the US,
 * Canada, ...) do not tell mobile and fixed lines apart: their numbers are `FIXED_LINE_OR_MOBILE`.
 */
export type PhoneType = PhoneNumberType;

/** A phone number after {@link normalizePhone}. */
export interface NormalizedPhone {
  /** The number in E.164 form, e.g. `+14155550123`. */
  e164: string;
  /** ISO 3166-1 alpha-2 country, when the number belongs to one (not for non-geographic `+800` numbers). */
  country?: CountryCode;
  /** Line type, when the metadata knows it. */
  type?: PhoneType;
}

/** Options of {@link normalizePhone}. */
export interface NormalizePhoneOptions {
  /** Country assumed for national numbers (no `+` or `00`), e.g. `GB` so that `07400 123456` works. */
  defaultRegion?: CountryCode;
  /** Field named in the error; defaults to `to`. */
  field?: string;
  /** Refuse numbers whose type is known and cannot receive texts (see {@link isMobileCapable}). */
  refuseNonMobile?: boolean;
}

const MOBILE_CAPABLE: ReadonlySet<PhoneType> = new Set<PhoneType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * Whether a number of this type can receive texts, for `refuseNonMobile`. `MOBILE` and
 * `FIXED_LINE_OR_MOBILE` (the US and Canada, where the plan does not tell them apart) can; an unknown type
 * (`undefined`: the metadata has no pattern for it) is given the benefit of the doubt. Every other known
 * type (`FIXED_LINE`, `TOLL_FREE`, `VOIP`, `PREMIUM_RATE`, `SHARED_COST`, `PAGER`, ...) cannot.
 */
export function isMobileCapable(type: PhoneType | undefined): boolean {
  return type === undefined || MOBILE_CAPABLE.has(type);
}

function invalid(field: string, problem: PhoneProblem, cause?: unknown): SmsfleetError {
  const reason = PHONE_PROBLEMS[problem];
  return new SmsfleetError('SMSFLEET_ERR_INVALID_PHONE', `Invalid ${field}: the phone number ${reason}`, {
    field,
    reason,
    details: { problem },
    cause,
  });
}

/** Map libphonenumber's parse error codes onto our problems. */
function problemFromParseError(code: string, international: boolean, defaultRegion?: CountryCode): PhoneProblem {
  switch (code) {
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'INVALID_COUNTRY':
      return international || defaultRegion ? 'invalid_country_code' : 'no_country';
    default:
      return 'not_a_number'; // NOT_A_NUMBER, and anything a future version adds
  }
}

/** Why a parsed number is not valid: its length, or (when the length is fine) its country's plan. */
function problemFromInvalid(number: PhoneNumber): PhoneProblem {
  switch (validatePhoneNumberLength(number.number)) {
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'INVALID_COUNTRY':
      return 'invalid_country_code';
    default:
      return 'wrong_country'; // INVALID_LENGTH, or a possible length the plan does not use
  }
}

/**
 * Read a phone number the way people write it and return it in E.164 with its country and line type.
 *
 * Accepts E.164 (`+14155550123`), international with formatting (`+44 (0)20 7946 0958`, `+1-415-555-0123`),
 * the `00` international prefix (`0044 20 7946 0958`), the default region's own international prefix
 * (`011 44 ...` with `US`), and national numbers (`(415) 555-0123`, `07400 123456`, `0151/23456789`) when
 * `defaultRegion` is set. Spaces, dashes, dots, slashes and brackets are ignored; surrounding whitespace is
 * trimmed. Text around the number (`call +1 ...`) is refused rather than guessed at.
 *
 * @throws SmsfleetError `SMSFLEET_ERR_INVALID_PHONE` with `field` (default `to`), `reason` (one of the
 *   sentences in {@link PHONE_PROBLEMS}) and `details.problem` (its stable key).
 * @throws SmsfleetError `SMSFLEET_ERR_NOT_MOBILE` when `refuseNonMobile` is set and the type is known and
 *   not mobile-capable (`details.type` says which). `FIXED_LINE_OR_MOBILE` counts as mobile-capable and a
 *   number whose type is unknown is allowed: the metadata cannot prove it is not a mobile.
 * @throws SmsfleetError `SMSFLEET_ERR_CONFIG` when `defaultRegion` is not a country libphonenumber knows.
 */
export function normalizePhone(input: unknown, opts: NormalizePhoneOptions = {}): NormalizedPhone {
  const field = opts.field ?? 'to';
  const region = opts.defaultRegion;
  if (region !== undefined && !isSupportedCountry(region)) {
    throw new SmsfleetError('SMSFLEET_ERR_CONFIG', `Unknown default region for phone numbers: ${String(region)}`, {
      field: 'defaultRegion',
      reason: 'must be an ISO 3166-1 alpha-2 country code libphonenumber supports, e.g. US',
    });
  }
  if (typeof input !== 'string') throw invalid(field, 'not_a_string');
  const key = input.length <= CACHED_LENGTH ? `${region ?? ''}:${input}` : undefined;
  let r = key === undefined ? undefined : readings.get(key);
  if (r === undefined) {
    r = read(input, region);
    if (key !== undefined) readings.set(key, r);
  }
  if (r.problem !== undefined) throw invalid(field, r.problem, r.cause);
  const { type } = r.phone;
  if (opts.refuseNonMobile && !isMobileCapable(type)) {
    throw new SmsfleetError(
      'SMSFLEET_ERR_NOT_MOBILE',
      `Invalid ${field}: the number is a ${type!.toLowerCase().replace(/_/g, ' ')} number, not a mobile number`,
      {
        field,
        reason: 'is not a mobile number, and this hub refuses numbers that cannot receive texts',
        details: { type },
      },
    );
  }
  return { ...r.phone }; // a copy: the cached reading is shared
}

/** What parsing one written number gives, before the caller's `field` and `refuseNonMobile` apply. */
type Reading = { phone: NormalizedPhone; problem?: undefined } | { problem: PhoneProblem; cause?: unknown };

/**
 * Readings by default region and text, the least recently used dropped first: senders repeat their numbers, and
 * libphonenumber's parse is the costliest step of a send's validation. A reading holds no caller option, so a
 * cached refusal is rebuilt naming the caller's field. Longer texts (no number is that long) are not kept, so the
 * cache stays small (10,000 entries with keys of at most 67 characters).
 */
const readings = new BoundedCache<string, Reading>(10_000);
const CACHED_LENGTH = 64;

/** Parse `input` with libphonenumber: the number, or why it is refused. */
function read(input: string, region: CountryCode | undefined): Reading {
  let text = input.trim();
  // `00` is the international prefix almost everywhere; no national number starts with it. Reading it as `+`
  // makes `0044 ...` work without a default region and with regions whose own prefix differs (US: 011).
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  const international = text.startsWith('+') || text.startsWith('\uFF0B');

  let number: PhoneNumber;
  try {
    number = parsePhoneNumberWithError(text, { defaultCountry: region, extract: false });
  } catch (e) {
    if (e instanceof ParseError) return { problem: problemFromParseError(e.message, international, region), cause: e };
    throw e;
  }
  if (number.ext !== undefined) return { problem: 'has_extension' };
  if (!number.isValid()) return { problem: problemFromInvalid(number) };
  // A few plans have valid numbers shorter than the 7 digits E.164 schemas (and gateways) accept, such as German
  // pagers (+49 1640): refuse them here rather than hand out an e164 our own schema would reject.
  if (!isE164(number.number)) return { problem: 'too_short' };
  const type = number.getType();
  return {
    phone: { e164: number.number, ...(number.country ? { country: number.country } : {}), ...(type ? { type } : {}) },
  };
}
