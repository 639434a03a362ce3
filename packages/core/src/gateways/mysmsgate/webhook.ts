import { z } from 'zod';
import { parseOrThrow } from '../../errors/validate';
import type { GatewayReport } from '../../schemas/events';
import type { GatewayWebhookRequest } from '../port';
import { failureFromText, mapRawStatus } from '../mapping';
import {
  headerValue,
  hexSignatureMatches,
  hmacSha256Hex,
  isoTime,
  parseJsonObject,
  signatureInvalid,
} from '../webhook-util';

/** How far the signed timestamp may be from `now` (seconds). */
export const MYSMSGATE_REPLAY_WINDOW_S = 300;

/**
 * Verify a MySMSGate webhook. MySMSGate publishes no signature scheme; smsfleet uses the one fleet-sim
 * defines: `X-MySMSGate-Signature: sha256=<hex HMAC-SHA256(secret, "<X-MySMSGate-Timestamp>.<rawBody>")>`,
 * with the timestamp (unix seconds) within ±5 minutes of `now`.
 */
export function verifyMySmsGateSignature(req: GatewayWebhookRequest, secret: string, now: Date): void {
  const sig = headerValue(req.headers, 'x-mysmsgate-signature');
  const ts = headerValue(req.headers, 'x-mysmsgate-timestamp')?.trim();
  if (!sig) throw signatureInvalid('mysmsgate', 'X-MySMSGate-Signature header is missing');
  if (!ts || !/^\d{1,12}$/.test(ts))
    throw signatureInvalid('mysmsgate', 'X-MySMSGate-Timestamp header is missing or not unix seconds');
  const skew = Math.abs(now.getTime() / 1000 - Number(ts));
  if (skew > MYSMSGATE_REPLAY_WINDOW_S) {
    throw signatureInvalid(
      'mysmsgate',
      `X-MySMSGate-Timestamp is ${Math.round(skew)} s away from now (allowed: ${MYSMSGATE_REPLAY_WINDOW_S} s)`,
    );
  }
  const expected = hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${ts}.`, 'utf8'), req.rawBody]));
  if (!hexSignatureMatches(expected, sig))
    throw signatureInvalid('mysmsgate', 'X-MySMSGate-Signature does not match the body');
}

const optStr = z.string().optional().nullable();
const Status = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  status: z.string().min(1),
  to: optStr,
  delivery_report: z.boolean().optional().nullable(),
  fail_reason: optStr,
});
const Incoming = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String).optional().nullable(),
  from: z.string().min(1),
  to: optStr,
  message: z.string(),
  device_id: z.union([z.string(), z.number()]).transform(String).optional().nullable(),
  slot: z.number().int().min(0).max(1).optional().nullable(),
  received_at: optStr,
});

/**
 * Verify and parse a MySMSGate webhook: a status report `{id, status, to, delivery_report, fail_reason}` or an incoming
 * SMS.
 */
export function parseMySmsGateWebhook(req: GatewayWebhookRequest, secret: string, now: Date): GatewayReport[] {
  verifyMySmsGateSignature(req, secret, now);
  const body = parseJsonObject(req.rawBody);
  const signedAt = new Date(Number(headerValue(req.headers, 'x-mysmsgate-timestamp')) * 1000);
  const kind = headerValue(req.headers, 'x-mysmsgate-event');
  if (kind === 'incoming' || body.type === 'incoming') {
    const b = parseOrThrow(Incoming, body, 'body');
    return [
      {
        kind: 'inbound',
        gateway: 'mysmsgate',
        from: b.from,
        body: b.message,
        at: isoTime(b.received_at, 'body.received_at', signedAt),
        ...(b.id ? { gatewayMessageId: b.id } : {}),
        ...(b.to ? { to: b.to } : {}),
        ...(b.device_id ? { deviceId: b.device_id } : {}),
        ...(b.slot !== undefined && b.slot !== null ? { sim: b.slot + 1 } : {}),
      },
    ];
  }
  const b = parseOrThrow(Status, body, 'body');
  const status = mapRawStatus('mysmsgate', b.status);
  return [
    {
      kind: 'status',
      gateway: 'mysmsgate',
      gatewayMessageId: b.id,
      status,
      at: signedAt.toISOString(),
      ...(b.to ? { recipient: b.to } : {}),
      ...(status === 'failed' ? { failure: failureFromText('mysmsgate', b.fail_reason ?? undefined) } : {}),
    },
  ];
}
