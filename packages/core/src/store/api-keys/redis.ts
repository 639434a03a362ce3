import { checkRevokedAt, checkUsedAt, usedAt } from './args';
import type { ApiKeyRecord, ApiKeyRepo } from '../api-keys/port';
import { check } from '../shared/records';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/** The Redis {@link ApiKeyRepo}: records in `{ak}`, hash index in `{ak}:h`. */
export class RedisApiKeys implements ApiKeyRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async put(key: ApiKeyRecord): Promise<void> {
    const k = check.apiKey(key);
    const ak = this.keys.apiKeys();
    await SCRIPTS.putApiKey.run(this.redis, [ak.hash, ak.byHash], [k.id, k.hash, JSON.stringify(k)]);
  }
  async byHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const ak = this.keys.apiKeys();
    const s = (await SCRIPTS.apiKeyByHash.run(this.redis, [ak.hash, ak.byHash], [hash])) as string | null;
    return s === null ? undefined : parse<ApiKeyRecord>(s);
  }
  async list(): Promise<ApiKeyRecord[]> {
    return (await this.redis.hvals(this.keys.apiKeys().hash)).map((s) => parse<ApiKeyRecord>(s)).sort(byId);
  }
  async revoke(id: string, at: Date): Promise<boolean> {
    const revokedAt = checkRevokedAt(at);
    const r = await hashUpdate<ApiKeyRecord>(
      this.redis,
      this.keys.apiKeys().hash,
      id,
      (k) => (k.revokedAt ? null : { ...k, revokedAt }),
      check.apiKey,
      'id',
    );
    return r !== undefined;
  }
  async touch(id: string, at: Date): Promise<boolean> {
    const iso = checkUsedAt(at);
    const ak = this.keys.apiKeys();
    return (
      (await hashUpdate<ApiKeyRecord>(this.redis, ak.hash, id, (k) => usedAt(k, iso), check.apiKey, 'id')) !== undefined
    );
  }
}
