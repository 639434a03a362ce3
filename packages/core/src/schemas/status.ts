import { z } from 'zod';
import { doc } from './doc';

/**
 * The one status vocabulary every gateway's raw statuses map onto (see `status/`). `received` is only
 * ever used for inbound messages.
 */
export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'accepted',
  'pending',
  'sending',
  'sent',
  'unknown',
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'received',
] as const;

export const MessageStatus = doc(
  z.enum(MESSAGE_STATUSES),
  'Message status: scheduled, queued, accepted, pending, sending, sent, unknown (no report in time), or a final ' +
    'delivered, undelivered, failed, rejected, expired, cancelled; received is for inbound texts',
  'delivered',
);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** Failure categories of the error catalogue. */
export const FAILURE_CATEGORIES = [
  'invalid_number',
  'device_offline',
  'carrier_blocked',
  'rate_limited',
  'expired',
  'opted_out',
  'content_rejected',
  'network',
  'unknown',
] as const;
export const FailureCategory = doc(z.enum(FAILURE_CATEGORIES), 'What kind of failure this is', 'invalid_number');
export type FailureCategory = z.infer<typeof FailureCategory>;

/** A failure, normalised: the raw gateway code and reason are kept next to the catalogue's reading. */
export const MessageFailure = z
  .object({
    code: doc(
      z.string(),
      'Catalogue code for the failure (SMS Works DLR code, Android result or gateway reason key)',
      '5001',
    ),
    category: FailureCategory,
    permanent: doc(z.boolean(), 'True when retrying can never help', true),
    explanation: doc(z.string(), 'Human-readable explanation', 'The number is not assigned to any subscriber.'),
    rawCode: doc(z.string().optional(), 'Code as the gateway reported it', 'RESULT_ERROR_GENERIC_FAILURE'),
    rawReason: doc(z.string().optional(), 'Reason text as the gateway reported it', 'Unknown number'),
  })
  .describe('Why a message failed');
export type MessageFailure = z.infer<typeof MessageFailure>;
