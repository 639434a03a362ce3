import type { Contact, Conversation, Device, Subscription } from '../../schemas';
import type {
  ApiKeyRecord,
  ApiKeyRepo,
  ContactRepo,
  ConversationRepo,
  DeviceRepo,
  Page,
  PageArgs,
  SubscriptionRepo,
  UpdateResult,
} from '../port';
import { invalid, pageLimit, requireDate, requireKey } from '../shared/args';
import { MAX_CAS_RETRIES } from '../shared/constants';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { lexical } from './index-scan';
import type { RedisKeys } from './keys';
import { SCRIPTS, type RedisClient } from './lua';
import { casExhausted } from './messages';

const parse = <T>(s: string): T => JSON.parse(s) as T;
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Read-modify-write of one JSON field of a hash: read, apply `fn`, compare-and-set in Lua, retry on conflict. */
async function hashUpdate<T>(
  redis: RedisClient,
  key: string,
  field: string,
  fn: (v: T) => T | null,
  validate: (v: unknown) => T,
  idField: string,
): Promise<UpdateResult<T> | undefined> {
  for (let i = 0; i < MAX_CAS_RETRIES; i++) {
    const cur = await redis.hget(key, field);
    if (cur === null) return undefined;
    const next = fn(parse<T>(cur));
    if (next === null) return { value: parse<T>(cur), changed: false };
    const json = JSON.stringify(keepId(validate(next) as Record<string, unknown>, idField, field));
    const r = await SCRIPTS.hashCas.run(redis, [key], [field, cur, json]);
    if (r === 1) return { value: parse<T>(json), changed: true };
    if (r === -1) return undefined;
  }
  throw casExhausted(`${key} ${field}`);
}

/** The Redis {@link DeviceRepo}: one hash `{dv}`. */
export class RedisDevices implements DeviceRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async put(device: Device): Promise<void> {
    const d = check.device(device);
    await this.redis.hset(this.keys.devices(), d.id, JSON.stringify(d));
  }
  async get(id: string): Promise<Device | undefined> {
    const s = await this.redis.hget(this.keys.devices(), id);
    return s === null ? undefined : parse<Device>(s);
  }
  async list(): Promise<Device[]> {
    return (await this.redis.hvals(this.keys.devices())).map((s) => parse<Device>(s)).sort(byId);
  }
  update(id: string, fn: (d: Device) => Device | null): Promise<UpdateResult<Device> | undefined> {
    return hashUpdate(this.redis, this.keys.devices(), id, fn, check.device, 'id');
  }
  async delete(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.devices(), id)) === 1;
  }
}

/** The Redis {@link SubscriptionRepo}: one hash `{sb}`; deleting drops the delivery log afterwards. */
export class RedisSubscriptions implements SubscriptionRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async create(sub: Subscription): Promise<void> {
    const s = check.subscription(sub);
    if ((await this.redis.hsetnx(this.keys.subscriptions(), s.id, JSON.stringify(s))) !== 1) {
      throw invalid('subscription.id', 'a subscription with this id already exists');
    }
  }
  async get(id: string): Promise<Subscription | undefined> {
    const s = await this.redis.hget(this.keys.subscriptions(), id);
    return s === null ? undefined : parse<Subscription>(s);
  }
  async list(): Promise<Subscription[]> {
    return (await this.redis.hvals(this.keys.subscriptions())).map((s) => parse<Subscription>(s)).sort(byId);
  }
  update(id: string, fn: (s: Subscription) => Subscription | null): Promise<UpdateResult<Subscription> | undefined> {
    return hashUpdate(this.redis, this.keys.subscriptions(), id, fn, check.subscription, 'id');
  }
  async delete(id: string): Promise<boolean> {
    const had = (await this.redis.hdel(this.keys.subscriptions(), id)) === 1;
    const log = this.keys.deliveries(id);
    await this.redis.del(log.hash, log.all, log.dead);
    return had;
  }
}

/** The Redis {@link ContactRepo}: hash `{co}` with lexical indexes of all and opted-out phones. */
export class RedisContacts implements ContactRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}
  async get(phone: string): Promise<Contact | undefined> {
    const s = await this.redis.hget(this.keys.contacts().hash, phone);
    return s === null ? undefined : parse<Contact>(s);
  }
  async upsert(
    phone: string,
    fn: (c: Contact | undefined) => Contact | null,
  ): Promise<UpdateResult<Contact | undefined>> {
    requireKey(phone, 'phone', 32);
    const k = this.keys.contacts();
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      const cur = await this.redis.hget(k.hash, phone);
      const next = fn(cur === null ? undefined : parse<Contact>(cur));
      if (next === null) return { value: cur === null ? undefined : parse<Contact>(cur), changed: false };
      const c = keepId(check.contact(next), 'phone', phone);
      const json = JSON.stringify(c);
      const r = await SCRIPTS.contactCas.run(
        this.redis,
        [k.hash, k.all, k.out],
        [phone, cur === null ? '0' : '1', cur ?? '', json, c.optedOut ? '1' : '0'],
      );
      if (r === 1) return { value: parse<Contact>(json), changed: true };
    }
    throw casExhausted(`contact ${phone}`);
  }
  async list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const k = this.keys.contacts();
    return scanPage<Contact>(
      {
        next: lexical(this.redis, filter.optedOut === true ? k.out : k.all),
        load: async (ids) =>
          (ids.length === 0 ? [] : await this.redis.hmget(k.hash, ...ids)).map((s) =>
            s == null ? undefined : parse<Contact>(s),
          ),
      },
      { after, limit, match: filter.optedOut === false ? (c) => !c.optedOut : undefined },
    );
  }
}

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
