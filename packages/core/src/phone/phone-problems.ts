/**
 * Why a phone number was refused. The key is stable and machine-readable (it travels in
 * `SmsfleetError.details.problem`); the sentence is what the caller reads in `reason`.
 */
export const PHONE_PROBLEMS = {
  not_a_string: 'must be a string holding a phone number',
  not_a_number: 'is not a phone number: it has no digits, or letters or other text around them',
  too_short: 'is too short to be a phone number',
  too_long: 'is too long to be a phone number',
  invalid_country_code: 'starts with a country calling code that does not exist',
  no_country:
    'has no country code: write it in E.164 (+ and the country code, e.g. +14155550123) or configure a default region',
  wrong_country: 'is not a valid number for its country (wrong country code, or a number that country does not use)',
  has_extension: 'has an extension, which a text message cannot reach',
} as const;

/** A stable key for one kind of bad phone number; see {@link PHONE_PROBLEMS}. */
export type PhoneProblem = keyof typeof PHONE_PROBLEMS;
