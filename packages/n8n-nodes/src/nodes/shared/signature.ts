import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verify a Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`) over
 * `${id}.${timestamp}.${rawBody}` with the `whsec_` secret: constant-time comparison, at most `toleranceS` old.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, unknown>,
  rawBody: string,
  nowMs: number,
  toleranceS = 300,
): boolean {
  const h = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  };
  const id = h('webhook-id');
  const ts = h('webhook-timestamp');
  const sig = h('webhook-signature');
  if (!id || !ts || !sig || !/^\d+$/.test(ts) || Math.abs(nowMs / 1000 - Number(ts)) > toleranceS) return false;
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
    .update(`${id}.${ts}.${rawBody}`)
    .digest();
  return sig.split(' ').some((part) => {
    const [version, b64] = part.split(',');
    if (version !== 'v1' || !b64) return false;
    const got = Buffer.from(b64, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
