import { z } from 'zod';
import { ApiKeyScope, Timestamp, doc, scopesOf, type ApiKeyRecord } from '@smsfleet/core';

/** An API key as the API shows it: never its hash. */
export const KeyView = z
  .object({
    id: doc(z.string(), 'Key id', 'key_01jd3k2m4n5p6q7r8s9t0v1w2x'),
    name: doc(z.string(), 'Name given at creation', 'zapier production'),
    scopes: doc(z.array(ApiKeyScope), 'What the key may do (a key from before scopes shows `admin`)', ['send', 'read']),
    createdAt: Timestamp.describe('When the key was created'),
    expiresAt: Timestamp.optional().describe('After this the key is refused 401; absent: never expires'),
    lastUsedAt: Timestamp.optional().describe('Last successful authentication, to the minute; absent: never used'),
    revokedAt: Timestamp.optional().describe('When the key was revoked; absent: live'),
  })
  .describe('An API key (the key itself is shown only once, at creation)');

/** The view of a stored key. */
export function keyView(k: ApiKeyRecord): z.infer<typeof KeyView> {
  return {
    id: k.id,
    name: k.name,
    scopes: [...scopesOf(k)],
    createdAt: k.createdAt,
    ...(k.expiresAt ? { expiresAt: k.expiresAt } : {}),
    ...(k.lastUsedAt ? { lastUsedAt: k.lastUsedAt } : {}),
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
  };
}

/** `:id` of a key. */
export const KeyIdParams = z.strictObject({
  id: doc(z.string().min(1).max(64), 'Key id', 'key_01jd3k2m4n5p6q7r8s9t0v1w2x'),
});
