import { z } from 'zod';
import { parseOrThrow } from '../../errors/validate';
import type { GatewayReport } from '../../schemas/events';
import type { GatewayWebhookRequest } from '../port';
import { classifyGatewayFailure, failureFromText } from '../mapping';
import { smsGatePingVitals } from './health-ping';
import {
  badField,
  headerValue,
  hexSignatureMatches,
  hmacSha256Hex,
  isoTime,
  parseJsonObject,
  signatureInvalid,
} from '../webhook-util';
import { parseMmsDownloaded } from './mms';

/** How far `X-Timestamp` may be from `now` before a webhook counts as a replay (seconds). */
export const SMS_GATE_REPLAY_WINDOW_S = 300;

/** The events the hub consumes; each needs its own webhook registration. */
export const SMS_GATE_EVENTS = [
  'sms:sent',
  'sms:delivered',
  'sms:failed',
  'sms:cancelled',
  'sms:received',
  'system:ping',
  'mms:downloaded',
] as const;

const Envelope = z.looseObject({
  deviceId: z.string().min(1),
  event: z.string().min(1),
  id: z.string().min(1),
  webhookId: z.string().optional(),
  payload: z.looseObject({}),
});

const str = z.string().min(1);
const optStr = z.string().optional().nullable();
const optInt = z.number().int().min(1).optional().nullable();
const StatusPayload = z.looseObject({
  messageId: str,
  phoneNumber: optStr,
  recipient: optStr,
  simNumber: optInt,
  partsCount: optInt,
  partIndex: optInt,
  sentAt: optStr,
  deliveredAt: optStr,
  failedAt: optStr,
  cancelledAt: optStr,
  reason: optStr,
  error: optStr,
  code: optStr,
});
const ReceivedPayload = z.looseObject({
  messageId: optStr,
  message: z.string(),
  phoneNumber: optStr,
  sender: optStr,
  recipient: optStr,
  simNumber: optInt,
  receivedAt: optStr,
});

/**
 * Verify an sms-gate webhook: `X-Signature` must be hex HMAC-SHA256(key, rawBody + X-Timestamp), compared
 * in constant time, and `X-Timestamp` (unix seconds) within ±5 minutes of `now`.
 */
export function verifySmsGateSignature(req: GatewayWebhookRequest, signingKey: string, now: Date): void {
  const sig = headerValue(req.headers, 'x-signature');
  const ts = headerValue(req.headers, 'x-timestamp');
  if (!sig) throw signatureInvalid('sms-gate', 'X-Signature header is missing');
  if (!ts || !/^\d{1,12}$/.test(ts.trim()))
    throw signatureInvalid('sms-gate', 'X-Timestamp header is missing or not unix seconds');
  const skew = Math.abs(now.getTime() / 1000 - Number(ts));
  if (skew > SMS_GATE_REPLAY_WINDOW_S) {
    throw signatureInvalid(
      'sms-gate',
      `X-Timestamp is ${Math.round(skew)} s away from now (allowed: ${SMS_GATE_REPLAY_WINDOW_S} s)`,
    );
  }
  const expected = hmacSha256Hex(signingKey, Buffer.concat([req.rawBody, Buffer.from(ts.trim(), 'utf8')]));
  if (!hexSignatureMatches(expected, sig)) throw signatureInvalid('sms-gate', 'X-Signature does not match the body');
}

/** Verify and parse one sms-gate webhook into normalised reports (empty for events the hub ignores). */
export function parseSmsGateWebhook(req: GatewayWebhookRequest, signingKey: string, now: Date): GatewayReport[] {
  verifySmsGateSignature(req, signingKey, now);
  const env = parseOrThrow(Envelope, parseJsonObject(req.rawBody), 'body');
  const base = { gateway: 'sms-gate' as const, deviceId: env.deviceId, gatewayEventId: env.id };
  const signedAt = new Date(Number(headerValue(req.headers, 'x-timestamp')) * 1000);
  switch (env.event) {
    case 'sms:sent':
    case 'sms:delivered':
    case 'sms:failed':
    case 'sms:cancelled': {
      const p = parseOrThrow(StatusPayload, env.payload, 'body.payload');
      const recipient = p.phoneNumber ?? p.recipient ?? undefined;
      const common = {
        ...base,
        kind: 'status' as const,
        gatewayMessageId: p.messageId,
        ...(recipient ? { recipient } : {}),
      };
      if (env.event === 'sms:sent') {
        return [
          {
            ...common,
            status: 'sent',
            at: isoTime(p.sentAt, 'body.payload.sentAt', signedAt),
            ...(p.partsCount ? { segmentsTotal: p.partsCount } : {}),
          },
        ];
      }
      if (env.event === 'sms:delivered') {
        return [
          {
            ...common,
            status: 'delivered',
            at: isoTime(p.deliveredAt, 'body.payload.deliveredAt', signedAt),
            ...(p.partIndex ? { segment: p.partIndex } : {}),
            ...(p.partsCount ? { segmentsTotal: p.partsCount } : {}),
          },
        ];
      }
      if (env.event === 'sms:cancelled') {
        return [{ ...common, status: 'cancelled', at: isoTime(p.cancelledAt, 'body.payload.cancelledAt', signedAt) }];
      }
      const reason = p.reason ?? p.error ?? undefined;
      return [
        {
          ...common,
          status: 'failed',
          at: isoTime(p.failedAt, 'body.payload.failedAt', signedAt),
          failure: p.code ? classifyGatewayFailure('sms-gate', p.code, reason) : failureFromText('sms-gate', reason),
        },
      ];
    }
    case 'sms:received': {
      const p = parseOrThrow(ReceivedPayload, env.payload, 'body.payload');
      const from = p.sender ?? p.phoneNumber;
      if (!from) throw badField('body.payload.sender', 'is required');
      return [
        {
          ...base,
          kind: 'inbound',
          from,
          body: p.message,
          at: isoTime(p.receivedAt, 'body.payload.receivedAt', signedAt),
          ...(p.messageId ? { gatewayMessageId: p.messageId } : {}),
          ...(p.recipient ? { to: p.recipient } : {}),
          ...(p.simNumber && p.simNumber <= 2 ? { sim: p.simNumber } : {}),
        },
      ];
    }
    case 'mms:downloaded':
      return parseMmsDownloaded(env.payload, base, signedAt);
    case 'system:ping': {
      const vitals = smsGatePingVitals(env.payload);
      const at = signedAt.toISOString();
      return [
        {
          kind: 'heartbeat',
          gateway: 'sms-gate',
          deviceId: env.deviceId,
          online: true,
          at,
          periodic: true,
          ...(vitals ? { vitals } : {}),
        },
      ];
    }
    case 'app:started':
      return [
        { kind: 'heartbeat', gateway: 'sms-gate', deviceId: env.deviceId, online: true, at: signedAt.toISOString() },
      ];
    default:
      return [];
  }
}
