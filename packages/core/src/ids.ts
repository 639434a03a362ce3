import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32]! + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: number): string {
  const b = randomBytes(bytes);
  let out = '';
  for (const x of b) out += ALPHABET[x & 31];
  return out;
}

/** Known id prefixes. */
export type IdPrefix = 'msg' | 'evt' | 'in' | 'sub' | 'dlv' | 'key' | 'dev' | 'lnk' | 'job';

/**
 * A new id: `<prefix>_` + 10 chars of time (ms, base32) + 16 random chars (80 bits).
 * Ids of one prefix sort by creation time, which cursor pagination relies on.
 */
export function newId(prefix: IdPrefix, now: Date = new Date()): string {
  return `${prefix}_${encodeTime(now.getTime())}${encodeRandom(16)}`;
}

/** The creation time encoded in an id made by {@link newId}, or undefined if it is not one. */
export function idTime(id: string): Date | undefined {
  const m = /^[a-z]+_([0-9a-hjkmnp-tv-z]{10})[0-9a-hjkmnp-tv-z]{16}$/.exec(id);
  if (!m) return undefined;
  let ms = 0;
  for (const c of m[1]!) ms = ms * 32 + ALPHABET.indexOf(c);
  return new Date(ms);
}
