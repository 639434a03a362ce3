import type { UpdateResult } from '../port';
import { MAX_CAS_RETRIES } from '../shared/constants';
import { keepId } from '../shared/records';
import { casExhausted } from './cas';
import type { RedisClient } from './lua';
import { SCRIPTS } from './scripts';

/** A JSON record parsed back. */
export const parse = <T>(s: string): T => JSON.parse(s) as T;
/** Order records by id (the `list` order of id-keyed repositories). */
export const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Read-modify-write of one JSON field of a hash: read, apply `fn`, compare-and-set in Lua, retry on conflict. */
export async function hashUpdate<T>(
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
