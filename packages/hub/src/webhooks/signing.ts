import { randomBytes } from 'node:crypto';
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

/** Verifier objects by secret: building one decodes the secret, which would cost CPU on every delivery. */
const signers = new Map<string, Webhook>();

function signer(secret: string): Webhook {
  let w = signers.get(secret);
  if (!w) {
    if (signers.size >= 1_000) signers.clear(); // bounded: secrets change rarely, subscriptions are few
    signers.set(secret, (w = new Webhook(secret)));
  }
  return w;
}

/**
 * Sign `body` the Standard Webhooks way (HMAC-SHA256 over `id.timestamp.body`, `v1,<base64>`), with
 * the `standardwebhooks` package. `id` is the event id, the same on every retry, so receivers can drop
 * duplicates; `at` becomes `webhook-timestamp` in whole seconds.
 */
export function signWebhook(secret: string, id: string, at: Date, body: string): SignatureHeaders {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signer(secret).sign(id, new Date(seconds * 1000), body),
  };
}
