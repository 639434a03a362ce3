import type { Contact, Conversation, Device, Subscription } from '../../schemas';
import type { ApiKeyRecord, ApiKeyRepo } from '../api-keys/port';
import type { ContactRepo } from '../contacts/port';
import type { ConversationRepo } from '../conversations/port';
import type { DeviceRepo } from '../devices/port';
import type { SubscriptionRepo } from '../subscriptions/port';
import type { Page, PageArgs, UpdateResult } from '../port';
import { invalid, pageLimit, requireDate, requireKey } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { byId, hashUpdate, parse } from '../redis/hash-update';
import { casExhausted } from '../redis/cas';
import { lexical } from '../redis/index-scan';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { MAX_CAS_RETRIES } from '../shared/constants';

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
    requireDate(at, 'at');
    const r = await hashUpdate<ApiKeyRecord>(
      this.redis,
      this.keys.apiKeys().hash,
      id,
      (k) => (k.revokedAt ? null : { ...k, revokedAt: at.toISOString() }),
      check.apiKey,
      'id',
    );
    return r !== undefined;
  }
}
