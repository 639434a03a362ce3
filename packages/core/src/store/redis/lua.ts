import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Redis connection the store can use: a single node or a Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * A Lua script run by EVALSHA, loaded with EVAL on the first NOSCRIPT (per node, which also covers a
 * Cluster and a restarted Redis). Every script touches only the keys it is given, all in one hash tag.
 * The scripts are the files of `lua/`, assembled by `lua-loader.ts`; `numberOfKeys` comes from the file's name
 * (`claim-6.lua` takes 6 keys, `purge-record-n.lua` one or more) and a call with another count is a bug.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
    /** How many keys every call passes, or 'n' for one or more. */
    readonly numberOfKeys: number | 'n',
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    const n = this.numberOfKeys;
    if (n === 'n' ? keys.length === 0 : keys.length !== n) {
      throw new Error(`Lua script ${this.name} takes ${n === 'n' ? 'one or more' : n} keys, got ${keys.length}`);
    }
    const argv = args.map(String);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...argv);
    } catch (e) {
      // NOSCRIPT is the protocol's error prefix for an unknown sha (how every client detects it); the
      // connection may have wrapped the reply error as a store error, so look at its cause too.
      const reply = e instanceof Error && e.cause instanceof Error ? e.cause : e;
      if (!(reply instanceof Error) || !reply.message.startsWith('NOSCRIPT')) throw e;
      return redis.eval(this.source, keys.length, ...keys, ...argv);
    }
  }
}
