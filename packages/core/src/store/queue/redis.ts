import type { Job, JobQueue } from './port';
import { MAX_PROMOTE_PER_CLAIM } from '../shared/constants';
import { checkClaim, checkJob, checkQueue, checkReschedule } from './args';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { QUEUE_SCRIPTS } from '../redis/scripts';

/** The Redis {@link JobQueue}: every call is one Lua script on the queue's six keys (one hash tag). */
export class RedisQueues implements JobQueue {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private k(queue: string): string[] {
    const q = this.keys.queue(queue);
    return [q.meta, q.payload, q.delayed, q.ready, q.readyDue, q.leased];
  }

  async enqueue<P>(queue: string, job: { id: string; dueAt: number; priority?: number; payload: P }): Promise<void> {
    const j = checkJob(queue, job);
    await QUEUE_SCRIPTS.enqueue.run(this.redis, this.k(j.queue), [j.id, j.priority, j.dueAt, j.payload]);
  }

  async enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean> {
    const j = checkJob(queue, job);
    const args = [j.id, j.priority, j.dueAt, j.payload];
    return (await QUEUE_SCRIPTS.enqueueIfAbsent.run(this.redis, this.k(j.queue), args)) === 1;
  }

  async claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]> {
    const keys = this.k(checkClaim(queue, now, limit, leaseMs));
    const args = [now, limit, leaseMs, MAX_PROMOTE_PER_CLAIM];
    const flat = (await QUEUE_SCRIPTS.claim.run(this.redis, keys, args)) as string[];
    const jobs: Job<P>[] = [];
    for (let i = 0; i < flat.length; i += 5) {
      jobs.push({
        id: flat[i]!,
        payload: JSON.parse(flat[i + 1]!) as P,
        priority: Number(flat[i + 2]),
        dueAt: Number(flat[i + 3]),
        attempts: Number(flat[i + 4]),
      });
    }
    return jobs;
  }

  async ack(queue: string, id: string): Promise<void> {
    await this.remove(queue, id);
  }

  async reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void> {
    const r = checkReschedule(queue, dueAt, payload);
    const args = r.payload === undefined ? [id, dueAt, '0', ''] : [id, dueAt, '1', r.payload];
    await QUEUE_SCRIPTS.reschedule.run(this.redis, this.k(r.queue), args);
  }

  async remove(queue: string, id: string): Promise<boolean> {
    return (await QUEUE_SCRIPTS.remove.run(this.redis, this.k(checkQueue(queue)), [id])) === 1;
  }

  async size(queue: string): Promise<number> {
    return this.redis.hlen(this.keys.queue(checkQueue(queue)).meta);
  }

  async nextDueAt(queue: string): Promise<number | undefined> {
    const r = (await QUEUE_SCRIPTS.nextDueAt.run(this.redis, this.k(checkQueue(queue)), [])) as string | null;
    return r === null ? undefined : Number(r);
  }
}
