import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The hub API key an HTTP client sent as `Authorization: Bearer <key>`, if any. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** Whether two credentials are the same, compared in constant time (digests, so lengths do not leak either). */
export function sameCredential(a: string | undefined, b: string | undefined): boolean {
  const digest = (s: string | undefined) =>
    createHash('sha256')
      .update(`${s === undefined ? 0 : 1}:${s ?? ''}`)
      .digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Host names a loopback server answers to: anything else is a DNS-rebinding page reaching for it. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether the request's `Host` names a loopback address (any port). */
export function loopbackHost(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return LOOPBACK.has(name.toLowerCase());
}
