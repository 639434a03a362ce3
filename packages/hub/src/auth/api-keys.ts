import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SmsfleetError, newId, type ApiKeyRecord, type Store } from '@smsfleet/core';

/** Every API key starts with this. */
export const API_KEY_PREFIX = 'sf_live_';
const KEY_RE = /^sf_live_[A-Za-z0-9_-]{32,128}$/;

/** Hex SHA-256 of a plain API key: the only form the store keeps. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Create an API key named `name`. The plain key (`sf_live_` + 256 random bits, base64url) is returned
 * once and never stored; the store keeps its SHA-256.
 */
export async function createApiKey(
  store: Pick<Store, 'apiKeys'>,
  name: string,
  now: Date = new Date(),
): Promise<{ key: string; record: ApiKeyRecord }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) {
    throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'An API key needs a name of 1-100 characters.', {
      field: 'name',
      reason: 'must be 1-100 characters',
    });
  }
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id: newId('key', now),
    name: trimmed,
    hash: hashApiKey(key),
    createdAt: now.toISOString(),
  };
  await store.apiKeys.put(record);
  return { key, record };
}

function unauthorized(reason: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_UNAUTHORIZED', 'Send a valid API key as "Authorization: Bearer sf_live_…".', {
    field: 'headers.authorization',
    reason,
  });
}

/**
 * The API key record for an `Authorization` header value, or `SMSFLEET_ERR_UNAUTHORIZED` (missing,
 * malformed, unknown or revoked key). The stored hash is compared in constant time.
 */
export async function authenticate(
  store: Pick<Store, 'apiKeys'>,
  authorization: string | undefined,
): Promise<ApiKeyRecord> {
  if (!authorization) throw unauthorized('is missing');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) throw unauthorized('must be "Bearer <api key>"');
  const key = m[1]!;
  if (!KEY_RE.test(key)) throw unauthorized('is not an smsfleet API key');
  const hash = hashApiKey(key);
  const record = await store.apiKeys.byHash(hash);
  if (
    !record ||
    record.hash.length !== hash.length ||
    !timingSafeEqual(Buffer.from(record.hash, 'hex'), Buffer.from(hash, 'hex'))
  ) {
    throw unauthorized('is not a known API key');
  }
  if (record.revokedAt) throw unauthorized('was revoked');
  return record;
}
