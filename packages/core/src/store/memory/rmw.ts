import type { UpdateResult } from '../port';
import { keepId } from '../shared/records';

/** A JSON record parsed back (the memory store keeps records as JSON strings, so each read is a fresh copy). */
export const parse = <T>(s: string): T => JSON.parse(s) as T;
/** Order records by id (the `list` order of id-keyed repositories). */
export const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Read-modify-write on a map of JSON records; synchronous, hence atomic. */
export function rmw<T>(
  map: Map<string, string>,
  key: string,
  fn: (v: T) => T | null,
  validate: (v: unknown) => T,
  idField: string,
): UpdateResult<T> | undefined {
  const cur = map.get(key);
  if (cur === undefined) return undefined;
  const next = fn(parse<T>(cur));
  if (next === null) return { value: parse<T>(cur), changed: false };
  const checked = keepId(validate(next) as Record<string, unknown>, idField, key) as T;
  const json = JSON.stringify(checked);
  map.set(key, json);
  return { value: parse<T>(json), changed: true };
}
