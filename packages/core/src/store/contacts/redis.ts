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
import { lexicalMerged } from '../redis/index-scan';
import type { RedisKeys } from '../redis/keys';
import type { StoreLayout } from '../redis/layout';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { uniqueToken } from '../redis/unique-token';
import { MAX_CAS_RETRIES } from '../shared/constants';

/**
 * The Redis {@link ContactRepo}: per partition of the phone number (keys.ts), hash `{co:<p>}` with lexical indexes of
 * its phones and its opted-out phones (each write leaves its token in field `<phone>:w`, so a resent write knows
 * itself: lua/contact-cas-3.lua). A list merges the partitions' indexes (one read per partition per batch).
 */
export class RedisContacts implements ContactRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly layout: StoreLayout,
  ) {}

  private async of(phone: string): Promise<{ hash: string; all: string; out: string }> {
    await this.layout.ensure();
    return this.keys.contacts(this.keys.partitionOf(phone));
  }

  async get(phone: string): Promise<Contact | undefined> {
    const s = await this.redis.hget((await this.of(phone)).hash, phone);
    return s === null ? undefined : parse<Contact>(s);
  }
  async upsert(
    phone: string,
    fn: (c: Contact | undefined) => Contact | null,
    known?: Contact | null,
  ): Promise<UpdateResult<Contact | undefined>> {
    checkPhone(phone);
    const k = await this.of(phone);
    // The caller's copy is tried first: the script compares it with the stored JSON (it is that JSON parsed back).
    let hint = known === undefined || (known !== null && known.phone !== phone) ? undefined : known;
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      const guess = hint !== undefined;
      const cur = guess ? (hint === null ? null : JSON.stringify(hint)) : await this.redis.hget(k.hash, phone);
      hint = undefined;
      const next = fn(cur === null ? undefined : parse<Contact>(cur));
      if (next === null && guess) continue; // "no change" is only final on a fresh read
      if (next === null) return { value: cur === null ? undefined : parse<Contact>(cur), changed: false };
      const c = keepId(check.contact(next), 'phone', phone);
      const json = JSON.stringify(c);
      const r = await SCRIPTS.contactCas.run(
        this.redis,
        [k.hash, k.all, k.out],
        [phone, cur === null ? '0' : '1', cur ?? '', json, c.optedOut ? '1' : '0', uniqueToken()],
      );
      if (r === 1) return { value: parse<Contact>(json), changed: true };
    }
    throw casExhausted(`contact ${phone}`);
  }
  async list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    await this.layout.ensure();
    const parts = this.keys.allPartitions().map((p) => this.keys.contacts(p));
    return scanPage<Contact>(
      {
        next: lexicalMerged(
          this.redis,
          parts.map((k) => (filter.optedOut === true ? k.out : k.all)),
        ),
        load: (ids) => this.load(ids),
      },
      { after, limit, match: filter.optedOut === false ? (c) => !c.optedOut : undefined },
    );
  }

  /** The contacts of `phones`, in order: one HMGET per partition they fall in. */
  private async load(phones: string[]): Promise<(Contact | undefined)[]> {
    const byPart = new Map<number, string[]>();
    for (const phone of phones) {
      const p = this.keys.partitionOf(phone);
      byPart.set(p, [...(byPart.get(p) ?? []), phone]);
    }
    const found = new Map<string, string | null>();
    await Promise.all(
      [...byPart].map(async ([p, ids]) => {
        const vals = await this.redis.hmget(this.keys.contacts(p).hash, ...ids);
        for (const [i, id] of ids.entries()) found.set(id, vals[i] ?? null);
      }),
    );
    return phones.map((phone) => {
      const s = found.get(phone);
      return s == null ? undefined : parse<Contact>(s);
    });
  }
}
