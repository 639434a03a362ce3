import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SmsfleetError } from '../errors/smsfleet-error';
import { canonicalIsoMs } from '../iso-time';

/** A header's first value, looked up case-insensitively. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const direct = headers[lower]; // node's own request headers are lower-case already: no scan
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** Secrets as key objects, made once: importing a string key on every webhook is a good part of the HMAC's cost. */
const keyObjects = new Map<string, KeyObject>();
function keyObject(key: string): KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    if (keyObjects.size >= 256) keyObjects.clear(); // a handful of gateway secrets in practice; never unbounded
    k = createSecretKey(Buffer.from(key, 'utf8'));
    keyObjects.set(key, k);
  }
  return k;
}

/** Hex HMAC-SHA256 of `data` with `key`. */
export function hmacSha256Hex(key: string | Buffer, data: string | Buffer): string {
  return createHmac('sha256', typeof key === 'string' ? keyObject(key) : key)
    .update(data)
    .digest('hex');
}

/**
 * Compare two byte strings in constant time (for equal lengths; unequal lengths still cost a full
 * comparison against the expected value, so the length of the secret part leaks nothing).
 */
export function constantTimeEqual(expected: Buffer, given: Buffer): boolean {
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}

/** True when `given` (hex, any case, optional `sha256=` prefix) equals the hex digest `expectedHex`. */
export function hexSignatureMatches(expectedHex: string, given: string): boolean {
  let g = given.trim();
  if (g.length > 7 && g.slice(0, 7).toLowerCase() === 'sha256=') g = g.slice(7);
  if (!HEX.test(g)) return false;
  return constantTimeEqual(Buffer.from(expectedHex, 'latin1'), Buffer.from(g.toLowerCase(), 'latin1'));
}
const HEX = /^[0-9a-fA-F]*$/;

/** The `SMSFLEET_ERR_SIGNATURE_INVALID` error, with why. */
export function signatureInvalid(gateway: string, reason: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_SIGNATURE_INVALID', `${gateway} webhook rejected: ${reason}`, {
    reason,
    details: { gateway },
  });
}

/** A `SMSFLEET_ERR_VALIDATION` error naming one body field. */
export function badField(field: string, reason: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${field}: ${reason}`, { field, reason });
}

/** Parse a webhook body as a JSON object, or throw `SMSFLEET_ERR_VALIDATION` on `body`. */
export function parseJsonObject(rawBody: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw badField('body', 'is not valid JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badField('body', 'must be a JSON object');
  return v as Record<string, unknown>;
}

/**
 * A gateway time (ISO 8601 with any offset, or epoch seconds/ms) as a UTC ISO string; `fallback` when it is
 * absent. Throws `SMSFLEET_ERR_VALIDATION` on `field` when present but unreadable.
 */
export function isoTime(value: unknown, field: string, fallback: Date): string {
  if (value === undefined || value === null || value === '') return fallback.toISOString();
  if (typeof value === 'string' && canonicalIsoMs(value) !== undefined) return value; // already UTC ISO: as is
  let d: Date;
  if (typeof value === 'number') d = new Date(value < 1e12 ? value * 1000 : value);
  else if (typeof value === 'string') d = new Date(value);
  else throw badField(field, 'must be a timestamp');
  if (Number.isNaN(d.getTime())) throw badField(field, `is not a valid timestamp: ${String(value).slice(0, 40)}`);
  return d.toISOString();
}
