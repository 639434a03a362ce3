import { createHash } from 'node:crypto';
import { SmsfleetError, type BodyUnboundCredential, type Store } from '@smsfleet/core';

/**
 * How long after its first sighting a body-unbound token may still come with another body. httpSMS mints its JWT per
 * attempt with second-precision claims and no nonce, so every event sent to one webhook within the same second carries
 * the very same token: honest reuse arrives together, within a few seconds (5 s request timeout). A captured token
 * replayed with another body after that is refused. The margin is wide on purpose (a step of the hub's clock must not
 * refuse an honest report; a STOP refused twice is lost, as httpSMS tries twice): inside it, confirmation with the
 * gateway's API is what stops a replay.
 */
export const TOKEN_SHARED_WINDOW_MS = 60_000;

/** Where token sightings are kept (store bindings, first writer wins, for the token's lifetime). */
export const TOKEN_NAMESPACE = 'webhook-token';

/**
 * Remember `cred` → hash of `rawBody` for the token's lifetime, and refuse the token with another body once its shared
 * window has passed (401 `SMSFLEET_ERR_SIGNATURE_INVALID`). The same body again is the gateway's own retry and passes.
 * This is defence in depth: each report is still confirmed with the gateway's API (report-authority.ts), which is what
 * stops a replay inside the window.
 */
export async function refuseReusedToken(
  store: Pick<Store, 'bindings'>,
  connectionId: string,
  cred: BodyUnboundCredential,
  rawBody: Buffer,
  now: Date,
): Promise<void> {
  const body = createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
  const ttlMs = Math.max(1_000, cred.expiresAt.getTime() - now.getTime());
  const seen = await store.bindings.claim(
    TOKEN_NAMESPACE,
    `${connectionId}.${cred.digest}`,
    `${now.getTime()}:${body}`,
    ttlMs,
  );
  if (seen.created) return;
  const [firstMs, firstBody] = seen.value.split(':');
  if (firstBody === body) return;
  if (now.getTime() - Number(firstMs) <= TOKEN_SHARED_WINDOW_MS) return;
  throw new SmsfleetError(
    'SMSFLEET_ERR_SIGNATURE_INVALID',
    'This webhook token was used before with another body: a replayed token.',
    {
      field: 'headers.authorization',
      reason: 'token reused with another body',
    },
  );
}
