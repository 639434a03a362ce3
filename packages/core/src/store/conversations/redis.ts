import type { Conversation } from '../../schemas';
import type { ConversationRepo } from '../conversations/port';
import { check } from '../shared/records';
import { parse } from '../redis/hash-update';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';

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
