import { z } from 'zod';
import { doc } from './doc';

/** An E.164 phone number, as stored everywhere after normalisation. */
export const E164 = doc(
  z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550123'),
  'Phone number in E.164 form',
  '+14155550123',
);

/** An ISO 8601 timestamp with zone. */
export const Timestamp = doc(z.iso.datetime({ offset: true }), 'ISO 8601 timestamp', '2026-11-23T10:15:30.000Z');

/** The gateway protocols smsfleet speaks. */
export const GatewayKind = doc(
  z.enum(['sms-gate', 'httpsms', 'textbee', 'mysmsgate']),
  'Gateway protocol: SMS Gateway for Android (sms-gate), httpSMS, textbee, or MySMSGate-style',
  'sms-gate',
);
export type GatewayKind = z.infer<typeof GatewayKind>;

/** SIM slot on a phone, 1-based. */
export const SimSlot = doc(z.number().int().min(1).max(2), 'SIM slot on the phone, 1 or 2', 1);

/** Free-form key/value data echoed back on every event about a message. */
export const Metadata = doc(
  z
    .record(z.string().min(1).max(64), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys'),
  'String key/value pairs echoed back on every later event (at most 20 keys)',
  { orderId: 'A-1042' },
);

/** A caller's reference, echoed on every later event. */
export const Reference = doc(
  z.string().min(1).max(256),
  'Your own reference, echoed on every later event',
  'order-1042',
);

/** Campaign name used for grouping metrics. */
export const Campaign = doc(z.string().min(1).max(100), 'Campaign the message belongs to, for metrics', 'black-friday');

/** Tags used for filtering metrics. */
export const Tags = doc(z.array(z.string().min(1).max(50)).max(20), 'Tags for filtering and metrics', ['reminder']);
