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

/**
 * A queue whose name holds this mark (`parked:<gateway>:<id>`) is one of many small queues that their owner drains by
 * direct claims, never through a worker loop: its writes are not announced, since no loop would hear them.
 */
export const UNANNOUNCED_QUEUE_MARK = ':';

/**
 * While every loop of this process that claims from a queue is busy, its new work is published to the other hubs at
 * most this often: they only share work this process takes in time anyway (a busy loop runs its next round at once).
 */
export const BUSY_PUBLISH_MS = 1_000;

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
 * A worker loop of this process, attached to a waking queue ({@link localWakes}): it hears of the queue's new work in
 * process, without a round trip.
 */
export interface LocalWaker {
  /** The queues it claims from. */
  readonly names: readonly string[];
  /**
   * New work on its queues: each queue named with the earliest due time written (as a {@link WAKE_CHANNEL} message),
   * and the {@link LocalWakes.written} count after the latest of those writes.
   */
  wake(due: Map<string, number>, written: number): void;
  /**
   * True while it cannot take new work soon (every slot is busy, or it has run rounds back to back for a while): then
   * the work is published to the other hubs too.
   */
  busy(): boolean;
}

/** The in-process side of a waking queue: worker loops attach to hear of its new work without a round trip. */
export interface LocalWakes {
  /** Hear of new work on `waker.names` written through this queue, until the returned function is called. */
  attach(waker: LocalWaker): () => void;
  /**
   * How many writes were answered so far: a loop that notes it at a round's start knows its claims see those writes,
   * and can ignore their wakes (a wake of a write answered before the round would only cost an empty claim).
   */
  written(): number;
}

/** Where a waking queue keeps its {@link LocalWakes}: a symbol, which wrappers of the store pass through as is. */
const LOCAL_WAKES = Symbol('smsfleet.localWakes');

/**
 * The {@link LocalWakes} of `queue` when it is a waking queue (the stores' queues are; also behind a wrapper such as
 * the fault-injection store, which would turn its methods async), else undefined.
 */
export function localWakes(queue: object): LocalWakes | undefined {
  return (queue as { [LOCAL_WAKES]?: LocalWakes })[LOCAL_WAKES];
}

/**
 * A {@link JobQueue} that announces its new work: after an enqueue (an `enqueueIfAbsent` that added) or a reschedule
 * of a job due within {@link WAKE_HORIZON_MS} (of the latest `now` a claim through it was given, the workers' own
 * clock; every job until a first claim) the queue and the job's due time are announced (after a failed call too: a
 * write that timed out may have landed), so an idle worker wakes for it (or shortens its sleep to its due time)
 * instead of polling. The calls of one turn of the event loop are announced together, once the writes are answered.
 * Local first: the worker loops of this process that claim from the queue ({@link localWakes}) hear of it in process;
 * the queue is published on {@link WAKE_CHANNEL} to every hub of the store (one publish for all the queues of the
 * turn: a bulk send is one message, not one per job) only when no loop here claims from it, or every such loop is
 * busy and the work is due (then another hub's idle loop can share it; at most every {@link BUSY_PUBLISH_MS} per
 * queue, and a loop that stays busy asks for help itself, see worker-loop.ts). A local loop takes the work at its due
 * time, or right after its round in progress, either way. Queues marked {@link UNANNOUNCED_QUEUE_MARK} are not
 * announced.
 * A failed publish is ignored: wake-ups are hints, and the workers' safety poll finds the jobs anyway.
 */
export function wakingQueue(inner: JobQueue, signals: Pick<Signals, 'publish'>): JobQueue {
  return new WakingQueue(inner, signals);
}

class WakingQueue implements JobQueue, LocalWakes {
  private pending: Map<string, number> | undefined;
  /** Writes answered so far (see {@link LocalWakes.written}), and the count after each queue's latest pending one. */
  private count = 0;
  private readonly pendingCount = new Map<string, number>();
  private readonly local = new Set<LocalWaker>();
  readonly [LOCAL_WAKES]: LocalWakes = this;
  /** Per queue, when (process time) its work was last published while its loops here were busy. */
  private readonly busyPublished = new Map<string, number>();
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

  async enqueueClaimedIfAbsent<P>(
    queue: string,
    job: { id: string; dueAt: number; priority?: number; payload: P },
    now: number,
    leaseMs: number,
  ): Promise<Job<P> | undefined> {
    let done = false;
    try {
      const claimed = await this.inner.enqueueClaimedIfAbsent(queue, job, now, leaseMs);
      done = true;
      return claimed;
    } finally {
      // Nothing to announce when it landed (claimed, or already there); one that failed may have landed leased with
      // no one to work it: its lease's end is announced.
      if (!done) this.note(queue, now + leaseMs);
    }
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

  written(): number {
    return this.count;
  }

  attach(waker: LocalWaker): () => void {
    this.local.add(waker);
    return () => void this.local.delete(waker);
  }

  private note(queue: string, dueAt: number): void {
    // A loop's look-up before its next sleep finds work due later in time.
    this.count++;
    if (this.lastNow !== undefined && dueAt > this.lastNow + WAKE_HORIZON_MS) return;
    if (queue.includes(UNANNOUNCED_QUEUE_MARK)) return;
    this.pendingCount.set(queue, this.count);
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
    const remote = new Map<string, number>();
    for (const [queue, at] of due) {
      const written = this.pendingCount.get(queue) ?? this.count;
      this.pendingCount.delete(queue);
      const here = [...this.local].filter((w) => w.names.includes(queue));
      for (const w of here) {
        try {
          w.wake(new Map([[queue, at]]), written);
        } catch {
          // a hint: the loop's own look-ups find the work
        }
      }
      if (here.length === 0) remote.set(queue, at);
      // Work due later is taken here at its due time, or shared then by a loop's own call for help.
      else if (at <= (this.lastNow ?? at) && here.every((w) => w.busy())) {
        const now = performance.now();
        if (now - (this.busyPublished.get(queue) ?? -Infinity) < BUSY_PUBLISH_MS) continue;
        this.busyPublished.set(queue, now);
        remote.set(queue, at);
      }
    }
    if (remote.size === 0) return;
    this.signals.publish(WAKE_CHANNEL, JSON.stringify(Object.fromEntries(remote))).catch(() => undefined);
  }
}
