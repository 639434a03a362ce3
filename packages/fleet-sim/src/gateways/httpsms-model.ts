import type { OutSms, Phone } from '../phone';
import type { TruthInbound } from '../truth';
import { stateAt } from './context';

/** One httpSMS message as the server keeps it. */
export interface HsMessage {
  out: OutSms;
  phone: Phone;
  owner: string;
  requestId: string | null;
  scheduledAt?: number;
  createdAt: number;
}

/** Truth state -> httpSMS status. */
export const HS_STATUS: Record<string, string> = {
  queued: 'pending',
  picked: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'failed',
};

/** The httpSMS `Message` JSON. */
export function httpSmsMessageJson(
  hm: HsMessage,
  userId: string,
  isoOf: (at: number) => string,
): Record<string, unknown> {
  const t = hm.out.truth;
  const iso = (at: number | undefined) => (at === undefined ? null : isoOf(at));
  const scheduled = hm.scheduledAt !== undefined && t.states.length === 0;
  return {
    id: t.id,
    request_id: hm.requestId,
    owner: hm.owner,
    user_id: userId,
    contact: t.recipient,
    content: t.text,
    encrypted: false,
    type: 'mobile-terminated',
    status: scheduled ? 'scheduled' : HS_STATUS[t.finalState],
    sim: `SIM${hm.out.sim}`,
    request_received_at: iso(hm.createdAt),
    created_at: iso(hm.createdAt),
    updated_at: iso(t.states.at(-1)?.at ?? hm.createdAt),
    order_timestamp: iso(hm.createdAt),
    scheduled_send_time: iso(hm.scheduledAt),
    last_attempted_at: iso(stateAt(t, 'picked')),
    sent_at: iso(stateAt(t, 'sent')),
    delivered_at: iso(stateAt(t, 'delivered')),
    failed_at: iso(stateAt(t, 'failed')),
    expired_at: iso(stateAt(t, 'expired')),
    failure_reason: t.failure ? `${t.failure.code}: ${t.failure.reason}` : null,
    can_be_polled: false,
    send_attempt_count: stateAt(t, 'picked') === undefined ? 0 : 1,
    max_send_attempts: 2,
    received_at: null,
  };
}

/** A received SMS as the httpSMS `Message` JSON (`type: mobile-originated`). */
export function receivedJson(
  m: TruthInbound,
  userId: string,
  iso: (at: number) => string,
  attachments: string[] = [],
): Record<string, unknown> {
  const at = iso(m.at);
  return {
    id: m.id,
    request_id: null,
    owner: m.to,
    user_id: userId,
    contact: m.from,
    content: m.text,
    encrypted: false,
    type: 'mobile-originated',
    status: 'received',
    sim: `SIM${m.sim}`,
    request_received_at: at,
    created_at: at,
    updated_at: at,
    order_timestamp: at,
    scheduled_send_time: null,
    last_attempted_at: null,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
    expired_at: null,
    failure_reason: null,
    can_be_polled: false,
    send_attempt_count: 0,
    max_send_attempts: 0,
    received_at: at,
    // An MMS: httpSMS lists the parts' URLs on its own server.
    attachments,
  };
}
