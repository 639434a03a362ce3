import type { GatewayKind } from '../schemas/common';
import type { MessageFailure, MessageStatus } from '../schemas/status';

// TEMPORARY stand-in for `status/` (mapGatewayStatus) and `failures/` (classifyFailure), which another
// helper is writing. Adapters call only the two functions below, so swapping in the real ones is one edit.

const RAW_STATUS: Record<GatewayKind, Record<string, MessageStatus>> = {
  'sms-gate': { pending: 'pending', processed: 'sending', sent: 'sent', delivered: 'delivered', failed: 'failed', cancelling: 'pending', cancelled: 'cancelled' },
  httpsms: { pending: 'pending', scheduled: 'scheduled', sending: 'sending', sent: 'sent', delivered: 'delivered', failed: 'failed', expired: 'expired', received: 'received' },
  textbee: { pending: 'pending', dispatched: 'sending', sent: 'sent', delivered: 'delivered', failed: 'failed', unknown: 'unknown', received: 'received' },
  mysmsgate: { pending: 'pending', queued: 'queued', sent: 'sent', delivered: 'delivered', failed: 'failed', expired: 'expired', received: 'received' },
};

/** The normalised status for a gateway's raw status (case-insensitive); `unknown` for one we do not know. */
export function mapRawStatus(gateway: GatewayKind, raw: string): MessageStatus {
  return RAW_STATUS[gateway][raw.trim().toLowerCase()] ?? 'unknown';
}

const RULES: Array<{ re: RegExp; f: Omit<MessageFailure, 'rawCode' | 'rawReason'> }> = [
  { re: /RESULT_NETWORK_REJECT|invalid|not (a )?valid|unknown (number|subscriber)|unassigned|not assigned|unallocated|bad number/i,
    f: { code: '5001', category: 'invalid_number', permanent: true, explanation: 'The number is not valid or not assigned to any subscriber.' } },
  { re: /no service|radio off|offline|RESULT_ERROR_NO_SERVICE|RESULT_ERROR_RADIO_OFF/i,
    f: { code: 'RESULT_ERROR_NO_SERVICE', category: 'device_offline', permanent: false, explanation: 'The phone had no service when it tried to send.' } },
  { re: /limit|too many|RESULT_ERROR_LIMIT_EXCEEDED/i,
    f: { code: 'RESULT_ERROR_LIMIT_EXCEEDED', category: 'rate_limited', permanent: false, explanation: 'The phone or carrier refused: too many messages too fast.' } },
  { re: /block|spam|barred/i,
    f: { code: '5004', category: 'carrier_blocked', permanent: true, explanation: 'The carrier blocked the message.' } },
  { re: /expired|ttl/i,
    f: { code: '5015', category: 'expired', permanent: false, explanation: 'The message expired before it could be delivered.' } },
];

/** Classify a gateway's failure code and reason (stand-in for `failures/`). */
export function classifyGatewayFailure(gateway: GatewayKind, code: string | undefined, reason: string | undefined): MessageFailure {
  const text = `${code ?? ''} ${reason ?? ''}`;
  const hit = RULES.find((r) => r.re.test(text));
  const f = hit?.f ?? { code: 'unknown', category: 'unknown' as const, permanent: false, explanation: `The ${gateway} gateway reported a failure without a known reason.` };
  return { ...f, ...(code !== undefined ? { rawCode: code } : {}), ...(reason !== undefined ? { rawReason: reason } : {}) };
}

/**
 * Classify a failure the gateway reports as one string: an Android result name (`RESULT_NETWORK_REJECT`),
 * `"<CODE>: <reason>"` (httpSMS), or free text.
 */
export function failureFromText(gateway: GatewayKind, text: string | undefined): MessageFailure {
  const t = text?.trim() || undefined;
  if (!t) return classifyGatewayFailure(gateway, undefined, undefined);
  if (/^[A-Z][A-Z0-9_]+$/.test(t)) return classifyGatewayFailure(gateway, t, undefined);
  const m = /^([A-Z][A-Z0-9_]+):\s*(.+)$/s.exec(t);
  return m ? classifyGatewayFailure(gateway, m[1], m[2]) : classifyGatewayFailure(gateway, undefined, t);
}

/** The failure of a message the gateway expired (never sent in time). */
export function expiredFailure(gateway: GatewayKind, text: string | undefined): MessageFailure {
  return { ...failureFromText(gateway, text ?? 'EXPIRED'), category: 'expired', permanent: false };
}
