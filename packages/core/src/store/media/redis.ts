import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { checkMedia, checkMediaId } from './args';
import type { MediaRepo, StoredMedia } from './port';

/**
 * The Redis {@link MediaRepo}: one hash per item (`t` type, `e` expiry ms, `b` bytes), written with its PEXPIREAT in
 * one MULTI, so Redis drops it at the text's retention; a read checks the expiry against `now` too.
 */
export class RedisMedia implements MediaRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async put(item: StoredMedia): Promise<void> {
    const m = checkMedia(item);
    const k = this.keys.media(m.id);
    await this.redis
      .multi()
      .del(k)
      .hset(k, 't', m.contentType, 'e', String(m.expiresAt), 'b', Buffer.from(m.bytes))
      .pexpireat(k, m.expiresAt)
      .exec();
  }

  async get(id: string, now: number): Promise<StoredMedia | undefined> {
    const h = await this.redis.hgetallBuffer(this.keys.media(checkMediaId(id)));
    if (!h.t || !h.e || !h.b) return undefined;
    const expiresAt = Number(h.e.toString());
    if (expiresAt <= now) return undefined;
    return { id, contentType: h.t.toString(), bytes: new Uint8Array(h.b), expiresAt };
  }
}
