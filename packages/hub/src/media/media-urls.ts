import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InboundSms, MediaLink, Store } from '@smsfleet/core';

/** Where the media URL secret is kept in the store's bindings (one per store, so every hub signs and checks alike). */
export const MEDIA_SECRET_BINDING = { namespace: 'smsfleet.media', key: 'url-secret' } as const;

/** Why a media URL is refused: no valid signature for this id and time, or a valid one past its time. */
export type MediaUrlVerdict = 'ok' | 'forged' | 'expired';

/**
 * Signed, expiring URLs of inbound MMS attachments (`/v1/media/<id>?expires=<ms>&sig=<hmac>`): anyone holding the URL
 * may download the bytes until `expires`, nobody can make one. HMAC-SHA256 over the id and the expiry with a random
 * 32-byte secret claimed once in the store's bindings (first writer wins, as the dashboard's stream tokens),
 * compared in constant time. Fail-closed: while the secret cannot be read, nothing is signed or accepted (the store's
 * error).
 */
export class MediaUrls {
  private secret?: Buffer;

  constructor(
    private readonly store: Pick<Store, 'bindings'>,
    private readonly publicUrl: string,
  ) {}

  /** The URL of media `id`, valid until `expiresAt` (epoch ms). */
  async url(id: string, expiresAt: number): Promise<string> {
    const sig = this.sign(await this.key(), id, String(expiresAt));
    return `${this.publicUrl}/v1/media/${encodeURIComponent(id)}?expires=${expiresAt}&sig=${sig}`;
  }

  /**
   * Signed URLs of `sms`'s attachments, valid as long as the text is kept: the same URLs each time (a retried
   * `sms.received`, `/v1/inbox`), since the expiry is the text's own.
   */
  async links(sms: Pick<InboundSms, 'media' | 'retainUntil' | 'receivedAt'>): Promise<MediaLink[]> {
    const until = Date.parse(sms.retainUntil ?? sms.receivedAt);
    return Promise.all(
      (sms.media ?? []).map(async (m) => ({
        url: await this.url(m.id, until),
        contentType: m.contentType,
        size: m.size,
      })),
    );
  }

  /** Whether `sig` signs `id` until `expires` (as the query had them), at `now`. The signature is checked first. */
  async verify(
    id: string,
    expires: string | undefined,
    sig: string | undefined,
    now: number,
  ): Promise<MediaUrlVerdict> {
    if (!expires || !/^\d{1,16}$/.test(expires) || !sig || !/^[A-Za-z0-9_-]{1,100}$/.test(sig)) return 'forged';
    const want = Buffer.from(this.sign(await this.key(), id, expires));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'forged';
    return Number(expires) > now ? 'ok' : 'expired';
  }

  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    const { namespace, key } = MEDIA_SECRET_BINDING;
    const { value } = await this.store.bindings.claim(namespace, key, randomBytes(32).toString('hex'));
    this.secret = Buffer.from(value, 'hex');
    return this.secret;
  }

  private sign(secret: Buffer, id: string, expires: string): string {
    return createHmac('sha256', secret).update(`media:${id}.${expires}`).digest('base64url');
  }
}
