import type { Job, JobQueue } from './port';
import { checkClaim, checkJob, checkQueue, checkReschedule } from './args';
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
 * stay 1.
 */
export class RedisQueues implements JobQueue {
  private readonly board: DueBoard;

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
    await QUEUE_SCRIPTS.enqueue.run(this.redis, partitionKeys(this.keys, j.queue, p), [
      j.id,
      j.priority,
      j.dueAt,
      j.payload,
      this.counted,
    ]);
  }

  async enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean> {
    const j = checkJob(queue, job);
    const p = await this.part(j.id);
    if (this.partitioned) await this.board.lower(j.queue, p, j.dueAt); // early if not added: harmless
    const args = [j.id, j.priority, j.dueAt, j.payload, this.counted];
    return (await QUEUE_SCRIPTS.enqueueIfAbsent.run(this.redis, partitionKeys(this.keys, j.queue, p), args)) === 1;
  }

  async claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]> {
    const q = checkClaim(queue, now, limit, leaseMs);
    await this.layout.ensure();
    if (this.partitioned) return this.board.claim<P>(q, now, limit, leaseMs);
    return (await claimPartition<P>(this.redis, this.keys, q, 0, now, limit, leaseMs)).jobs;
  }

  async ack(queue: string, id: string): Promise<void> {
    await this.remove(queue, id);
  }

  async reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void> {
    const r = checkReschedule(queue, dueAt, payload);
    const p = await this.part(id);
    if (this.partitioned) await this.board.lower(r.queue, p, dueAt);
    const args =
      r.payload === undefined ? [id, dueAt, '0', '', this.counted] : [id, dueAt, '1', r.payload, this.counted];
    await QUEUE_SCRIPTS.reschedule.run(this.redis, partitionKeys(this.keys, r.queue, p), args);
  }

  async remove(queue: string, id: string): Promise<boolean> {
    const q = checkQueue(queue);
    const keys = partitionKeys(this.keys, q, await this.part(id));
    // The board keeps the partition's entry: early at worst, and the next claim there corrects it.
    return (await QUEUE_SCRIPTS.remove.run(this.redis, keys, [id])) === 1;
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
    if (this.partitioned) return this.board.nextDueAt(q);
    const r = (await QUEUE_SCRIPTS.nextDueAt.run(this.redis, partitionKeys(this.keys, q, 0), [])) as string | null;
    return r === null ? undefined : Number(r);
  }
}
