import { checkPhone } from './args';
import type { Contact } from '../../schemas';
import type { ContactRepo } from '../contacts/port';
import type { Page, PageArgs, UpdateResult } from '../port';
import { pageLimit } from '../shared/args';
import { decodeCursor } from '../shared/cursor';
import { check, keepId } from '../shared/records';
import { scanPage } from '../shared/scan';
import { parse } from '../memory/rmw';
import { SortedIndex } from '../memory/sorted-index';

/** In-memory {@link ContactRepo}: records by phone and two lexical indexes (all, opted out). */
export class MemoryContacts implements ContactRepo {
  private readonly map = new Map<string, string>();
  private readonly all = new SortedIndex();
  private readonly out = new SortedIndex();
  async get(phone: string): Promise<Contact | undefined> {
    const s = this.map.get(phone);
    return s === undefined ? undefined : parse<Contact>(s);
  }
  async upsert(
    phone: string,
    fn: (c: Contact | undefined) => Contact | null,
  ): Promise<UpdateResult<Contact | undefined>> {
    checkPhone(phone);
    const cur = this.map.get(phone);
    const next = fn(cur === undefined ? undefined : parse<Contact>(cur));
    if (next === null) return { value: cur === undefined ? undefined : parse<Contact>(cur), changed: false };
    const c = keepId(check.contact(next), 'phone', phone);
    const json = JSON.stringify(c);
    this.map.set(phone, json);
    this.all.insert(0, phone);
    if (c.optedOut) this.out.insert(0, phone);
    else this.out.remove(0, phone);
    return { value: parse<Contact>(json), changed: true };
  }
  async list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>> {
    const limit = pageLimit(page);
    const after = decodeCursor(page?.cursor);
    const index = filter.optedOut === true ? this.out : this.all;
    return scanPage<Contact>(
      {
        next: async (a, n) => index.page(a, n, -Infinity, Infinity, false),
        load: async (ids) =>
          ids.map((p) => {
            const s = this.map.get(p);
            return s === undefined ? undefined : parse<Contact>(s);
          }),
      },
      { after, limit, match: filter.optedOut === false ? (c) => !c.optedOut : undefined },
    );
  }
}
