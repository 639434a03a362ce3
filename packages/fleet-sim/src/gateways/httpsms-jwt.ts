import { SignJWT } from 'jose';
import type { HsWebhook } from './httpsms-input';

/**
 * The Bearer JWT an httpSMS webhook delivery carries: HS256 with the hook's signing key, the hook's URL as audience,
 * valid 10 minutes either side of `now` (ms).
 */
export function webhookJwt(userId: string, hook: HsWebhook, now: number): Promise<string> {
  const s = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(hook.url)
    .setIssuer('api.httpsms.com')
    .setSubject(userId)
    .setIssuedAt(s)
    .setNotBefore(s - 600)
    .setExpirationTime(s + 600)
    .sign(new TextEncoder().encode(hook.signing_key));
}
