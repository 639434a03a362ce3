/** Phone numbers: normalisation to E.164 with typed errors, country lookup, a cheap E.164 check. */
export { normalizePhone, isMobileCapable } from './normalize-phone';
export type { NormalizedPhone, NormalizePhoneOptions, PhoneType, CountryCode } from './normalize-phone';
export { phoneCountry, isE164 } from './phone-country';
export { PHONE_PROBLEMS } from './phone-problems';
export type { PhoneProblem } from './phone-problems';
