import { SmsfleetError } from '../errors/smsfleet-error';
import type { GatewayKind } from '../schemas/common';
import type { MessageStatus } from '../schemas/status';

/**
 * Each gateway's raw statuses and webhook event names, lower-cased, mapped onto the one vocabulary.
 * Sources: ../shared/domain/gateways.md (each project's public source) and the seeds' vocabularies.
 */
export const GATEWAY_STATUS_MAP: Readonly<Record<GatewayKind | 'dlr', Readonly<Record<string, MessageStatus>>>> =
  Object.freeze({
    // SMS Gateway for Android: message states and webhook events. `Cancelling` is still at the phone, unsent.
    'sms-gate': {
      pending: 'pending',
      processed: 'sending',
      sent: 'sent',
      delivered: 'delivered',
      failed: 'failed',
      cancelling: 'pending',
      cancelled: 'cancelled',
      'sms:sent': 'sent',
      'sms:delivered': 'delivered',
      'sms:failed': 'failed',
      'sms:cancelled': 'cancelled',
      'sms:received': 'received',
    },
    // httpSMS: message statuses and CloudEvents types.
    httpsms: {
      pending: 'pending',
      scheduled: 'scheduled',
      sending: 'sending',
      sent: 'sent',
      delivered: 'delivered',
      failed: 'failed',
      expired: 'expired',
      received: 'received',
      'message.phone.sending': 'sending',
      'message.phone.sent': 'sent',
      'message.phone.delivered': 'delivered',
      'message.send.failed': 'failed',
      'message.send.expired': 'expired',
      'message.phone.received': 'received',
    },
    // textbee: SMS statuses and webhook events.
    textbee: {
      pending: 'pending',
      dispatched: 'sending',
      sent: 'sent',
      delivered: 'delivered',
      failed: 'failed',
      unknown: 'unknown',
      received: 'received',
      message_sent: 'sent',
      message_delivered: 'delivered',
      message_failed: 'failed',
      unknown_state: 'unknown',
      message_received: 'received',
    },
    // MySMSGate-style: pending, sent, delivered, failed (seed 000), plus the obvious extras.
    mysmsgate: {
      pending: 'pending',
      queued: 'queued',
      sent: 'sent',
      delivered: 'delivered',
      failed: 'failed',
      expired: 'expired',
      received: 'received',
    },
    // Delivery-report vocabularies of aggregators (Notifyre, The SMS Works), for imports and DLR-style gateways.
    dlr: {
      scheduled: 'scheduled',
      queued: 'queued',
      accepted: 'accepted',
      pending: 'pending',
      sending: 'sending',
      sent: 'sent',
      delivered: 'delivered',
      undelivered: 'undelivered',
      undeliverable: 'undelivered',
      failed: 'failed',
      rejected: 'rejected',
      expired: 'expired',
      unknown: 'unknown',
      cancelled: 'cancelled',
      canceled: 'cancelled',
      // SMS has no read receipts: a "read" report can only mean it arrived.
      read: 'delivered',
      received: 'received',
    },
  });

/**
 * Map a gateway's raw status or event name onto the vocabulary (case-insensitive). An unrecognised value is
 * an error naming the field, never a silent default: a gateway that changed its vocabulary must be noticed.
 */
export function mapGatewayStatus(gateway: GatewayKind | 'dlr', raw: string, field = 'status'): MessageStatus {
  const key = String(raw ?? '')
    .trim()
    .toLowerCase();
  const hit = GATEWAY_STATUS_MAP[gateway]?.[key];
  if (!hit) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Unrecognised ${gateway} status "${raw}"`, {
      field,
      reason: `"${raw}" is not a known ${gateway} status`,
    });
  }
  return hit;
}
