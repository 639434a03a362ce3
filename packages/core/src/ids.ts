import { hash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

const ALPHABET_BYTES = Buffer.from(ALPHABET, 'latin1');

// Random bytes are drawn 4 KiB at a time: one `randomBytes` call per id was a system call per id, about 8% of
// the gateway-ingress CPU profile. The pool is never reused: each byte goes into one id only.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolAt = 0;

/**
 * Ids are written into one scratch buffer and read out as a single flat string: built a character at a time, an id
 * was a chain of 26 small strings (about 1 KB of garbage, and flattened again wherever it became a map key).
 */
const scratch = Buffer.alloc(128);

function writeTime(ms: number, at: number): void {
  for (let i = 9; i >= 0; i--) {
    scratch[at + i] = ALPHABET_BYTES[ms % 32]!;
    ms = Math.floor(ms / 32);
  }
}

function writeRandom(bytes: number, at: number): void {
  if (poolAt + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  for (let i = 0; i < bytes; i++) scratch[at + i] = ALPHABET_BYTES[pool[poolAt + i]! & 31]!;
  poolAt += bytes;
}

/** Known id prefixes. */
export type IdPrefix = 'msg' | 'evt' | 'in' | 'sub' | 'dlv' | 'key' | 'dev' | 'lnk' | 'job' | 'tpl' | 'med';

/**
 * A new id: `<prefix>_` + 10 chars of time (ms, base32) + 16 random chars (80 bits).
 * Ids of one prefix sort by creation time, which cursor pagination relies on.
 */
export function newId(prefix: IdPrefix, now: Date = new Date()): string {
  let at = scratch.write(prefix, 0, 'latin1');
  scratch[at++] = 0x5f; // _
  writeTime(now.getTime(), at);
  writeRandom(16, at + 10);
  return scratch.toString('latin1', 0, at + 26);
}

/**
 * A deterministic id: `<prefix>_` + 26 chars derived from `key` (SHA-256, 130 bits). The same key gives the same id,
 * so a retried step (a gateway's webhook sent again) makes the same record or event rather than a second one. With
 * `at`, the first 10 chars are its time as in {@link newId} (sorting with those ids) and 16 come from the key: only
 * for callers whose `at` is itself fixed for the key.
 */
export function stableId(prefix: IdPrefix, key: string, at?: Date): string {
  // One-shot hashing: a Hash object per id (createHash/update/digest) was most of the cost of an event id. As a
  // 'binary' (latin1) string, one char per byte: a Buffer digest cost about three times as much as the hash.
  const h = hash('sha256', key, 'binary');
  let p = scratch.write(prefix, 0, 'latin1');
  scratch[p++] = 0x5f; // _
  let from = 0;
  if (at) {
    writeTime(Math.max(0, at.getTime()), p);
    from = 10;
  }
  for (let i = from; i < 26; i++) scratch[p + i] = ALPHABET_BYTES[h.charCodeAt(i) & 31]!;
  return scratch.toString('latin1', 0, p + 26);
}

/** The creation time encoded in an id made by {@link newId}, or undefined if it is not one. */
export function idTime(id: string): Date | undefined {
  const m = /^[a-z]+_([0-9a-hjkmnp-tv-z]{10})[0-9a-hjkmnp-tv-z]{16}$/.exec(id);
  if (!m) return undefined;
  let ms = 0;
  for (const c of m[1]!) ms = ms * 32 + ALPHABET.indexOf(c);
  return new Date(ms);
}
