import type { FailureCategory } from '../schemas/status';
import type { FailureEntry } from './entry';

const own = (code: string, category: FailureCategory, permanent: boolean, explanation: string): FailureEntry => ({
  code,
  source: 'smsfleet',
  category,
  permanent,
  explanation,
});

/** smsfleet's own reasons: what the hub decides itself. */
export const SMSFLEET_FAILURES: readonly FailureEntry[] = [
  own(
    'SMSFLEET_OPTED_OUT',
    'opted_out',
    true,
    'The recipient replied STOP. They get no more texts until they opt back in (START).',
  ),
  own(
    'SMSFLEET_DEVICE_OFFLINE',
    'device_offline',
    false,
    'No phone in the fleet could take the message before it expired.',
  ),
  own(
    'SMSFLEET_DEVICE_REMOVED',
    'device_offline',
    true,
    'The message asked for a phone that was removed from the fleet before it was sent; send it again without it.',
  ),
  own('SMSFLEET_TTL_EXPIRED', 'expired', false, 'The message was not sent before its time to live ran out.'),
  own(
    'SMSFLEET_CAPS_REACHED',
    'expired',
    false,
    "Every SIM that may send it is at its daily, monthly or distinct-recipient cap until after the message's time " +
      'to live runs out (the caps roll over at local midnight or the first of the month).',
  ),
  own(
    'SMSFLEET_NO_FINAL_REPORT',
    'unknown',
    false,
    'The phone sent the message but no delivery report came back in time.',
  ),
  own(
    'SMSFLEET_HANDOVER_UNCONFIRMED',
    'unknown',
    false,
    'The hub handed the message to a gateway but could not record the answer (a crash or store failure), and the ' +
      'gateway cannot tell whether it took it. It is not sent again (at-most-once); the reason names the hand-over.',
  ),
  own(
    'SMSFLEET_CONTENT_REJECTED',
    'content_rejected',
    true,
    'The gateway or carrier refused the content (e.g. a blocked link or word).',
  ),
  own(
    'SMSFLEET_NOT_MOBILE',
    'invalid_number',
    true,
    'The number is a landline or another number that cannot receive SMS.',
  ),
  own(
    'SMSFLEET_GATEWAY_REJECTED',
    'unknown',
    true,
    'The gateway refused the message without a known reason; see the raw reason.',
  ),
  own(
    'SMSFLEET_UNKNOWN',
    'unknown',
    false,
    'The gateway reported a failure without a code or reason smsfleet knows; see the raw values.',
  ),
];
