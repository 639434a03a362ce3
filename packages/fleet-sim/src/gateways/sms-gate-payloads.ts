// What the sms-gate server puts in its webhooks' `payload` and its device list.
import type { OutSms, Phone } from '../phone';
import type { TruthInbound } from '../truth';

/** The payload of an outgoing SMS's event (sent, delivered, failed, cancelled), plus the event's own fields. */
export function smsPayload(phone: Phone, m: OutSms, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    messageId: m.truth.id,
    phoneNumber: m.truth.recipient,
    sender: phone.spec.sims[m.sim - 1]?.number ?? null,
    recipient: m.truth.recipient,
    simNumber: m.sim,
    ...extra,
  };
}

/** The payload of an `sms:received` event. */
export function receivedPayload(m: TruthInbound, iso: (at: number) => string): Record<string, unknown> {
  return {
    messageId: m.id,
    message: m.text,
    phoneNumber: m.from,
    sender: m.from,
    recipient: m.to,
    simNumber: m.sim,
    receivedAt: iso(m.at),
  };
}

/** The payload of an `mms:received` event: metadata only (the phone has not downloaded the parts yet). */
export function mmsReceivedPayload(m: TruthInbound, iso: (at: number) => string): Record<string, unknown> {
  return {
    messageId: m.id,
    phoneNumber: m.from,
    sender: m.from,
    recipient: m.to,
    simNumber: m.sim,
    transactionId: `T${m.id}`,
    subject: null,
    size: (m.attachments ?? []).reduce((n, a) => n + a.bytes.length, 0),
    contentClass: 'IMAGE_BASIC',
    receivedAt: iso(m.at),
  };
}

/** The payload of an `mms:downloaded` event: the text and every part, its bytes base64. */
export function mmsDownloadedPayload(m: TruthInbound, iso: (at: number) => string): Record<string, unknown> {
  return {
    messageId: m.id,
    phoneNumber: m.from,
    sender: m.from,
    recipient: m.to,
    simNumber: m.sim,
    subject: null,
    body: m.text,
    attachments: (m.attachments ?? []).map((a, i) => ({
      partId: i + 1,
      contentType: a.contentType,
      name: a.name,
      size: a.bytes.length,
      data: a.bytes.toString('base64'),
    })),
    receivedAt: iso(m.at),
  };
}

/** A phone as `GET /devices` lists it. */
export function deviceJson(ph: Phone, iso: (at: number) => string): Record<string, unknown> {
  return {
    id: ph.id,
    name: ph.id,
    createdAt: iso(0),
    updatedAt: iso(0),
    lastSeen: iso(ph.lastSeenAt()),
    deletedAt: null,
  };
}
