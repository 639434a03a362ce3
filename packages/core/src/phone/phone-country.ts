import { parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';

const E164_RE = /^\+[1-9]\d{6,14}$/;

/**
 * Cheap shape check: `+`, a non-zero digit, then 6 to 14 more digits (7 to 15 in all, the same rule as the
 * `E164` schema). It does not consult numbering plans: use {@link normalizePhone} to know that a number is
 * valid.
 */
export function isE164(s: unknown): s is string {
  return typeof s === 'string' && E164_RE.test(s);
}

/**
 * The ISO 3166-1 alpha-2 country of an E.164 number (`+447400123456` -> `GB`, `+12045550123` -> `CA`), or
 * `undefined` when the input is not E.164, its calling code does not exist, or the number belongs to no
 * single country (non-geographic `+800`/`+882` numbers, or a calling code shared by several countries where
 * the number matches none of their plans). It does not check that the number is valid: use
 * {@link normalizePhone} for that (its result carries the same `country`).
 */
export function phoneCountry(e164: string): CountryCode | undefined {
  if (!isE164(e164)) return undefined;
  try {
    return parsePhoneNumber(e164, { extract: false }).country;
  } catch {
    return undefined; // unknown calling code
  }
}
