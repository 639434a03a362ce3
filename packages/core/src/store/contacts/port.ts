import type { Contact } from '../../schemas';
import type { Page, PageArgs, UpdateResult } from '../port';

/** Contacts and their consent, keyed by E.164 number. */
export interface ContactRepo {
  get(phone: string): Promise<Contact | undefined>;
  /** Atomic read-modify-write; `fn` gets undefined for a contact never seen. Return null for no change. */
  upsert(phone: string, fn: (c: Contact | undefined) => Contact | null): Promise<UpdateResult<Contact | undefined>>;
  /** Contacts in phone order; `optedOut: true` only opted-out ones (for consent export), `false` only the others. */
  list(filter: { optedOut?: boolean }, page?: PageArgs): Promise<Page<Contact>>;
}
