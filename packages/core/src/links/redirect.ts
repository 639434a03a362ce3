import type { ShortLink } from '../schemas';

/** Where a short link sends a visitor now: its destination, the fallback after expiry, or nowhere (410). */
export type RedirectTarget =
  | { kind: 'redirect'; url: string; expired: false }
  | { kind: 'redirect'; url: string; expired: true }
  | { kind: 'gone' };

/**
 * Resolve a link at `now`. Only URLs stored on the link itself are ever returned, so the redirector can never
 * be used as an open redirect.
 */
export function resolveLink(link: ShortLink, now: Date): RedirectTarget {
  if (link.expiresAt && Date.parse(link.expiresAt) <= now.getTime()) {
    return link.fallbackUrl ? { kind: 'redirect', url: link.fallbackUrl, expired: true } : { kind: 'gone' };
  }
  return { kind: 'redirect', url: link.url, expired: false };
}
