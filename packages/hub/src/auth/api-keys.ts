import { hash as oneShotHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SmsfleetError, newId, type ApiKeyRecord, type ApiKeyScope, type Store } from '@smsfleet/core';

/** Every API key starts with this. */
export const API_KEY_PREFIX = 'sf_live_';
const KEY_RE = /^sf_live_[A-Za-z0-9_-]{32,128}$/;

/**
 * Hex SHA-256 of a plain API key: the only form the store keeps. Every authenticated request hashes its key:
 * node's one-shot hash costs a fifth of a `createHash` object.
 */
export function hashApiKey(key: string): string {
  return oneShotHash('sha256', key, 'hex');
}

/** What a new key may do, and until when. */
export interface NewKeyOptions {
  /** Default `['admin']` (the boot key, the demo's key). */
  scopes?: ApiKeyScope[];
  /** After this the key is refused 401. */
  expiresAt?: Date;
}

/**
 * Create an API key named `name`. The plain key (`sf_live_` + 256 random bits, base64url) is returned
 * once and never stored; the store keeps its SHA-256.
 */
export async function createApiKey(
  store: Pick<Store, 'apiKeys'>,
  name: string,
  now: Date = new Date(),
  opts: NewKeyOptions = {},
): Promise<{ key: string; record: ApiKeyRecord }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'An API key needs a name of 1-100 characters.', {
      field: 'name',
      reason: 'must be 1-100 characters',
    });
  }
  if (opts.expiresAt !== undefined && !(opts.expiresAt.getTime() > now.getTime())) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'An API key must expire in the future.', {
      field: 'expiresAt',
      reason: 'must be in the future',
    });
  }
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id: newId('key', now),
    name: trimmed,
    hash: hashApiKey(key),
    createdAt: now.toISOString(),
    scopes: [...new Set<ApiKeyScope>(opts.scopes ?? ['admin'])],
    ...(opts.expiresAt ? { expiresAt: opts.expiresAt.toISOString() } : {}),
  };
  await store.apiKeys.put(record);
  return { key, record };
}

/** Why a key was refused, in `details.cause` of the 401. */
export type UnauthorizedCause = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired';

function unauthorized(cause: UnauthorizedCause, reason: string, details: Record<string, unknown> = {}): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_UNAUTHORIZED', 'Send a valid API key as "Authorization: Bearer sf_live_…".', {
    field: 'headers.authorization',
    reason,
    details: { cause, ...details },
  });
}

/**
 * The API key record for an `Authorization` header value, or `SMSFLEET_ERR_UNAUTHORIZED` (missing, malformed,
 * unknown, revoked or expired at `now`; `details.cause` says which). The stored hash is compared in constant time.
 * One store read.
 */
export async function authenticate(
  store: Pick<Store, 'apiKeys'>,
  authorization: string | undefined,
  now: number = Date.now(),
): Promise<ApiKeyRecord> {
  if (!authorization) throw unauthorized('missing', 'is missing');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) throw unauthorized('malformed', 'must be "Bearer <api key>"');
  const key = m[1]!;
  if (!KEY_RE.test(key)) throw unauthorized('malformed', 'is not an smsfleet API key');
  const hash = hashApiKey(key);
  const record = await store.apiKeys.byHash(hash);
  if (
    !record ||
    record.hash.length !== hash.length ||
    !timingSafeEqual(Buffer.from(record.hash, 'hex'), Buffer.from(hash, 'hex'))
  ) {
    throw unauthorized('unknown', 'is not a known API key');
  }
  if (record.revokedAt) throw unauthorized('revoked', 'was revoked', { keyId: record.id });
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now) {
    throw unauthorized('expired', `expired at ${record.expiresAt}`, { keyId: record.id, expiresAt: record.expiresAt });
  }
  return record;
}
