import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HubEvent } from './types';

/** Request headers as the platforms give them: a plain object (any case, arrays for repeats) or a `Headers`. */
export type HeaderBag =
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | { get(name: string): string | null };

/** What {@link verifyWebhook} needs: all of it comes from the request, except the secret and the time. */
export interface VerifyWebhookInput {
  /** The subscription's `whsec_…` secret. Missing: every request is refused. */
  secret: string | undefined | null;
  headers: HeaderBag | undefined | null;
  /** The body exactly as received (the signature covers the bytes, not a re-serialised object). */
  rawBody: string | Uint8Array | undefined | null;
  /** The current time in milliseconds since the epoch (a parameter, so tests control it). */
  now: number;
  /** How far `webhook-timestamp` may be from `now`, either way. Default 300 s (5 minutes), as Standard Webhooks. */
  toleranceSeconds?: number;
}

/** Why a request was refused. */
export type WebhookRefusal =
  | 'missing_secret'
  | 'bad_secret'
  | 'missing_headers'
  | 'missing_body'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'bad_body';

/** The outcome of {@link verifyWebhook}: the verified event, or why the request is refused. */
export type WebhookVerdict =
  | { ok: true; id: string; timestamp: number; event: HubEvent }
  | { ok: false; reason: WebhookRefusal };

/** Why each refusal happens, for logs and 401 bodies. */
export const WEBHOOK_REFUSALS: Readonly<Record<WebhookRefusal, string>> = {
  missing_secret: 'no signing secret is known for this subscription',
  bad_secret: 'the signing secret is not a whsec_ base64 secret',
  missing_headers: 'webhook-id, webhook-timestamp or webhook-signature is missing',
  missing_body: 'the raw request body is not available',
  bad_timestamp: 'webhook-timestamp is not a whole number of seconds',
  stale_timestamp: 'webhook-timestamp is outside the tolerance (a replay, or a wrong clock)',
  bad_signature: 'no webhook-signature matches the body',
  bad_body: 'the signed body is not a JSON event',
};

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  }
  const bag = headers as Readonly<Record<string, string | readonly string[] | number | undefined>>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : bag[key];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === '' ? undefined : String(first);
}

/**
 * Verify a Standard Webhooks request from the hub, failing closed: a missing secret, header or raw body is a refusal,
 * never a pass. The signature is HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the secret's
 * bytes; `webhook-signature` may list several space-separated `v1,<base64>` signatures (during a secret rotation),
 * and one match is enough. Signatures are compared in constant time; the timestamp must be within
 * `toleranceSeconds` of `now`. A pure function: the same input gives the same verdict.
 */
export function verifyWebhook(input: VerifyWebhookInput): WebhookVerdict {
  const refuse = (reason: WebhookRefusal): WebhookVerdict => ({ ok: false, reason });
  if (!input.secret) return refuse('missing_secret');
  const key = Buffer.from(input.secret.replace(/^whsec_/, ''), 'base64');
  if (key.length === 0) return refuse('bad_secret');
  if (!input.headers) return refuse('missing_headers');
  const id = header(input.headers, 'webhook-id');
  const ts = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (!id || !ts || !signatures) return refuse('missing_headers');
  if (input.rawBody === undefined || input.rawBody === null) return refuse('missing_body');
  if (!/^\d{1,12}$/.test(ts)) return refuse('bad_timestamp');
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(input.now / 1000 - Number(ts)) > tolerance) return refuse('stale_timestamp');
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : Buffer.from(input.rawBody);
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${id}.${ts}.`, 'utf8'), body]))
    .digest();
  // Every candidate is compared (no early exit on a match), so timing says nothing about which one matched.
  let matched = false;
  for (const part of signatures.split(' ')) {
    const comma = part.indexOf(',');
    if (comma < 0 || part.slice(0, comma) !== 'v1') continue;
    const got = Buffer.from(part.slice(comma + 1), 'base64');
    if (got.length === expected.length && timingSafeEqual(got, expected)) matched = true;
  }
  if (!matched) return refuse('bad_signature');
  let event: HubEvent;
  try {
    event = JSON.parse(body.toString('utf8')) as HubEvent;
  } catch {
    return refuse('bad_body');
  }
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return refuse('bad_body');
  return { ok: true, id, timestamp: Number(ts), event };
}
