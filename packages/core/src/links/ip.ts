import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Anonymise an IP address the way Shlink does by default: the last octet of IPv4 becomes 0, IPv6 keeps its
 * first 48 bits. Anything that is not an IP becomes `unknown`.
 */
export function anonymizeIp(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = v4mapped ? v4mapped[1]! : ip;
  const kind = isIP(addr);
  if (kind === 4) return addr.replace(/\.\d+$/, '.0');
  if (kind === 6) {
    const [head = '', tail = ''] = addr.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const full = addr.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return `${full
      .slice(0, 3)
      .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
      .join(':')}::`;
  }
  return 'unknown';
}

/**
 * The visitor identity for unique-click counting: a hash of the anonymised IP and the user agent (nothing personal
 * is kept).
 */
export function visitorId(ip: string | undefined, userAgent: string | undefined): string {
  return createHash('sha256')
    .update(`${anonymizeIp(ip)}\u0000${userAgent ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}
