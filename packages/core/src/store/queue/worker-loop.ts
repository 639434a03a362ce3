import type { Clock } from '../../clock';
import type { JobQueue } from './port';

/** What one round of a {@link QueueWorkerLoop} found. */
export interface LoopRound {
  /** Run the next round at once: work was found, and there may be more that fits. */
  again: boolean;
  /** Every slot is busy: sleep the full idle time (or until woken), without asking when the next job is due. */
  full?: boolean;
}

/** Dependencies and settings of a {@link QueueWorkerLoop}. */
export interface QueueWorkerLoopOptions {
  /** Time for sleeping and for how long until a job is due (tests pass a manual clock). */
  clock: Clock;
  /** Longest sleep between rounds. */
  idleMs: number;
  /** One round: claim due jobs and handle them (or start handling them). A throw is reported and the loop goes on. */
  round(): Promise<LoopRound>;
  /** The queues whose next due job ends an idle sleep early. */
  queues: {
    store: Pick<JobQueue, 'nextDueAt'>;
    names: readonly string[];
    /**
     * The epoch ms before which the loop claims nothing from `queue` (default none). A dispatcher whose fleet is
     * full holds its send claims: the sleep ignores that queue's due jobs until then instead of waking to claim
     * jobs it would only put back.
     */
    heldUntil?(queue: string): number;
  };
  /** A round or a look-up failed. The loop goes on: a claimed job comes back after its lease. */
  onError(err: unknown, during: 'round' | 'next-due'): void;
  /** After the loop stopped: wait for work the rounds started and did not await (deliveries in flight). */
  settle?(): Promise<void>;
}

/**
 * The one worker loop over job queues (the dispatcher, tracker and sweeper of the send path, and the webhook
 * deliveries all run on it). A round claims due jobs; while it finds work that fits it runs again at once,
 * otherwise it sleeps until the next due job (past any hold), at most `idleMs`, or until {@link wake}. A wake that
 * comes during a round is kept: the next sleep is skipped. Leases make the loop safe with several hubs on one store.
 */
export class QueueWorkerLoop {
  private stopping?: AbortController;
  private wakeController = new AbortController();
  private loop?: Promise<void>;

  constructor(private readonly o: QueueWorkerLoopOptions) {}

  /** True between {@link start} and the end of {@link stop}. */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Run the loop until {@link stop}, or until `signal` aborts. */
  start(signal?: AbortSignal): void {
    if (this.loop) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    const stop = () => {
      stopping.abort();
      this.wake();
    };
    if (signal?.aborted) stopping.abort();
    else signal?.addEventListener('abort', stop, { once: true });
    this.loop = this.run(stopping.signal);
  }

  /** Cut the current idle sleep short, or skip the next one (something was just enqueued or finished). */
  wake(): void {
    // Once per sleep is enough: aborting builds a DOMException, and a busy hub wakes the loop on every enqueue.
    if (!this.wakeController.signal.aborted) this.wakeController.abort();
  }

  /** Stop claiming, and wait for the round in progress and for {@link QueueWorkerLoopOptions.settle}. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let r: LoopRound = { again: false };
      try {
        r = await this.o.round();
      } catch (err) {
        this.o.onError(err, 'round');
      }
      if (signal.aborted) break;
      if (r.again) continue;
      await this.idle(r.full ? this.o.idleMs : await this.waitMs());
    }
    await this.o.settle?.();
  }

  /** How long to sleep: until the earliest due job of a queue not held, at most `idleMs`. */
  private async waitMs(): Promise<number> {
    const { store, names, heldUntil } = this.o.queues;
    const next = await Promise.all(
      names.map(async (q) => {
        let due: number | undefined;
        try {
          due = await store.nextDueAt(q);
        } catch (err) {
          this.o.onError(err, 'next-due');
        }
        return Math.max(due ?? Infinity, heldUntil?.(q) ?? 0);
      }),
    );
    return Math.min(this.o.idleMs, Math.max(0, Math.min(...next) - this.o.clock.now()));
  }

  private async idle(ms: number): Promise<void> {
    if (ms > 0 && !this.wakeController.signal.aborted) await this.o.clock.sleep(ms, this.wakeController.signal);
    if (this.wakeController.signal.aborted) this.wakeController = new AbortController();
  }
}
