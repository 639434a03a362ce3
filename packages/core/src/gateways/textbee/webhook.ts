import { z } from 'zod';
import { parseOrThrow } from '../../errors/validate';
import type { GatewayReport } from '../../schemas/events';
import type { GatewayWebhookRequest } from '../port';
import { classifyGatewayFailure } from '../mapping';
import {
  headerValue,
  hexSignatureMatches,
  hmacSha256Hex,
  isoTime,
  parseJsonObject,
  signatureInvalid,
} from '../webhook-util';

/** The webhook events the hub consumes. */
export const TEXTBEE_EVENTS = [
  'MESSAGE_RECEIVED',
  'MESSAGE_SENT',
  'MESSAGE_DELIVERED',
  'MESSAGE_FAILED',
  'UNKNOWN_STATE',
] as const;

/**
 * Verify textbee's `X-Signature`: hex HMAC-SHA256(secret, JSON body), constant time. textbee signs no
 * timestamp, so there is no replay window here: duplicates are dropped upstream on `idempotencyKey`
 * (surfaced as `gatewayEventId`).
 */
export function verifyTextbeeSignature(req: GatewayWebhookRequest, secret: string): void {
  const sig = headerValue(req.headers, 'x-signature');
  if (!sig) throw signatureInvalid('textbee', 'X-Signature header is missing');
  if (!hexSignatureMatches(hmacSha256Hex(secret, req.rawBody), sig))
    throw signatureInvalid('textbee', 'X-Signature does not match the body');
}

const optStr = z.string().optional().nullable();
const Body = z.looseObject({
  webhookEvent: z.string().min(1),
  idempotencyKey: z.string().min(1),
  smsId: z.string().min(1),
  smsBatchId: optStr,
  deviceId: optStr,
  message: optStr,
  status: optStr,
  recipient: optStr,
  sender: optStr,
  sentAt: optStr,
  deliveredAt: optStr,
  failedAt: optStr,
  receivedAt: optStr,
  errorCode: z.union([z.string(), z.number()]).optional().nullable(),
  errorMessage: optStr,
});

/** Body's optional text fields (string, null or absent). */
const OPTIONAL_TEXT = [
  'smsBatchId',
  'deviceId',
  'message',
  'status',
  'recipient',
  'sender',
  'sentAt',
  'deliveredAt',
  'failedAt',
  'receivedAt',
  'errorMessage',
] as const;

const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
const optText = (v: unknown) => v === undefined || v === null || typeof v === 'string';

/**
 * `b` when it is plainly what {@link Body} accepts (every field of the right type), else undefined: a check by hand
 * of what the schema checks, since a zod parse was the dearest step of a report after the HMAC. Anything else goes
 * through the schema, which names the field that is wrong.
 */
function plainBody(b: Record<string, unknown>): z.infer<typeof Body> | undefined {
  if (!nonEmpty(b.webhookEvent) || !nonEmpty(b.idempotencyKey) || !nonEmpty(b.smsId)) return undefined;
  for (const k of OPTIONAL_TEXT) if (!optText(b[k])) return undefined;
  if (!optText(b.errorCode) && typeof b.errorCode !== 'number') return undefined;
  return b as z.infer<typeof Body>;
}

const Inbound = z.looseObject({ sender: z.string().min(1), message: z.string() });

const STATUS_OF: Record<
  string,
  {
    status: 'sent' | 'delivered' | 'failed' | 'unknown';
    time: 'sentAt' | 'deliveredAt' | 'failedAt' | undefined;
    field: string;
  }
> = {
  MESSAGE_SENT: { status: 'sent', time: 'sentAt', field: 'body.sentAt' },
  MESSAGE_DELIVERED: { status: 'delivered', time: 'deliveredAt', field: 'body.deliveredAt' },
  MESSAGE_FAILED: { status: 'failed', time: 'failedAt', field: 'body.failedAt' },
  UNKNOWN_STATE: { status: 'unknown', time: undefined, field: 'body.sentAt' },
};

type StatusReport = Extract<GatewayReport, { kind: 'status' }>;

/**
 * Verify and parse a textbee webhook. Status reports carry the batch id as `gatewayMessageId` (what
 * `send` returns: one recipient per batch), falling back to the SMS id.
 */
export function parseTextbeeWebhook(req: GatewayWebhookRequest, secret: string, now: Date): GatewayReport[] {
  verifyTextbeeSignature(req, secret);
  const json = parseJsonObject(req.rawBody);
  const b = plainBody(json) ?? parseOrThrow(Body, json, 'body');
  const st = STATUS_OF[b.webhookEvent];
  if (st) {
    // Built field by field: spreading optional parts into a literal is the dearest step of a webhook this small.
    const report: StatusReport = {
      gateway: 'textbee',
      kind: 'status',
      gatewayEventId: b.idempotencyKey,
      gatewayMessageId: b.smsBatchId ?? b.smsId,
      status: st.status,
      at: isoTime(st.time ? b[st.time] : undefined, st.field, now),
    };
    if (b.deviceId) report.deviceId = b.deviceId;
    if (b.recipient) report.recipient = b.recipient;
    if (st.status === 'failed') {
      report.failure = classifyGatewayFailure(
        'textbee',
        b.errorCode === undefined || b.errorCode === null ? undefined : String(b.errorCode),
        b.errorMessage ?? undefined,
      );
    }
    return [report];
  }
  const common = {
    gateway: 'textbee' as const,
    gatewayEventId: b.idempotencyKey,
    ...(b.deviceId ? { deviceId: b.deviceId } : {}),
  };
  if (b.webhookEvent === 'MESSAGE_RECEIVED') {
    const r = parseOrThrow(Inbound, b, 'body');
    return [
      {
        ...common,
        kind: 'inbound',
        gatewayMessageId: b.smsId,
        from: r.sender,
        body: r.message,
        at: isoTime(b.receivedAt, 'body.receivedAt', now),
      },
    ];
  }
  return [];
}
