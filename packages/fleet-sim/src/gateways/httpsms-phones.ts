import type { Phone } from '../phone';

/** One httpSMS phone: a SIM number of a simulated phone, with the id httpSMS gave it. */
export interface HttpSmsEntry {
  phone: Phone;
  sim: number;
  phoneId: string;
}

/**
 * The answer of httpSMS `GET /v1/phones` for an account: `{status, message, data: [Phone]}`, one entry per SIM
 * number (httpSMS knows a phone by its number), in its wire format (snake_case, as the Go API writes it).
 */
export function phoneList(byNumber: ReadonlyMap<string, HttpSmsEntry>, userId: string, iso: (at: number) => string) {
  const data = [...byNumber.entries()].map(([number, e]) => ({
    id: e.phoneId,
    user_id: userId,
    fcm_token: `fcm-${e.phoneId}`,
    phone_number: number,
    messages_per_minute: e.phone.spec.sims[e.sim - 1]?.segmentsPerMinute ?? 10,
    sim: `SIM${e.sim}`,
    max_send_attempts: 2,
    message_expiration_seconds: 600,
    missed_call_auto_reply: null,
    created_at: iso(0),
    updated_at: iso(e.phone.lastSeenAt()),
  }));
  return { status: 'success', message: `fetched ${data.length} phones`, data };
}
