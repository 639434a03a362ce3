import type { GatewayKind } from '../schemas/common';
import type { MessageFailure } from '../schemas/status';
import { failureByAndroidResult, failureByCode, type FailureEntry } from './catalogue';

/** What a gateway told us about a failure, in whatever shape it has. */
export interface FailureInput {
  gateway?: GatewayKind;
  /**
   * A DLR code (`5001`), an Android result (`RESULT_ERROR_NO_SERVICE`, `ERROR_NO_SERVICE`, `4`), or a catalogue code.
   */
  code?: string | number;
  /** Free text from the gateway (`fail_reason`, `failure_reason`, `errorMessage`, `reason`). */
  reason?: string;
}

/** Phrases gateways use, mapped to catalogue codes; the first match wins, so specific phrases come first. */
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/opt(?:ed)?[\s_-]?out|unsubscribed|suppress/i, 'SMSFLEET_OPTED_OUT'],
  [/not a mobile|landline|fixed[\s_-]?line|cannot receive sms/i, 'SMSFLEET_NOT_MOBILE'],
  [/limit[\s_-]?exceeded|too many|rate[\s_-]?limit|throttl|flood/i, 'RESULT_ERROR_LIMIT_EXCEEDED'],
  [/do not disturb|\bdnd\b/i, '5010'],
  [/roaming/i, '5008'],
  [/suspended/i, '5011'],
  [
    new RegExp(
      'invalid (?:phone|number|recipient|destination|msisdn)|(?:phone|number|recipient) (?:is )?invalid|' +
        'unknown (?:number|subscriber)|unassigned|not assigned|does not exist|unallocated|bad number|not a valid',
      'i',
    ),
    '5001',
  ],
  [/no service|no signal/i, 'RESULT_ERROR_NO_SERVICE'],
  [/radio off|airplane|flight mode/i, 'RESULT_ERROR_RADIO_OFF'],
  [/spam|blocked|barred|filtered|blacklist|rejected by (?:the )?(?:operator|carrier)/i, '5004'],
  [/expired|validity|\bttl\b/i, '5015'],
  [/content|prohibited|forbidden/i, 'SMSFLEET_CONTENT_REJECTED'],
  [/offline|unreachable|not reachable|switched off|timed? ?out|no heartbeat/i, 'SMSFLEET_DEVICE_OFFLINE'],
  [/generic failure/i, 'RESULT_ERROR_GENERIC_FAILURE'],
  [/network|congestion/i, 'RESULT_NETWORK_ERROR'],
  [/undeliver/i, '5009'],
];

function entryForCode(code: string | number): FailureEntry | undefined {
  if (typeof code === 'number')
    return Number.isInteger(code) ? (failureByAndroidResult(code) ?? failureByCode(String(code))) : undefined;
  const c = code.trim();
  if (!c) return undefined;
  if (/^\d+$/.test(c)) return failureByCode(c) ?? failureByAndroidResult(Number(c));
  const upper = c.toUpperCase().replace(/[\s-]+/g, '_');
  return failureByCode(upper) ?? failureByCode(`RESULT_${upper}`) ?? failureByCode(`RESULT_ERROR_${upper}`);
}

function entryForText(text: string): FailureEntry | undefined {
  const hit = PHRASES.find(([re]) => re.test(text));
  return hit ? failureByCode(hit[1]) : undefined;
}

/**
 * Classify a failure from any gateway into the catalogue: the code is tried first (DLR code, Android
 * result by name or number), then recognisable phrases in the reason, then in a non-catalogue code.
 * It always answers: an unrecognised failure is `SMSFLEET_UNKNOWN` (category unknown, temporary). The raw
 * code and reason are kept on the result (a code given inside the reason, `CODE: text`, becomes `rawCode`).
 */
export function classifyFailure(input: FailureInput): MessageFailure {
  let code = input.code;
  let reason = input.reason?.trim() || undefined;
  // httpSMS and others send "RESULT_ERROR_NO_SERVICE: no service" in one string.
  if (code === undefined && reason) {
    const m = /^([A-Z][A-Z0-9_]{2,}):\s*(.*)$/s.exec(reason);
    if (m) {
      code = m[1];
      reason = m[2]?.trim() || undefined;
    } else if (/^[A-Z][A-Z0-9_]{2,}$/.test(reason)) {
      code = reason;
      reason = undefined;
    }
  }
  const entry =
    (code !== undefined ? entryForCode(code) : undefined) ??
    (reason ? entryForText(reason) : undefined) ??
    (typeof code === 'string' ? entryForText(code.replace(/_/g, ' ')) : undefined) ??
    failureByCode('SMSFLEET_UNKNOWN')!;
  return {
    code: entry.code,
    category: entry.category,
    permanent: entry.permanent,
    explanation: entry.explanation,
    ...(code !== undefined && String(code) !== '' ? { rawCode: String(code) } : {}),
    ...(reason ? { rawReason: reason } : {}),
  };
}

/** The catalogue failure for one of smsfleet's own reasons. */
export function ownFailure(
  code:
    | 'SMSFLEET_OPTED_OUT'
    | 'SMSFLEET_DEVICE_OFFLINE'
    | 'SMSFLEET_DEVICE_REMOVED'
    | 'SMSFLEET_TTL_EXPIRED'
    | 'SMSFLEET_CAPS_REACHED'
    | 'SMSFLEET_NO_FINAL_REPORT'
    | 'SMSFLEET_NOT_MOBILE'
    | 'SMSFLEET_HANDOVER_UNCONFIRMED',
  note?: string,
): MessageFailure {
  const e = failureByCode(code)!;
  return {
    code: e.code,
    category: e.category,
    permanent: e.permanent,
    explanation: e.explanation,
    ...(note ? { rawReason: note } : {}),
  };
}
