import { createHmac } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { parseOrThrow } from '../../errors/validate';
import type { GatewayReport } from '../../schemas/events';
import type { GatewayWebhookRequest } from '../port';
import { expiredFailure, failureFromText } from '../mapping';
import { constantTimeEqual, headerValue, isoTime, parseJsonObject, signatureInvalid } from '../webhook-util';

/** Clock skew tolerated on `exp` and `nbf` (seconds). */
export const HTTPSMS_CLOCK_SKEW_S = 30;

/** The event types the hub consumes. */
export const HTTPSMS_EVENTS = [
  'message.phone.sent',
  'message.phone.delivered',
  'message.send.failed',
  'message.send.expired',
  'message.phone.received',
  'phone.heartbeat.offline',
  'phone.heartbeat.online',
] as const;

/** What the JWT must say. */
export interface HttpSmsJwtExpectation {
  /** HS256 secret: the webhook's signing key. */
  signingKey: string;
  /** Accepted audiences (the registered webhook URL). */
  audiences: string[];
  /** Expected issuer, when checked. */
  issuer?: string;
}

/**
 * Verify the `Authorization: Bearer <JWT>` httpSMS sends: HS256 only (no algorithm switching), signature
 * compared in constant time, `exp` required and not passed, `nbf` reached, `aud` one of ours, `iss` if set.
 * jose decodes the token; the HMAC is checked here because jose's verification is asynchronous.
 */
export function verifyHttpSmsJwt(req: GatewayWebhookRequest, exp: HttpSmsJwtExpectation, now: Date): void {
  const authz = headerValue(req.headers, 'authorization');
  const m = authz ? /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authz.trim()) : null;
  if (!m) throw signatureInvalid('httpsms', 'Authorization header is missing or not a Bearer JWT');
  const token = `${m[1]}.${m[2]}.${m[3]}`;
  let alg: unknown;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    alg = decodeProtectedHeader(token).alg;
    claims = decodeJwt(token);
  } catch {
    throw signatureInvalid('httpsms', 'the JWT cannot be decoded');
  }
  if (alg !== 'HS256') throw signatureInvalid('httpsms', `JWT algorithm must be HS256, got ${String(alg)}`);
  const expected = createHmac('sha256', exp.signingKey).update(`${m[1]}.${m[2]}`).digest();
  if (!constantTimeEqual(expected, Buffer.from(m[3]!, 'base64url')))
    throw signatureInvalid('httpsms', 'JWT signature does not match');
  const t = now.getTime() / 1000;
  if (typeof claims.exp !== 'number') throw signatureInvalid('httpsms', 'JWT has no exp');
  if (t > claims.exp + HTTPSMS_CLOCK_SKEW_S)
    throw signatureInvalid('httpsms', 'JWT has expired (replay or clock skew)');
  if (typeof claims.nbf === 'number' && t < claims.nbf - HTTPSMS_CLOCK_SKEW_S)
    throw signatureInvalid('httpsms', 'JWT is not valid yet');
  const aud = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => exp.audiences.includes(a)))
    throw signatureInvalid('httpsms', 'JWT audience is not this webhook URL');
  if (exp.issuer !== undefined && claims.iss !== exp.issuer)
    throw signatureInvalid('httpsms', 'JWT issuer is not the expected one');
}

const CloudEvent = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  type: z.string().min(1),
  time: z.string().optional(),
  data: z.looseObject({}),
});
const optStr = z.string().optional().nullable();
const MessageData = z.looseObject({
  id: z.string().min(1),
  request_id: optStr,
  owner: optStr,
  contact: optStr,
  content: optStr,
  sim: optStr,
  timestamp: optStr,
  error_message: optStr,
  phone_id: optStr,
});
const ReceivedData = z.looseObject({
  id: optStr,
  message_id: optStr,
  owner: optStr,
  contact: z.string().min(1),
  content: z.string(),
  sim: optStr,
  timestamp: optStr,
  phone_id: optStr,
});
const HeartbeatData = z.looseObject({ phone_id: z.string().min(1), owner: optStr, timestamp: optStr });

/** `SIM1` -> 1, `SIM2` -> 2. */
export function httpSmsSimSlot(sim: string | null | undefined): 1 | 2 | undefined {
  return sim === 'SIM1' ? 1 : sim === 'SIM2' ? 2 : undefined;
}

const STATUS_OF: Record<string, 'sent' | 'delivered' | 'failed' | 'expired'> = {
  'message.phone.sent': 'sent',
  'message.phone.delivered': 'delivered',
  'message.send.failed': 'failed',
  'message.send.expired': 'expired',
};

/** Parse a verified httpSMS CloudEvent into normalised reports (empty for event types the hub ignores). */
export function parseHttpSmsEvent(rawBody: Buffer, now: Date): GatewayReport[] {
  const ev = parseOrThrow(CloudEvent, parseJsonObject(rawBody), 'body');
  const evTime = ev.time ? new Date(isoTime(ev.time, 'body.time', now)) : now;
  const status = STATUS_OF[ev.type];
  if (status) {
    const d = parseOrThrow(MessageData, ev.data, 'body.data');
    const failure =
      status === 'failed'
        ? failureFromText('httpsms', d.error_message ?? undefined)
        : status === 'expired'
          ? expiredFailure('httpsms', d.error_message ?? undefined)
          : undefined;
    return [
      {
        kind: 'status',
        gateway: 'httpsms',
        gatewayMessageId: d.id,
        status,
        at: isoTime(d.timestamp, 'body.data.timestamp', evTime),
        gatewayEventId: ev.id,
        ...(d.request_id ? { clientId: d.request_id } : {}),
        ...(d.contact ? { recipient: d.contact } : {}),
        ...(d.phone_id ? { deviceId: d.phone_id } : {}),
        ...(failure ? { failure } : {}),
      },
    ];
  }
  if (ev.type === 'message.phone.received') {
    const d = parseOrThrow(ReceivedData, ev.data, 'body.data');
    const sim = httpSmsSimSlot(d.sim);
    return [
      {
        kind: 'inbound',
        gateway: 'httpsms',
        from: d.contact,
        body: d.content,
        at: isoTime(d.timestamp, 'body.data.timestamp', evTime),
        gatewayEventId: ev.id,
        ...((d.message_id ?? d.id) ? { gatewayMessageId: (d.message_id ?? d.id)! } : {}),
        ...(d.owner ? { to: d.owner } : {}),
        ...(sim ? { sim } : {}),
        ...(d.phone_id ? { deviceId: d.phone_id } : {}),
      },
    ];
  }
  if (ev.type === 'phone.heartbeat.offline' || ev.type === 'phone.heartbeat.online') {
    const d = parseOrThrow(HeartbeatData, ev.data, 'body.data');
    return [
      {
        kind: 'heartbeat',
        gateway: 'httpsms',
        deviceId: d.phone_id,
        online: ev.type.endsWith('online'),
        at: isoTime(d.timestamp, 'body.data.timestamp', evTime),
      },
    ];
  }
  return [];
}
