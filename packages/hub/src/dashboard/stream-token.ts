import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived tokens for the dashboard's live stream: an EventSource cannot send an Authorization header, so the page
 * trades its API key (as a bearer) for a token bound to the key id, signed with a per-process secret and valid for
 * `ttlMs`. Checked in constant time against `now`.
 */
export class StreamTokens {
  private readonly secret = randomBytes(32);
  constructor(private readonly ttlMs = 3600_000) {}

  issue(keyId: string, now: number): { token: string; expiresAt: number } {
    const expiresAt = now + this.ttlMs;
    const body = `${expiresAt}.${keyId}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt };
  }

  /** The key id of a valid token, or undefined. */
  verify(token: string | undefined, now: number): string | undefined {
    const m = /^(\d+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token ?? '');
    if (!m || Number(m[1]) <= now) return undefined;
    const want = Buffer.from(this.sign(`${m[1]}.${m[2]}`));
    const got = Buffer.from(m[3]!);
    return want.length === got.length && timingSafeEqual(want, got) ? m[2] : undefined;
  }

  private sign(s: string): string {
    return createHmac('sha256', this.secret).update(s).digest('base64url');
  }
}
