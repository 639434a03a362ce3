import type { Signals } from '../signals/port';
import type { Job, JobQueue } from './port';

/** The signal channel on which queues announce new work: `{ "<queue>": <earliest dueAt ms>, ... }` as JSON. */
export const WAKE_CHANNEL = 'queue-wake';

/**
 * How far ahead a job's due time is announced. A worker loop subscribed to wake-ups never sleeps longer than this
 * (worker-loop.ts), and looks up its queues' next due job before each sleep: a job due later than this is found by
 * that look-up before it is due, so announcing it would only wake every hub's loops for nothing.
 */
export const WAKE_HORIZON_MS = 30_000;

/** Read a wake-up message: each queue named with the earliest due time announced for it (bad entries are skipped). */
export function decodeWake(message: string): Map<string, number> {
  const out = new Map<string, number>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return out;
  for (const [q, due] of Object.entries(parsed)) if (typeof due === 'number' && Number.isFinite(due)) out.set(q, due);
  return out;
}

/**
 * A {@link JobQueue} that announces its new work on {@link WAKE_CHANNEL}: after an enqueue (an `enqueueIfAbsent` that
 * added) or a reschedule of a job due within {@link WAKE_HORIZON_MS} (of the latest `now` a claim through it was
 * given, the workers' own clock; every job until a first claim), the queue and the job's due time are published
 * (after a failed call too: a write that timed out may have landed), so an idle worker on any hub of the store wakes
 * for it (or shortens its sleep to its due time) instead of polling. The calls of one turn of the event loop go out
 * as one publish (a bulk send is one message, not one per job), after the writes they announce have been sent on the
 * same connection, so a woken worker finds the jobs. A failed publish is ignored: wake-ups are hints, and the
 * workers' safety poll finds the jobs anyway.
 */
export function wakingQueue(inner: JobQueue, signals: Pick<Signals, 'publish'>): JobQueue {
  return new WakingQueue(inner, signals);
}

class WakingQueue implements JobQueue {
  private pending: Map<string, number> | undefined;
  /** The latest `now` of a claim made through this queue: the clock the due times are on. */
  private lastNow: number | undefined;

  constructor(
    private readonly inner: JobQueue,
    private readonly signals: Pick<Signals, 'publish'>,
  ) {}

  async enqueue<P>(queue: string, job: { id: string; dueAt: number; priority?: number; payload: P }): Promise<void> {
    try {
      await this.inner.enqueue(queue, job);
    } finally {
      this.note(queue, job.dueAt); // also after a failure: a write that timed out may have landed
    }
  }

  async enqueueIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
  ): Promise<boolean> {
    let added: boolean | undefined;
    try {
      added = await this.inner.enqueueIfAbsent(queue, job);
    } finally {
      if (added !== false) this.note(queue, job.dueAt);
    }
    return added;
  }

  claim<P>(queue: string, now: number, limit: number, leaseMs: number): Promise<Job<P>[]> {
    if (this.lastNow === undefined || now > this.lastNow) this.lastNow = now;
    return this.inner.claim<P>(queue, now, limit, leaseMs);
  }

  ack(queue: string, id: string): Promise<void> {
    return this.inner.ack(queue, id);
  }

  async reschedule<P>(queue: string, id: string, dueAt: number, payload?: P): Promise<void> {
    try {
      await (payload === undefined
        ? this.inner.reschedule(queue, id, dueAt)
        : this.inner.reschedule(queue, id, dueAt, payload));
    } finally {
      this.note(queue, dueAt);
    }
  }

  remove(queue: string, id: string): Promise<boolean> {
    return this.inner.remove(queue, id);
  }

  size(queue: string): Promise<number> {
    return this.inner.size(queue);
  }

  nextDueAt(queue: string): Promise<number | undefined> {
    return this.inner.nextDueAt(queue);
  }

  private note(queue: string, dueAt: number): void {
    // A loop's look-up before its next sleep finds work due later in time.
    if (this.lastNow !== undefined && dueAt > this.lastNow + WAKE_HORIZON_MS) return;
    if (!this.pending) {
      this.pending = new Map();
      setImmediate(() => this.flush());
    }
    const prev = this.pending.get(queue);
    if (prev === undefined || dueAt < prev) this.pending.set(queue, dueAt);
  }

  private flush(): void {
    const due = this.pending;
    this.pending = undefined;
    if (!due) return;
    const message = JSON.stringify(Object.fromEntries(due));
    this.signals.publish(WAKE_CHANNEL, message).catch(() => undefined);
  }
}
