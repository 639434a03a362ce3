import { createHash, randomBytes } from 'node:crypto';
import { Redis as IORedis, type Redis } from 'ioredis';
import type { Store } from '../port';
import { createRedisStore } from './redis-store';

/**
 * Helpers for tests against a real Redis (used by this folder's tests; no jest imports, so it compiles
 * with the package).
 */

/** `REDIS_URL`, or a loud failure: the Redis tests never skip silently. */
export function requireRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) {
    throw new Error(
      'REDIS_URL is not set. The Redis store tests need a real Redis: start one ' +
        "(redis-server --port 6390 --save '' --daemonize yes) and run with REDIS_URL=redis://127.0.0.1:6390.",
    );
  }
  return url;
}

/** A fresh key prefix, so that tests never see each other's keys. */
export function randomPrefix(): string {
  return `sftest:${randomBytes(6).toString('hex')}:`;
}

/** Every key under `prefix` (SCAN, not KEYS). */
export async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    out.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

/** A command as sent, with the keys Redis Cluster would route it by. */
export interface SentCommand {
  name: string;
  keys: string[];
  /** The script's sha, for an EVALSHA. */
  sha?: string;
}

/** Record every command `redis` sends into `sink`. */
export function recordCommands(redis: Redis, sink: SentCommand[]): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    // A script's SHA1 either way: EVALSHA names it, and EVAL (a first call, or after a Redis restart) carries its body.
    const sha =
      command.name === 'evalsha'
        ? { sha: String(command.args[0]) }
        : command.name === 'eval'
          ? { sha: createHash('sha1').update(String(command.args[0])).digest('hex') }
          : {};
    sink.push({ name: command.name, keys: command.getKeys().map(String), ...sha });
    return send(command, stream);
  };
}

/** The hash tag Redis Cluster hashes `key` by, or undefined when the key has none. */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return undefined;
  return key.slice(open + 1, close);
}

/** A store on its own connection and key prefix, recording every command it sends ({@link openRecordedStore}). */
export interface RecordedStore {
  conn: Redis;
  prefix: string;
  store: Store;
  sent: SentCommand[];
}

/** A Redis store on a fresh connection to `url` and a fresh prefix, recording its commands. */
export function openRecordedStore(url: string): RecordedStore {
  const prefix = randomPrefix();
  const conn = new IORedis(url);
  const sent: SentCommand[] = [];
  recordCommands(conn, sent);
  return { conn, prefix, sent, store: createRedisStore({ redis: conn, prefix }) };
}

/** Close a {@link openRecordedStore} store's connection and delete its keys (through `admin`). */
export async function closeRecordedStore(admin: Redis, r: Pick<RecordedStore, 'conn' | 'prefix'>): Promise<void> {
  await r.conn.quit();
  const left = await scanKeys(admin, r.prefix);
  if (left.length) await admin.del(...left);
}
