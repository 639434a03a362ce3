import { SmsfleetError } from '../../errors';
import type { ShortLink } from '../../schemas';
import type { RedisKeys } from '../redis/keys';
import { uniqueToken } from '../redis/unique-token';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { deepFreeze } from './frozen';
import { hitPartition } from './hits';

/** One visit waiting for its partition's batch. */
interface Visit {
  code: string;
  hit: { bot: boolean; visitor: string; at: number };
  resolve(link: ShortLink | undefined): void;
  reject(err: unknown): void;
}

/** Most visits one script call logs (bounds the script's arguments and how long it holds Redis). */
const MAX_BATCH = 256;
/** How many resolved links are kept (links never change once made: the copy only spares the transfer). */
const LINK_CACHE = 10_000;
/**
 * How long a batch's marker is kept: past any resend of its call (ioredis resends over at most a few reconnects, a
 * Cluster within its redirection limit, seconds in all). One small key per batch, not per click.
 */
const MARKER_MS = 60_000;

/**
 * The Redis redirect's store step, batched: the visits of one event-loop turn are logged by one script call on a single
 * node (on Cluster one per hit partition: one slot, the log and the links' copies share the partition's hash tag), so
 * a busy hub pays one command per turn instead of one per click (per partition, a turn's few visits were about one
 * call each). Each visit resolves only once the script that logged it returned, and a failed call fails every visit of
 * its batch: no visit is ever answered as logged when it was not. Links already resolved are not sent back (a 1
 * confirms the hit), so a click transfers no link JSON. Each call carries a marker of its own, so a call the client
 * resends after a dropped connection logs its hits once (see link-visits-n.lua).
 */
export class VisitBatcher {
  private readonly pending = new Map<number, Visit[]>();
  private scheduled = false;
  private readonly links = new Map<string, ShortLink>();
  /** One batch per turn on a single node; per partition (slot) on Cluster. */
  private readonly perPartition: boolean;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    // Anything not known to be a single node is batched per slot (a cross-slot call fails on Cluster).
    this.perPartition = redis.isCluster !== false;
  }

  /** Log `hit` on `code` with the other visits of this turn; the link, or undefined when the partition has no copy. */
  visit(code: string, hit: { bot: boolean; visitor: string; at: number }): Promise<ShortLink | undefined> {
    return new Promise((resolve, reject) => {
      const p = this.perPartition ? hitPartition(code) : 0;
      const q = this.pending.get(p);
      if (q) q.push({ code, hit, resolve, reject });
      else this.pending.set(p, [{ code, hit, resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        // After the poll phase: every request read in this turn has joined by then.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [, visits] of batches)
      for (let i = 0; i < visits.length; i += MAX_BATCH) void this.run(visits.slice(i, i + MAX_BATCH));
  }

  private async run(visits: Visit[]): Promise<void> {
    // The marker in the first visit's partition: on Cluster, the slot of the whole batch.
    const keys = [this.keys.hitLog(hitPartition(visits[0]!.code)).batch(uniqueToken())];
    const args: string[] = [String(MARKER_MS)];
    const copies: string[] = [];
    for (const v of visits) {
      const log = this.keys.hitLog(hitPartition(v.code));
      const copy = log.target(v.code);
      keys.push(log.stream, copy);
      copies.push(copy);
      args.push(v.code, v.hit.bot ? '1' : '0', v.hit.visitor, String(v.hit.at), this.links.has(v.code) ? '0' : '1');
    }
    let replies: (string | number | null)[];
    try {
      replies = (await SCRIPTS.linkVisits.run(this.redis, keys, args)) as (string | number | null)[];
    } catch (err) {
      for (const v of visits) v.reject(err);
      return;
    }
    for (let i = 0; i < visits.length; i++) this.settle(visits[i]!, replies[i], copies[i]!);
  }

  /**
   * Settle `v` from its reply: the link JSON, 1 (logged, link known), null (no copy, nothing logged) or 0 (its copy
   * could not be read, nothing logged: the visit fails).
   */
  private settle(v: Visit, r: string | number | null | undefined, copy: string): void {
    if (r === 0) {
      v.reject(new SmsfleetError('SMSFLEET_ERR_STORE', `Redis failed: the redirect's copy ${copy} is not a string`));
    } else if (r === null || r === undefined) {
      v.resolve(undefined);
    } else if (typeof r === 'string') {
      const link = deepFreeze(JSON.parse(r) as ShortLink);
      if (this.links.size >= LINK_CACHE) this.links.clear();
      this.links.set(v.code, link);
      v.resolve(link);
    } else {
      const link = this.links.get(v.code);
      // Logged with the link known: a cache cleared meanwhile reads the copy (the hit is logged already, once).
      if (link) v.resolve(link);
      else this.redis.get(copy).then((d) => v.resolve(d === null ? undefined : deepFreeze(JSON.parse(d))), v.reject);
    }
  }
}
