/**
 * `v` with every object in it frozen, returned: the stores hand the redirect one shared copy of a link (links never
 * change once made), which no caller can then change under the others.
 */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
