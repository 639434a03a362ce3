import type { Job, JobQueue } from './port';
import { MAX_PROMOTE_PER_CLAIM } from '../shared/constants';
import { readyScore } from './ready-score';
import { checkClaim, checkClaimedJob, checkJob, checkQueue, checkReschedule } from './args';
import { ZSet } from '../memory/zset';

interface Meta {
  priority: number;
  dueAt: number;
  attempts: number;
  payload: string;
}

/** One queue: the same four sets as the Redis layout (delayed, ready, ready-by-due, leased). */
class Queue {
  readonly jobs = new Map<string, Meta>();
  readonly delayed = new ZSet();
  readonly ready = new ZSet();
  readonly readyDue = new ZSet();
  readonly leased = new ZSet();

  unplace(id: string): void {
    this.delayed.remove(id);
    this.ready.remove(id);
    this.readyDue.remove(id);
    this.leased.remove(id);
  }

  makeReady(id: string, meta: Meta, dueAt: number): void {
    meta.dueAt = dueAt;
    this.ready.add(id, readyScore(meta.priority, dueAt));
    this.readyDue.add(id, dueAt);
  }
}

/** The order of two ready jobs of `q`: by their ready score, then by id, as in the sorted sets. */
function readyOrder(q: Queue, a: string, b: string): number {
  const ma = q.jobs.get(a)!;
  const mb = q.jobs.get(b)!;
  return readyScore(ma.priority, ma.dueAt) - readyScore(mb.priority, mb.dueAt) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The earlier of two optional times. */
const earliest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined || a <= b ? a : b;

/** Lease ready job `id` (in none of the ready sets) of `q` until `until`, and hand out a copy of it. */
function lease<P>(q: Queue, id: string, until: number): Job<P> {
  const meta = q.jobs.get(id)!;
  q.leased.add(id, until);
  const job: Job<P> = {
    id,
    dueAt: meta.dueAt,
    priority: meta.priority,
    payload: JSON.parse(meta.payload) as P,
    attempts: meta.attempts,
  };
  meta.attempts++;
  return job;
}

/** The in-memory {@link JobQueue}; every call runs without yielding, so it is atomic like the Lua scripts. */
export class MemoryQueues implements JobQueue {
  private readonly queues = new Map<string, Queue>();

  private q(name: string, create: boolean): Queue | undefined {
    checkQueue(name);
    let q = this.queues.get(name);
    if (!q && create) {
      q = new Queue();
      this.queues.set(name, q);
    }
    return q;
  }

  private dropIfEmpty(name: string, q: Queue): void {
    if (q.jobs.size === 0) this.queues.delete(name);
  }

  async enqueue<P>(queue: string, job: { id: string; dueAt: number; priority?: number; payload: P }): Promise<void> {
    this.put(checkJob(queue, job));
  }

  async enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean> {
    const j = checkJob(queue, job); // checked as enqueue checks them, whatever the outcome
    const q = this.q(j.queue, true)!;
    if (q.jobs.has(j.id)) return false;
    this.place(q, j);
    return true;
  }

  async enqueueClaimedIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
    now: number,
    leaseMs: number,
  ): Promise<Job<P> | undefined> {
    const j = checkClaimedJob(queue, job, now, leaseMs);
    const q = this.q(j.queue, true)!;
    if (q.jobs.has(j.id)) return undefined;
    q.jobs.set(j.id, { priority: j.priority, dueAt: j.dueAt, attempts: 0, payload: j.payload });
    return lease<P>(q, j.id, j.leaseEnd);
  }

  private put(j: ReturnType<typeof checkJob>): void {
    const q = this.q(j.queue, true)!;
    if (q.jobs.has(j.id)) q.unplace(j.id); // a new job is in none of the sets
    this.place(q, j);
  }

  /** Store job `j`, which is in none of `q`'s sets, as delayed until its due time. */
  private place(q: Queue, j: ReturnType<typeof checkJob>): void {
    q.jobs.set(j.id, { priority: j.priority, dueAt: j.dueAt, attempts: 0, payload: j.payload });
    q.delayed.add(j.id, j.dueAt);
  }

  async claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]> {
    checkClaim(queue, now, limit, leaseMs);
    const q = this.q(queue, false);
    if (!q) return [];
    for (const { id, score } of q.leased.upTo(now, MAX_PROMOTE_PER_CLAIM)) {
      q.leased.remove(id);
      q.makeReady(id, q.jobs.get(id)!, score);
    }
    const due = q.delayed.upTo(now, MAX_PROMOTE_PER_CLAIM);
    if (q.ready.size === 0 && due.length <= limit) {
      // Every job that becomes ready is claimed at once (the usual case, a job claimed as soon as it is due): the same
      // jobs in the same order as through the ready sets, without adding each to them and taking it out again.
      const ids: string[] = [];
      for (const { id, score } of due) {
        q.delayed.remove(id);
        q.jobs.get(id)!.dueAt = score;
        ids.push(id);
      }
      if (ids.length > 1) ids.sort((a, b) => readyOrder(q, a, b));
      return ids.map((id) => lease<P>(q, id, now + leaseMs));
    }
    for (const { id, score } of due) {
      q.delayed.remove(id);
      q.makeReady(id, q.jobs.get(id)!, score);
    }
    return q.ready.lowest(limit).map(({ id }) => {
      q.ready.remove(id);
      q.readyDue.remove(id);
      return lease<P>(q, id, now + leaseMs);
    });
  }

  async ack(queue: string, id: string): Promise<void> {
    await this.remove(queue, id);
  }

  async reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void> {
    const encoded = checkReschedule(queue, dueAt, payload).payload;
    const q = this.q(queue, false);
    const meta = q?.jobs.get(id);
    if (!q || !meta) return;
    q.unplace(id);
    meta.dueAt = dueAt;
    if (encoded !== undefined) meta.payload = encoded;
    q.delayed.add(id, dueAt);
  }

  async remove(queue: string, id: string): Promise<boolean> {
    const q = this.q(queue, false);
    if (!q?.jobs.delete(id)) return false;
    q.unplace(id);
    this.dropIfEmpty(queue, q);
    return true;
  }

  async size(queue: string): Promise<number> {
    return this.q(queue, false)?.jobs.size ?? 0;
  }

  async nextDueAt(queue: string): Promise<number | undefined> {
    const q = this.q(queue, false);
    if (!q) return undefined;
    // Asked after every claim that left slots free: three numbers, no arrays.
    return earliest(earliest(q.delayed.firstScore(), q.readyDue.firstScore()), q.leased.firstScore());
  }
}
