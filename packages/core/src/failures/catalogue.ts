import type { FailureCategory } from '../schemas/status';

/** One entry of the failure catalogue. */
export interface FailureEntry {
  /** Catalogue code: an SMS Works DLR code (`5001`), an Android result name (`RESULT_ERROR_LIMIT_EXCEEDED`) or an smsfleet reason (`SMSFLEET_OPTED_OUT`). */
  code: string;
  /** Where the code comes from. */
  source: 'dlr' | 'android' | 'smsfleet';
  /** Android's numeric result, for `android` entries. */
  androidResult?: number;
  category: FailureCategory;
  /** True when retrying can never help. */
  permanent: boolean;
  /** What happened and what to do, for a person. */
  explanation: string;
}

const dlr = (code: string, category: FailureCategory, permanent: boolean, explanation: string): FailureEntry => ({
  code,
  source: 'dlr',
  category,
  permanent,
  explanation,
});
const android = (
  name: string,
  n: number,
  category: FailureCategory,
  permanent: boolean,
  explanation: string,
): FailureEntry => ({ code: name, source: 'android', androidResult: n, category, permanent, explanation });
const own = (code: string, category: FailureCategory, permanent: boolean, explanation: string): FailureEntry => ({
  code,
  source: 'smsfleet',
  category,
  permanent,
  explanation,
});

/**
 * The catalogue. Delivery-report codes and their permanence are The SMS Works' (seed 003); Android results
 * are SmsManager's `RESULT_*` send results; smsfleet's own reasons cover what the hub decides itself.
 */
