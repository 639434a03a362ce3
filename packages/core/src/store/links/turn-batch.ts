import type { LuaScript, RedisClient } from '../redis/lua';

/** One call waiting for its turn's script call. */
interface Call<R> {
  keys: string[];
  args: string[];
  resolve(reply: R): void;
  reject(err: unknown): void;
}

/**
 * Runs the calls of a per-item script (keys and arguments per item, one reply per item, see count-hits-n.lua) made in
 * one event-loop turn as one call on a single node: the hit counter counts and marks the links of a batch side by
 * side, and one script call per link cost a command's encoding, reply and promise each (most of a click's counting
 * cost when clicks spread over many links). On Cluster (or a connection not known to be one node) each call is its
 * own script call: every link hash is its own slot. A failed call fails every item of it; the scripts are idempotent
 * per item (hits counted by id, marks never moving back), so a retried or resent call changes nothing twice.
 */
export class TurnBatcher<R> {
  private pending: Call<R>[] = [];
  private readonly batched: boolean;

  constructor(
    private readonly redis: RedisClient,
    private readonly script: LuaScript,
    /** Most items one call carries (bounds its arguments and how long it holds Redis). */
    private readonly max: number,
  ) {
    this.batched = redis.isCluster === false;
  }

  /** Run the script for one item (`keys`, `args`) with the other items of this turn; resolves with its reply. */
  run(keys: string[], args: string[]): Promise<R> {
    if (!this.batched) return this.script.run(this.redis, keys, args).then((r) => (r as R[])[0]!);
    return new Promise((resolve, reject) => {
      this.pending.push({ keys, args, resolve, reject });
      // After the poll phase: every call made in this turn (a slice's links, a reply batch's marks) has joined.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const calls = this.pending;
    this.pending = [];
    for (let i = 0; i < calls.length; i += this.max) void this.send(calls.slice(i, i + this.max));
  }

  private async send(calls: Call<R>[]): Promise<void> {
    const keys: string[] = [];
    const args: string[] = [];
    for (const c of calls) {
      for (const k of c.keys) keys.push(k);
      for (const a of c.args) args.push(a);
    }
    let replies: R[];
    try {
      replies = (await this.script.run(this.redis, keys, args)) as R[];
    } catch (err) {
      for (const c of calls) c.reject(err);
      return;
    }
    for (let i = 0; i < calls.length; i++) calls[i]!.resolve(replies[i]!);
  }
}
