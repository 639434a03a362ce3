import { checkPhone } from './args';
import type { Contact } from '../../schemas';
import type { ContactRepo } from '../contacts/port';
import type { Page, PageArgs, UpdateResult } from '../port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { parse } from '../redis/hash-update';
import { casExhausted } from '../redis/cas';
import { lexical } from '../redis/index-scan';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { MAX_CAS_RETRIES } from '../shared/constants';

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
    checkPhone(phone);
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
