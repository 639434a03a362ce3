import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '@smsfleet/core';

/** Where the stream-token secret is kept in the store's bindings (one per store, so every hub agrees). */
export const STREAM_SECRET_BINDING = { namespace: 'smsfleet.dashboard', key: 'stream-token-secret' } as const;

/**
 * Short-lived tokens for the dashboard's live stream: an EventSource cannot send an Authorization header, so the page
 * trades its API key (as a bearer) for a token bound to the key id, signed with the store's stream secret and valid
 * for `ttlMs`. Checked in constant time against `now`. The secret is a random 32 bytes claimed once in the store's
 * bindings (first writer wins), so a token from one hub opens the stream on any hub of the store (behind a load
 * balancer). Fail-closed: while the secret cannot be read, nothing is issued or accepted (the store's error).
 */
export class StreamTokens {
  private secret?: Buffer;

  constructor(
    private readonly store: Pick<Store, 'bindings'>,
    private readonly ttlMs = 3600_000,
  ) {}

  async issue(keyId: string, now: number): Promise<{ token: string; expiresAt: number }> {
    const expiresAt = now + this.ttlMs;
    const body = `${expiresAt}.${keyId}`;
    return { token: `${body}.${this.sign(await this.key(), body)}`, expiresAt };
  }

  /** The key id of a valid token, or undefined. */
  async verify(token: string | undefined, now: number): Promise<string | undefined> {
    const m = /^(\d+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token ?? '');
    if (!m || Number(m[1]) <= now) return undefined;
    const want = Buffer.from(this.sign(await this.key(), `${m[1]}.${m[2]}`));
    const got = Buffer.from(m[3]!);
    return want.length === got.length && timingSafeEqual(want, got) ? m[2] : undefined;
  }

  /** The store's secret, claimed on first use and then kept (a failed read is tried again on the next call). */
  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    const { namespace, key } = STREAM_SECRET_BINDING;
    const { value } = await this.store.bindings.claim(namespace, key, randomBytes(32).toString('hex'));
    this.secret = Buffer.from(value, 'hex');
    return this.secret;
  }

  private sign(secret: Buffer, s: string): string {
    return createHmac('sha256', secret).update(s).digest('base64url');
  }
}
