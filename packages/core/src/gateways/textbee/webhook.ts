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
  const b = parseOrThrow(Body, parseJsonObject(req.rawBody), 'body');
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