export const FAILURE_CATALOGUE: readonly FailureEntry[] = Object.freeze([
  dlr(
    '5001',
    'invalid_number',
    true,
    'The number does not exist or has not been assigned to anyone. Remove it from your list.',
  ),
  dlr(
    '5004',
    'carrier_blocked',
    true,
    'The operator rejected the message (often a spam filter or a blocked sender). Check the content and the sender SIM.',
  ),
  dlr(
    '5006',
    'device_offline',
    true,
    'No response from the handset: it may be switched off or out of signal, and the network gave up.',
  ),
  dlr(
    '5008',
    'carrier_blocked',
    true,
    'The recipient is roaming and their network does not allow this message while roaming.',
  ),
  dlr('5009', 'carrier_blocked', true, 'The operator accepted the message but reported it undelivered.'),
  dlr(
    '5010',
    'carrier_blocked',
    true,
    'The recipient subscribes to a Do Not Disturb service that blocks business traffic.',
  ),
  dlr('5011', 'invalid_number', true, "The recipient's mobile service is suspended by the operator."),
  dlr(
    '5013',
    'device_offline',
    false,
    'The handset is set to Do Not Disturb; it may still arrive if that is turned off within the validity period.',
  ),
  dlr(
    '5015',
    'expired',
    false,
    'The message waited at the operator until its validity period ran out, usually because the phone was off. Try again later.',
  ),
  dlr(
    '5020',
    'rate_limited',
    true,
    'Rejected by anti-flooding: one number may receive about 20 varied or 6 identical messages per hour.',
  ),
  dlr('5034', 'network', true, "The recipient's handset or network reported a system failure."),

  android(
    'RESULT_ERROR_GENERIC_FAILURE',
    1,
    'network',
    false,
    'The phone could not send the message (generic failure); often no credit, a blocked SIM or a carrier refusal.',
  ),
  android('RESULT_ERROR_RADIO_OFF', 2, 'device_offline', false, "The phone's radio is off (airplane mode)."),
  android('RESULT_ERROR_NULL_PDU', 3, 'content_rejected', true, 'The phone could not encode the message.'),
  android(
    'RESULT_ERROR_NO_SERVICE',
    4,
    'device_offline',
    false,
    'The phone had no mobile service when it tried to send.',
  ),
  android(
    'RESULT_ERROR_LIMIT_EXCEEDED',
    5,
    'rate_limited',
    false,
    'Android refused: more than the allowed SMS per minute from this app and SIM (30 segments per 60 s by default).',
  ),
  android(
    'RESULT_ERROR_FDN_CHECK_FAILURE',
    6,
    'carrier_blocked',
    true,
    "The SIM's Fixed Dialing Numbers list does not allow this recipient.",
  ),
  android(
    'RESULT_ERROR_SHORT_CODE_NOT_ALLOWED',
    7,
    'carrier_blocked',
    true,
    "Sending to this short code needs the phone owner's approval.",
  ),
  android(
    'RESULT_ERROR_SHORT_CODE_NEVER_ALLOWED',
    8,
    'carrier_blocked',
    true,
    'The phone owner has forbidden sending to this short code.',
  ),
  android('RESULT_RADIO_NOT_AVAILABLE', 9, 'device_offline', false, "The phone's radio is not available."),
  android(
    'RESULT_NETWORK_REJECT',
    10,
    'invalid_number',
    true,
    'The network rejected the message, usually because the number is invalid or barred.',
  ),
  android(
    'RESULT_INVALID_ARGUMENTS',
    11,
    'invalid_number',
    true,
    'The phone rejected the request as invalid (bad number or empty text).',
  ),
  android(
    'RESULT_INVALID_STATE',
    12,
    'device_offline',
    false,
    "The phone's SMS stack was in a state where it could not send.",
  ),
  android('RESULT_NO_MEMORY', 13, 'device_offline', false, 'The phone ran out of memory while sending.'),
  android('RESULT_INVALID_SMS_FORMAT', 14, 'content_rejected', true, 'The message format was rejected by the phone.'),
  android('RESULT_SYSTEM_ERROR', 15, 'device_offline', false, 'An Android system error stopped the send.'),
  android('RESULT_MODEM_ERROR', 16, 'device_offline', false, "The phone's modem reported an error."),
  android('RESULT_NETWORK_ERROR', 17, 'network', false, 'A network error stopped the send; it may work on retry.'),
  android('RESULT_ENCODING_ERROR', 18, 'content_rejected', true, 'The text could not be encoded for SMS.'),
  android(
    'RESULT_INVALID_SMSC_ADDRESS',
    19,
    'network',
    false,
    "The SIM's SMS centre number is wrong; check the SIM settings.",
  ),
  android('RESULT_OPERATION_NOT_ALLOWED', 20, 'carrier_blocked', true, 'The operation is not allowed on this SIM.'),
  android('RESULT_INTERNAL_ERROR', 21, 'device_offline', false, 'An internal error on the phone stopped the send.'),
  android('RESULT_NO_RESOURCES', 22, 'device_offline', false, 'The phone had no resources to send right now.'),
  android('RESULT_CANCELLED', 23, 'unknown', false, 'The phone cancelled the send.'),
  android(
    'RESULT_REQUEST_NOT_SUPPORTED',
    24,
    'content_rejected',
    true,
    'The phone does not support this kind of request.',
  ),
  android(
    'RESULT_NO_BLUETOOTH_SERVICE',
    25,
    'device_offline',
    false,
    'The paired phone was not reachable (Bluetooth).',
  ),
  android(
    'RESULT_INVALID_BLUETOOTH_ADDRESS',
    26,
    'device_offline',
    false,
    'The paired phone address is invalid (Bluetooth).',
  ),
  android('RESULT_BLUETOOTH_DISCONNECTED', 27, 'device_offline', false, 'The paired phone disconnected (Bluetooth).'),
  android(
    'RESULT_UNEXPECTED_EVENT_STOP_SENDING',
    28,
    'device_offline',
    false,
    'The phone stopped sending after an unexpected event.',
  ),
  android(
    'RESULT_SMS_BLOCKED_DURING_EMERGENCY',
    29,
    'device_offline',
    false,
    'SMS are blocked during an emergency call.',
  ),
  android('RESULT_SMS_SEND_RETRY_FAILED', 30, 'network', false, 'The phone retried and still could not send.'),
  android(
    'RESULT_REMOTE_EXCEPTION',
    31,
    'device_offline',
    false,
    'The SMS service on the phone crashed while sending.',
  ),
  android('RESULT_NO_DEFAULT_SMS_APP', 32, 'device_offline', false, 'The phone has no default SMS app set.'),
  android('RESULT_RIL_RADIO_NOT_AVAILABLE', 100, 'device_offline', false, 'The radio was not available (RIL).'),
  android('RESULT_RIL_SMS_SEND_FAIL_RETRY', 101, 'network', false, 'The network asked to retry later (RIL).'),
  android(
    'RESULT_RIL_NETWORK_REJECT',
    102,
    'invalid_number',
    true,
    'The network rejected the message (RIL); usually an invalid or barred number.',
  ),
  android('RESULT_RIL_INVALID_STATE', 103, 'device_offline', false, 'The radio was in an invalid state (RIL).'),
  android(
    'RESULT_RIL_INVALID_ARGUMENTS',
    104,
    'invalid_number',
    true,
    'The radio rejected the request as invalid (RIL).',
  ),
  android('RESULT_RIL_NO_MEMORY', 105, 'device_offline', false, 'The radio ran out of memory (RIL).'),
  android('RESULT_RIL_REQUEST_RATE_LIMITED', 106, 'rate_limited', false, 'The radio rate-limited the request (RIL).'),
  android('RESULT_RIL_INVALID_SMS_FORMAT', 107, 'content_rejected', true, 'The radio rejected the SMS format (RIL).'),
  android('RESULT_RIL_SYSTEM_ERR', 108, 'device_offline', false, 'A radio system error (RIL).'),
  android('RESULT_RIL_ENCODING_ERR', 109, 'content_rejected', true, 'The radio could not encode the text (RIL).'),
  android('RESULT_RIL_INVALID_SMSC_ADDRESS', 110, 'network', false, 'The SMS centre address is invalid (RIL).'),
  android('RESULT_RIL_MODEM_ERR', 111, 'device_offline', false, 'The modem reported an error (RIL).'),
  android('RESULT_RIL_NETWORK_ERR', 112, 'network', false, 'A network error (RIL).'),
  android('RESULT_RIL_INTERNAL_ERR', 113, 'device_offline', false, 'An internal radio error (RIL).'),
  android(
    'RESULT_RIL_REQUEST_NOT_SUPPORTED',
    114,
    'content_rejected',
    true,
    'The radio does not support the request (RIL).',
  ),
  android('RESULT_RIL_INVALID_MODEM_STATE', 115, 'device_offline', false, 'The modem was in an invalid state (RIL).'),
  android('RESULT_RIL_NETWORK_NOT_READY', 116, 'network', false, 'The network was not ready (RIL).'),
  android('RESULT_RIL_OPERATION_NOT_ALLOWED', 117, 'carrier_blocked', true, 'The operation is not allowed (RIL).'),
  android('RESULT_RIL_NO_RESOURCES', 118, 'device_offline', false, 'The radio had no resources (RIL).'),
  android('RESULT_RIL_CANCELLED', 119, 'unknown', false, 'The radio cancelled the send (RIL).'),
  android('RESULT_RIL_SIM_ABSENT', 120, 'device_offline', false, 'There is no SIM in that slot.'),

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
  own('SMSFLEET_TTL_EXPIRED', 'expired', false, 'The message was not sent before its time to live ran out.'),
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
    'The hub handed the message to a gateway but could not record the answer (a crash or store failure), and the gateway cannot tell whether it took it. It is not sent again (at-most-once); the reason names the hand-over.',
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
]);

const BY_CODE = new Map<string, FailureEntry>();
for (const e of FAILURE_CATALOGUE) {
  BY_CODE.set(e.code, e);
  if (e.androidResult !== undefined) BY_CODE.set(`android:${e.androidResult}`, e);
}

/** The entry for a catalogue code (`5001`, `RESULT_ERROR_NO_SERVICE`, `SMSFLEET_OPTED_OUT`), if any. */
export function failureByCode(code: string): FailureEntry | undefined {
  return BY_CODE.get(code.trim().toUpperCase()) ?? BY_CODE.get(code.trim());
}

/** The entry for an Android SmsManager result number, if any. */
export function failureByAndroidResult(n: number): FailureEntry | undefined {
  return BY_CODE.get(`android:${n}`);
}
