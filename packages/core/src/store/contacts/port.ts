import type { Contact } from '../../schemas';
import type { Page, PageArgs, UpdateResult } from '../port';

/** Contacts and their consent, keyed by E.164 number. */
export interface ContactRepo {
  get(phone: string): Promise<Contact | undefined>;
  /**
   * Atomic read-modify-write; `fn` gets undefined for a contact never seen. Return null for no change. `known`: the
   * contact as this store last answered it (`null`: it had none), which a store may try first instead of reading; a
   * stale one costs a read and a second call of `fn`, never a wrong write (nor a skipped one: no change decided on
   * `known` alone is taken as final).
   */
  upsert(
    phone: string,
    fn: (c: Contact | undefined) => Contact | null,
    known?: Contact | null,
  ): Promise<UpdateResult<Contact | undefined>>;
  /** Contacts in phone order; `optedOut: true` only opted-out ones (for consent export), `false` only the others. */
  list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>>;
}
