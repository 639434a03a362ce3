import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Prefix of Standard Webhooks signing secrets. */
export const SECRET_PREFIX = 'whsec_';

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The three Standard Webhooks headers. */
export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signing keys by secret. The secret is decoded by `standardwebhooks` (so a secret it refuses is refused the same way),
 * once per secret; the HMAC itself runs in node:crypto, since the package's pure-JS SHA-256 was a tenth of the CPU
 * of a delivery.
 */
const keys = new Map<string, KeyObject>();

function signingKey(secret: string): KeyObject {
  let k = keys.get(secret);
  if (!k) {
    if (keys.size >= 1_000) keys.clear(); // bounded: secrets change rarely, subscriptions are few
    const decoded = (new Webhook(secret) as unknown as { key: Uint8Array }).key;
    keys.set(secret, (k = createSecretKey(Buffer.from(decoded))));
  }
  return k;
}

/**
 * Sign `body` the Standard Webhooks way: `v1,` + base64 of HMAC-SHA256 over `id.timestamp.body` (UTF-8), keyed with
 * the secret's bytes (base64 after `whsec_`), exactly as `standardwebhooks`' `sign` (a test compares the two). `id` is
 * the event id, the same on every retry, so receivers can drop duplicates; `at` becomes `webhook-timestamp` in whole
 * seconds.
 */
export function signWebhook(secret: string, id: string, at: Date, body: string): SignatureHeaders {
  const seconds = String(Math.floor(at.getTime() / 1000));
  const mac = createHmac('sha256', signingKey(secret)).update(`${id}.${seconds}.`).update(body).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${mac}` };
}
