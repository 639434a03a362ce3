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

/** The Redis {@link ConversationRepo}: one hash per contact, `{cv:<phone>}`. */
export class RedisConversations implements ConversationRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async get(contact: string, deviceId: string, sim: number): Promise<Conversation | undefined> {
    const s = await this.redis.hget(this.keys.conversations(contact), this.keys.conversationField(deviceId, sim));
    return s === null ? undefined : parse<Conversation>(s);
  }
  async latest(contact: string): Promise<Conversation | undefined> {
    const s = await this.redis.hget(this.keys.conversations(contact), 'latest');
    return s === null ? undefined : parse<Conversation>(s);
  }
  async put(conversation: Conversation): Promise<void> {
    const c = check.conversation(conversation);
    const json = JSON.stringify(c);
    await this.redis.hset(
      this.keys.conversations(c.contact),
      this.keys.conversationField(c.deviceId, c.sim),
      json,
      'latest',
      json,
    );
  }
}
