import type { Job, JobQueue } from './port';
import { checkClaim, checkClaimedJob, checkJob, checkQueue, checkReschedule } from './args';
import { DueBoard } from './redis-board';
import { claimPartition, partitionKeys } from './redis-partition';
import type { RedisKeys } from '../redis/keys';
import type { StoreLayout } from '../redis/layout';
import type { RedisClient } from '../redis/lua';
import { QUEUE_SCRIPTS } from '../redis/scripts';

/**
 * The Redis {@link JobQueue}. A queue is split into the store's partitions (keys.ts): a job lives in the partition of
 * its id, and every call on one job is one Lua script on that partition's six keys (one hash tag). With more than
 * one partition a due board (queue/redis-board.ts) says which partitions may have due work: enqueue and reschedule
 * announce themselves on it first (2 round trips instead of 1), an idle claim reads only it (1), a busy claim reads
 * it, claims from the due partitions in parallel and writes it back (2 + one per visited partition). ack and remove
 * stay 1, and so does nextDueAt, or 0 right after a claim (answered from what the claim saw, on any partition count).
 */
export class RedisQueues implements JobQueue {
  private readonly board: DueBoard;
  /**
   * Per queue, the earliest claimable time its last claim through this store saw (with partitions, the due board's
   * earliest time after the claim), lowered by
   * this store's enqueues and reschedules since: the next {@link nextDueAt} answers from it without a round trip
   * (once). A worker loop asks right after its round's claim; work another hub adds in between is announced by its
   * wake-up, or due after the loop's next look (queue/wakes.ts).
   */
  private readonly claimed = new Map<string, number | undefined>();
  /** Per queue, the claims in flight, each with the earliest due time written meanwhile (it may land after it). */
  private readonly inFlight = new Map<string, Set<{ low: number }>>();
  /** Per queue, the writes in flight with their due times (one sent before a claim may still land after it). */
  private readonly writes = new Map<string, Set<{ at: number }>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly layout: StoreLayout,
  ) {
    this.board = new DueBoard(redis, keys);
  }

  private get partitioned(): boolean {
    return this.keys.partitions > 1;
  }

  /** `'1'` when partition writes count themselves for the due board (see redis-board.ts), else `'0'`. */
  private get counted(): string {
    return this.partitioned ? '1' : '0';
  }

  /** The partition of job `id`, after the store's layout check. */
  private async part(id: string): Promise<number> {
    await this.layout.ensure();
    return this.keys.partitionOf(id);
  }

  async enqueue<P>(queue: string, job: { id: string; dueAt: number; priority?: number; payload: P }): Promise<void> {
    const j = checkJob(queue, job);
    const p = await this.part(j.id);
    if (this.partitioned) await this.board.lower(j.queue, p, j.dueAt);
    this.lower(j.queue, j.dueAt);
    await this.writing(j.queue, j.dueAt, () =>
      QUEUE_SCRIPTS.enqueue.run(this.redis, partitionKeys(this.keys, j.queue, p), [
        j.id,
        j.priority,
        j.dueAt,
        j.payload,
        this.counted,
      ]),
    );
  }

  async enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean> {
    const j = checkJob(queue, job);
    const p = await this.part(j.id);
    if (this.partitioned) await this.board.lower(j.queue, p, j.dueAt); // early if not added: harmless
    const args = [j.id, j.priority, j.dueAt, j.payload, this.counted];
    this.lower(j.queue, j.dueAt);
    const keys = partitionKeys(this.keys, j.queue, p);
    return (
      (await this.writing(j.queue, j.dueAt, () => QUEUE_SCRIPTS.enqueueIfAbsent.run(this.redis, keys, args))) === 1
    );
  }

  async enqueueClaimedIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
    now: number,
    leaseMs: number,
  ): Promise<Job<P> | undefined> {
    const j = checkClaimedJob(queue, job, now, leaseMs);
    const p = await this.part(j.id);
    // Claimable again at the lease's end (should the claimer not finish it): the board's entry no later than that.
    if (this.partitioned) await this.board.lower(j.queue, p, j.leaseEnd);
    const args = [j.id, j.priority, j.dueAt, j.payload, this.counted, j.leaseEnd];
    this.lower(j.queue, j.leaseEnd);
    const keys = partitionKeys(this.keys, j.queue, p);
    const added = await this.writing(j.queue, j.leaseEnd, () =>
      QUEUE_SCRIPTS.enqueueClaimedIfAbsent.run(this.redis, keys, args),
    );
    if (added !== 1) return undefined;
    // A copy, as a claim hands out (parsed from the JSON stored).
    const payload = JSON.parse(j.payload) as P;
    return { id: j.id, dueAt: j.dueAt, priority: j.priority, payload, attempts: 0 };
  }

  async claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]> {
    const q = checkClaim(queue, now, limit, leaseMs);
    await this.layout.ensure();
    this.claimed.delete(q); // a claim that fails tells nothing
    const mine = { low: Infinity };
    let set = this.inFlight.get(q);
    if (!set) this.inFlight.set(q, (set = new Set()));
    set.add(mine);
    try {
      const r = this.partitioned
        ? await this.board.claim<P>(q, now, limit, leaseMs)
        : await claimPartition<P>(this.redis, this.keys, q, 0, now, limit, leaseMs);
      let next = Math.min(r.next ?? Infinity, mine.low);
      for (const w of this.writes.get(q) ?? []) next = Math.min(next, w.at);
      this.claimed.set(q, next === Infinity ? undefined : next);
      return r.jobs;
    } finally {
      set.delete(mine);
      if (set.size === 0) this.inFlight.delete(q);
    }
  }

  async ack(queue: string, id: string): Promise<void> {
    await this.remove(queue, id);
  }

  async reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void> {
    const r = checkReschedule(queue, dueAt, payload);
    const p = await this.part(id);
    if (this.partitioned) await this.board.lower(r.queue, p, dueAt);
    this.lower(r.queue, dueAt);
    const args =
      r.payload === undefined ? [id, dueAt, '0', '', this.counted] : [id, dueAt, '1', r.payload, this.counted];
    await this.writing(r.queue, dueAt, () =>
      QUEUE_SCRIPTS.reschedule.run(this.redis, partitionKeys(this.keys, r.queue, p), args),
    );
  }

  async remove(queue: string, id: string): Promise<boolean> {
    const q = checkQueue(queue);
    const keys = partitionKeys(this.keys, q, await this.part(id));
    // The board keeps the partition's entry: early at worst, and the next claim there corrects it.
    return (await QUEUE_SCRIPTS.remove.run(this.redis, keys, [id])) === 1;
  }

  /** Run a write that may make `queue` due at `at`, known as in flight until it is answered. */
  private async writing<T>(queue: string, at: number, write: () => Promise<T>): Promise<T> {
    const mine = { at };
    let set = this.writes.get(queue);
    if (!set) this.writes.set(queue, (set = new Set()));
    set.add(mine);
    try {
      return await write();
    } finally {
      set.delete(mine);
      if (set.size === 0 && this.writes.get(queue) === set) this.writes.delete(queue);
    }
  }

  /** A write may make `queue` due at `at`: the remembered claim's answer must not be later (before the write). */
  private lower(queue: string, at: number): void {
    for (const c of this.inFlight.get(queue) ?? []) c.low = Math.min(c.low, at);
    if (!this.claimed.has(queue)) return;
    const next = this.claimed.get(queue);
    if (next === undefined || at < next) this.claimed.set(queue, at);
  }

  async size(queue: string): Promise<number> {
    const q = checkQueue(queue);
    await this.layout.ensure();
    const sizes = await Promise.all(this.keys.allPartitions().map((p) => this.redis.hlen(this.keys.queue(q, p).meta)));
    return sizes.reduce((a, b) => a + b, 0);
  }

  async nextDueAt(queue: string): Promise<number | undefined> {
    const q = checkQueue(queue);
    await this.layout.ensure();
    if (this.claimed.has(q)) {
      const next = this.claimed.get(q);
      this.claimed.delete(q);
      return next;
    }
    if (this.partitioned) return this.board.nextDueAt(q);
    const r = (await QUEUE_SCRIPTS.nextDueAt.run(this.redis, partitionKeys(this.keys, q, 0), [])) as string | null;
    return r === null ? undefined : Number(r);
  }
}
