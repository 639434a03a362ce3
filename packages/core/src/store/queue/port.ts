/** A job in a {@link JobQueue}. */
export interface Job<P = unknown> {
  id: string;
  /** Epoch ms before which the job is not handed out. */
  dueAt: number;
  /** -128..127; among due jobs, higher priority first, then earlier dueAt. */
  priority: number;
  payload: P;
  /** How many times it was claimed before (0 on the first claim). */
  attempts: number;
}

/**
 * Durable delayed-job queues shared by every hub on one store: sends, retries, webhook deliveries,
 * status timeouts. A claimed job is leased; if it is neither acked nor rescheduled before the lease ends,
 * it becomes due again (a crashed hub loses nothing).
 *
 * Ordering bound. The memory store hands out due jobs in exact order: higher priority first, then earlier dueAt.
 * The Redis store splits each queue into partitions (a job in the partition of its id, see redis/keys.ts) and is
 * exact within a partition, and exact across the queue for a claim whose limit covers every due job. Otherwise a
 * claim takes the best due jobs of each partition it visits (those with the earliest due work first, the limit split
 * evenly over up to `limit` of them; with limit >= the partition count, every partition's best due job), sorted; so
 * a job may be passed over by lower-ranked jobs of other partitions, within one batch. A job enqueued or rescheduled
 * while a claim of its partition is in flight is claimable at its due time all the same (the due board keeps its
 * news, see queue/redis-board.ts); only a writer stalled for more than 10 s between its two steps may see its job
 * claimed up to 10 s (the board's horizon) late.
 */
export interface JobQueue {
  /** Add or replace (by id) a job; a replaced job loses its lease and starts again at 0 attempts. */
  enqueue<P>(queue: string, job: { id: string; dueAt: number; priority?: number; payload: P }): Promise<void>;
  /**
   * Add a job unless one with this id is waiting or leased (atomic): repairs a missing job without resetting the
   * lease of one a worker holds. True if it was added.
   */
  enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean>;
  /**
   * {@link enqueueIfAbsent}, the job already claimed at `now` (its `dueAt` no later) for `leaseMs`, as {@link claim}
   * would lease it: the job as claimed (attempts 0), or undefined when one with this id is waiting or leased (then
   * nothing changes). Lets a process with a free worker hand it new work without a claim's round trip; a crash before
   * the ack returns the job after its lease, as for a claimed one. Nothing is announced: nothing is due before then.
   */
  enqueueClaimedIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
    now: number,
    leaseMs: number,
  ): Promise<Job<P> | undefined>;
  /**
   * Atomically take up to `limit` due jobs, highest priority first (within the ordering bound above), leased for
   * `leaseMs`; the batch is sorted. Atomic per job: no job is handed to two claims.
   */
  claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]>;
  /** Done: forget the job. */
  ack(queue: string, id: string): Promise<void>;
  /**
   * Put a claimed job back, due at `dueAt`, optionally with a new payload (attempts are kept). No-op for an unknown id.
   */
  reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void>;
  /** Remove a job whether claimed or not; true if it existed. */
  remove(queue: string, id: string): Promise<boolean>;
  /** Jobs waiting or leased. */
  size(queue: string): Promise<number>;
  /**
   * Earliest time a job becomes claimable (a waiting job's dueAt or a lease's end), for sleeping until then; undefined
   * means no job is waiting or leased. The Redis store may answer earlier, never later (its due board is a lower bound
   * until a claim looks at a partition again). Right after a claim of the queue (once), the Redis store answers from
   * what that claim saw, lowered by its own writes since, without a round trip: a job another hub added in between is
   * not in it (the worker loops, who ask right after their round's claim, hear of such a job by its wake-up).
   */
  nextDueAt(queue: string): Promise<number | undefined>;
}
