import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * For tests that count the commands a Redis runs: a private redis-server, since `INFO commandstats` is server-wide and
 * other test files share `REDIS_URL`. (MONITOR on the shared server was tried: under the hub suite's load it could
 * miss its end marker, and the connection it left kept jest from exiting.)
 */
export interface PrivateRedis {
  /** A connection to the private server. */
  conn: Redis;
  url: string;
  /** Forget the counts so far (CONFIG RESETSTAT), e.g. after a warm-up that loaded the scripts. */
  reset(): Promise<void>;
  /**
   * Calls per command since the last {@link reset}, the commands scripts ran included (EVALSHA itself too), the
   * counting's own INFO and CONFIG left out.
   */
  counts(): Promise<Record<string, number>>;
  stop(): void;
}

/** Start a private redis-server on a free loopback port (the repository's scripts/redis-server.cjs). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const script = require(join(__dirname, '../../../../../scripts/redis-server.cjs')) as {
    startRedis(): Promise<{ url: string; stop(): void }>;
  };
  const server = await script.startRedis();
  const conn = new Redis(server.url);
  return {
    conn,
    url: server.url,
    reset: async () => {
      await conn.config('RESETSTAT');
    },
    counts: async () => {
      const out: Record<string, number> = {};
      for (const m of String(await conn.info('commandstats')).matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm))
        if (m[1] !== 'info' && !m[1]!.startsWith('config')) out[m[1]!] = Number(m[2]); // the counting's own
      return out;
    },
    stop: () => {
      conn.disconnect();
      server.stop();
    },
  };
}

/** `counts` as a sorted list of command names, one per call, leaving out `except` (e.g. the calls of the test). */
export function callList(counts: Record<string, number>, except: string[] = []): string[] {
  const out: string[] = [];
  for (const [name, n] of Object.entries(counts))
    if (!except.includes(name)) for (let i = 0; i < n; i++) out.push(name);
  return out.sort();
}
