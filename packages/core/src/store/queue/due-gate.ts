import type { Clock } from '../../clock';
import type { JobQueue } from './port';

/** What a worker loop's round asks before it claims from one of the loop's queues. */
export interface QueueLook {
  /**
   * Whether to claim from `queue` now: false when the loop knows the queue has nothing claimable yet (its last claim
   * said when it next has work, and no write since announced sooner work). Asked right before the claim: a true answer
   * makes the loop learn, after the round, when the queue is next due from that claim (without a round trip on Redis).
   */
  due(queue: string): boolean;
}

/** A look that claims from every queue (a round run outside a loop, as tests do). */
export const LOOK_EVERYWHERE: QueueLook = { due: () => true };

/**
 * A worker loop's knowledge of when each of its queues next has claimable work, so that its rounds claim only from
 * queues with due work instead of every queue every round (an empty claim is one round trip, or more on a partitioned
 * queue). Learned after each round from the store's nextDueAt of each queue the round claimed from (answered from that
 * claim), lowered by every wake-up for the queue (local writes and other hubs' announcements), and trusted only for
 * `validMs` after the claim it came from: writes due past the wake horizon are not announced (queue/wakes.ts), and
 * a claim at least that often finds them before they are due (the horizon is no shorter than `validMs`), as the
 * loop's look-up before each sleep did. Gating is off (every queue claimed) while `enabled` says the wake-ups that
 * keep it true are not in place.
 */
export class DueGate implements QueueLook {
  /** Per queue: a time at or before which it may next have claimable work, and the round start it was learned at. */
  private readonly known = new Map<string, { at: number; since: number }>();
  /** Queues claimed from in the round in progress, with the earliest due time heard since. */
  private readonly looking = new Map<string, { hint: number }>();
  /** Per queue, the local writes answered before its latest claim (which that claim saw). */
  private readonly claimSaw = new Map<string, number>();
  private roundAt = 0;

  constructor(
    private readonly o: {
      clock: Clock;
      /** True while gating is safe: wake-ups are in place, local and across hubs. */
      enabled(): boolean;
      /** How long a queue's knowledge is trusted (the loop's longest sleep, within the wake horizon). */
      validMs(): number;
      /** How many writes the local waking queue has answered so far (queue/wakes.ts LocalWakes.written). */
      written(): number;
    },
  ) {}

  /** A round starts. */
  startRound(): void {
    this.looking.clear();
    this.roundAt = this.o.clock.now();
  }

  due(queue: string): boolean {
    const k = this.known.get(queue);
    const now = this.o.clock.now();
    if (this.o.enabled() && k && k.at > now && now < this.trustEnd(k.since)) return false;
    const written = this.o.written();
    this.looking.set(queue, { hint: Infinity });
    this.claimSaw.set(queue, written);
    return true;
  }

  /**
   * The round ended (`ok`: without a throw): learn when each queue it claimed from is next due. A look-up that fails
   * (or a failed round) leaves the queue unknown, so the next round claims from it.
   */
  async endRound(store: Pick<JobQueue, 'nextDueAt'>, ok: boolean): Promise<void> {
    const looked = [...this.looking];
    for (const [q] of looked) this.known.delete(q);
    if (!ok) return this.looking.clear();
    // The queues stay in `looking` during the look-ups: a wake-up heard meanwhile lowers their hint, not lost.
    await Promise.all(
      looked.map(async ([q, l]) => {
        let at: number | undefined;
        try {
          at = await store.nextDueAt(q);
        } catch {
          return;
        }
        // Wake-ups heard meanwhile (a write the claim may not have seen) count too.
        this.known.set(q, { at: Math.min(at ?? Infinity, l.hint), since: this.roundAt });
      }),
    );
    this.looking.clear();
  }

  /**
   * New work announced: each queue with its earliest due time. `written`: the local waking queue's write count after
   * those writes (undefined: announced by another hub), to skip a write that the latest claim of the queue saw; for a
   * queue never claimed through {@link due}, a write answered before the latest round started (`roundSaw`) counts as
   * seen. Returns the news: the queues whose latest claim did not see the writes (a round may have skipped a queue
   * after the write was answered and before its wake-up came, so the round's start alone does not say it was seen).
   */
  heard(due: ReadonlyMap<string, number>, written?: number, roundSaw = 0): Map<string, number> {
    const news = new Map<string, number>();
    for (const [q, d] of due) {
      if (written !== undefined && written <= (this.claimSaw.get(q) ?? roundSaw)) continue;
      news.set(q, d);
      const l = this.looking.get(q);
      if (l) l.hint = Math.min(l.hint, d);
      const k = this.known.get(q);
      if (k && d < k.at) k.at = d;
    }
    return news;
  }

  /**
   * When the loop must look at `queue` again, from what it knows (the earlier of its next due time and the end of the
   * knowledge's trust, when it must be claimed again anyway); undefined when it knows nothing trusted.
   */
  wakeAt(queue: string): number | undefined {
    const k = this.known.get(queue);
    if (!k) return undefined;
    const end = this.trustEnd(k.since);
    return end <= this.o.clock.now() ? undefined : Math.min(k.at, end);
  }

  /**
   * Knowledge learned at `since` is trusted until the first point after it on the grid of `validMs`: at most
   * `validMs`, and on the grid the loops' safety polls fall on (worker-loop.ts), so the claim it calls for comes with
   * a poll rather than at a phase of its own.
   */
  private trustEnd(since: number): number {
    const v = this.o.validMs();
    return Math.ceil((since + 1) / v) * v;
  }
}
