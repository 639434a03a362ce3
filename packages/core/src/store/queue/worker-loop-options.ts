import type { Clock } from '../../clock';
import type { Signals } from '../signals/port';
import type { JobQueue } from './port';
import type { QueueLook } from './due-gate';

/** What one round of a {@link QueueWorkerLoop} found. */
export interface LoopRound {
  /** Run the next round at once: work was found, and there may be more that fits. */
  again: boolean;
  /** Every slot is busy: sleep the full idle time (or until woken), without asking when the next job is due. */
  full?: boolean;
  /**
   * The round looked up when its queues next have work (epoch ms; undefined: none): the sleep is planned from it
   * instead of asking the store again.
   */
  next?: { at: number | undefined };
}

/** Dependencies and settings of a {@link QueueWorkerLoop}. */
export interface QueueWorkerLoopOptions {
  /** Time for sleeping and for how long until a job is due (tests pass a manual clock). */
  clock: Clock;
  /** Longest sleep between rounds without wake-ups (none given, not subscribed yet, or a round or look-up failed). */
  idleMs: number;
  /**
   * One round: claim due jobs and handle them (or start handling them). A throw is reported and the loop goes on.
   * A round that asks `look.due(queue)` right before each claim, and claims only when it says so, spares the store
   * the claims of queues the loop knows have nothing due (queue/due-gate.ts).
   */
  round(look: QueueLook): Promise<LoopRound>;
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
  /**
   * Wake-ups across hubs: the store's signals, on which its queue announces new work (queue/wakes.ts). While subscribed
   * the loop sleeps until the next due job it knows of, a wake-up for one of its queues (a job due now, or due sooner
   * than the sleep's end), or at most `safetyMs` (default 30 s, never below `idleMs`, never above the wake horizon,
   * since jobs due later than that are not announced); a reconnect of the subscription runs one round (a wake-up may
   * have been lost meanwhile).
   */
  wakeups?: { signals: Pick<Signals, 'subscribe'> & Partial<Pick<Signals, 'publish'>>; safetyMs?: number };
  /** A round, a look-up or the wake-up subscription failed. The loop goes on: a claimed job returns after its lease. */
  onError(err: unknown, during: 'round' | 'next-due' | 'subscribe'): void;
  /** After the loop stopped: wait for work the rounds started and did not await (deliveries in flight). */
  settle?(): Promise<void>;
}
