import { requireKey } from '../shared/args';

/** A contact's key: an E.164 number as given, 1-32 characters (the record itself is checked by its schema). */
export function checkPhone(phone: unknown): string {
  return requireKey(phone, 'phone', 32);
}
