import { DueGate } from './due-gate';
import { LoopTimer } from './loop-timer';
import type { LoopRound, QueueWorkerLoopOptions } from './worker-loop-options';
import { decodeWake, type LocalWakes, localWakes, WAKE_CHANNEL, WAKE_HORIZON_MS } from './wakes';

export type { LoopRound, QueueWorkerLoopOptions } from './worker-loop-options';

/** The longest sleep of a loop subscribed to wake-ups, by default: the poll that covers a lost wake-up. */
export const DEFAULT_SAFETY_POLL_MS = 30_000;

/**
 * A loop that has run rounds back to back (or waited for a free slot) this long is busy: new work due now on its queues
 * is then published to the other hubs too, and from its second round with work on it asks them for help once
 * (queue/wakes.ts). Below the 100 ms within which due work should start.
 */
export const BUSY_MS = 50;

/**
 * The one worker loop over job queues (the dispatcher, tracker and sweeper of the send path, and the webhook
 * deliveries all run on it). A round claims due jobs; while it finds work that fits it runs again at once,
 * otherwise it sleeps until the next due job (past any hold), or until {@link wake}, or until a wake-up from any hub
 * of the store says one of its queues has work due sooner; at most `idleMs`, or the safety poll while subscribed to
 * wake-ups. A wake that comes during a round is kept: the next sleep is skipped. Leases make the loop safe with several
 * hubs on one store. A round that asks its look (queue/due-gate.ts) claims only from queues that may have due work,
 * and the sleep is planned from what its claims said, without look-ups of its own.
 */
export class QueueWorkerLoop {
  private stopping?: AbortController;
  /** A wake came since the last sleep ended: the next sleep is skipped (a flag: a controller per round cost CPU). */
  private woken = false;
  /** The sleeps; a wake (or a wake-up that moved the end) cuts the one in progress short. */
  private readonly timer: LoopTimer;
  private loop?: Promise<void>;
  /** The earliest due time announced for this loop's queues since the last look at them. */
  private hintAt = Infinity;
  /** The planned end of the sleep in progress (Infinity while awake or while a full loop waits for a slot). */
  private sleepUntil = Infinity;
  private subscription?: Promise<(() => Promise<void>) | undefined>;
  private subscribed = false;
  /** The last round or look-up failed: sleep the short `idleMs` only. */
  private failed = false;
  /** Since when (clock ms) the loop has run rounds without an idle sleep; undefined while it sleeps idle. */
  private busySince: number | undefined;
  /** Rounds with work in this busy stretch, and whether it already asked the other hubs for help. */
  private againRounds = 0;
  private helped = false;
  /** Waiting for a free slot (a full round). */
  private full = false;
  /** The local waking queue's write count when the latest round started: its claims saw those writes. */
  private roundSaw = 0;
  private local: LocalWakes | undefined;
  /** When each queue next has work, so that rounds claim only from queues with due work. */
  private readonly gate: DueGate;

  constructor(private readonly o: QueueWorkerLoopOptions) {
    this.timer = new LoopTimer(o.clock);
    this.gate = new DueGate({
      clock: o.clock,
      // Only while every write is heard: in process (a waking queue) and from other hubs (subscribed).
      enabled: () => this.subscribed && this.local !== undefined,
      validMs: () => this.longestSleep(),
      written: () => this.local?.written() ?? 0,
    });
  }

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
    this.woken = true;
    this.timer.wake();
  }

  /** Stop claiming, and wait for the round in progress and for {@link QueueWorkerLoopOptions.settle}. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    this.local = localWakes(this.o.queues.store);
    const detach = this.local?.attach({
      names: this.o.queues.names,
      // A write the latest claim of its queue saw is no news (the gate knows which; else the latest round's start).
      wake: (due, written) => {
        const news = this.gate.heard(due, written, this.roundSaw);
        if (news.size > 0) this.onWakeDue(news);
      },
      busy: () => this.isBusy(),
    });
    try {
      await this.rounds(signal);
    } finally {
      detach?.();
      this.timer.drop(); // a kept timer would hold the process up to the safety poll
    }
    const off = await this.subscription;
    this.subscription = undefined;
    this.subscribed = false;
    await off?.().catch(() => undefined);
    await this.o.settle?.();
  }

  /** Busy (see {@link BUSY_MS}): every slot taken, or rounds back to back for that long. */
  private isBusy(): boolean {
    return this.full || (this.busySince !== undefined && this.o.clock.now() - this.busySince >= BUSY_MS);
  }

  /**
   * Once per busy stretch, announce this loop's queues as due now on every hub: work written here while this loop was
   * idle was told to this loop only (queue/wakes.ts), and an idle loop of another hub can share it.
   */
  private askForHelp(): void {
    // One round with work and a look that finds none is no backlog: ask from the second round with work on.
    if (this.helped || !this.isBusy() || (!this.full && this.againRounds < 2)) return;
    const publish = this.o.wakeups?.signals.publish;
    if (!publish || this.o.queues.names.length === 0) return;
    this.helped = true;
    const now = this.o.clock.now();
    const message = JSON.stringify(Object.fromEntries(this.o.queues.names.map((q) => [q, now])));
    publish.call(this.o.wakeups!.signals, WAKE_CHANNEL, message).catch(() => undefined);
  }

  private async rounds(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.subscribe();
      this.busySince ??= this.o.clock.now();
      this.roundSaw = this.local?.written() ?? 0;
      let r: LoopRound = { again: false };
      this.failed = false;
      this.hintAt = Infinity; // this round looks at the queues: only wake-ups that come during it are news
      try {
        this.gate.startRound();
        r = await this.o.round(this.gate);
      } catch (err) {
        this.failed = true;
        this.o.onError(err, 'round');
      }
      await this.gate.endRound(this.o.queues.store, !this.failed);
      if (signal.aborted) break;
      this.full = r.full === true;
      if (r.again) this.againRounds++;
      if (r.again || r.full) this.askForHelp();
      if (r.again) continue;
      if (r.full) {
        await this.idle(this.toGrid(this.longestSleep()), false);
        this.full = false;
        continue;
      }
      const ms = await this.waitMs(this.failed ? undefined : r.next);
      this.busySince = undefined;
      this.againRounds = 0;
      this.helped = false;
      await this.idle(ms, true);
    }
  }

  /** Subscribe to wake-ups once (again after a failed attempt); until it is in place the loop sleeps `idleMs`. */
  private subscribe(): void {
    const w = this.o.wakeups;
    if (!w || this.subscription || this.o.queues.names.length === 0) return;
    this.subscription = w.signals
      .subscribe(
        WAKE_CHANNEL,
        (m) => this.onWake(m),
        () => this.wake(),
      )
      .then(
        (off) => {
          this.subscribed = true;
          return off;
        },
        (err: unknown) => {
          this.o.onError(err, 'subscribe');
          this.subscription = undefined;
          return undefined;
        },
      );
  }

  /** A wake-up from some hub: note the earliest due time for this loop's queues and shorten the sleep to it. */
  private onWake(message: string): void {
    const due = decodeWake(message);
    this.gate.heard(due);
    this.onWakeDue(due);
  }

  /** New work on some queues, by earliest due time (from a wake-up, or written in this process). */
  private onWakeDue(due: Map<string, number>): void {
    const { names, heldUntil } = this.o.queues;
    let earliest = Infinity;
    for (const q of names) {
      const d = due.get(q);
      if (d !== undefined) earliest = Math.min(earliest, Math.max(d, heldUntil?.(q) ?? 0));
    }
    if (earliest === Infinity) return;
    this.hintAt = Math.min(this.hintAt, earliest);
    if (earliest < this.sleepUntil) this.timer.wake();
  }

  /**
   * The longest sleep: the safety poll while wake-ups are in place and nothing failed, else `idleMs`. The safety poll
   * stays within {@link WAKE_HORIZON_MS}: work due later is not announced, and this look-up is what finds it in time.
   */
  private longestSleep(): number {
    const safety = Math.min(
      WAKE_HORIZON_MS,
      Math.max(this.o.idleMs, this.o.wakeups?.safetyMs ?? DEFAULT_SAFETY_POLL_MS),
    );
    return this.subscribed && !this.failed ? safety : this.o.idleMs;
  }

  /** How long to sleep: until the earliest due job of a queue not held (or announced), at most {@link longestSleep}. */
  private async waitMs(known?: { at: number | undefined }): Promise<number> {
    const { store, names, heldUntil } = this.o.queues;
    // Wake-ups that arrive during the look-ups stay in hintAt for the sleep; those before are covered by the look-ups.
    const hinted = this.hintAt;
    this.hintAt = Infinity;
    const next = known
      ? [known.at ?? Infinity]
      : await Promise.all(
          names.map(async (q) => {
            // Known from the round's claims (or trusted from an earlier one): no look-up.
            let due = this.gate.wakeAt(q);
            if (due !== undefined) return Math.max(due, heldUntil?.(q) ?? 0);
            try {
              due = await store.nextDueAt(q);
            } catch (err) {
              this.failed = true;
              this.o.onError(err, 'next-due');
            }
            return Math.max(due ?? Infinity, heldUntil?.(q) ?? 0);
          }),
        );
    const until = Math.min(hinted, ...next);
    const now = this.o.clock.now();
    const longest = this.longestSleep();
    if (until - now < longest) return Math.max(0, until - now);
    return this.toGrid(longest);
  }

  /**
   * How long until the clock's next multiple of `longest`: a poll on that grid (nothing due sooner, or a full loop's
   * wait) falls with the other loops' of the hub (one wake-up of the process rather than one per loop at its own
   * phase; on a simulated clock, one step, not four), and one sleep after another ends at the same time, so a wake
   * keeps its timer (loop-timer.ts).
   */
  private toGrid(longest: number): number {
    const now = this.o.clock.now();
    return Math.ceil((now + 1) / longest) * longest - now;
  }

  /** Sleep `ms`, or less: a wake ends it, and (with `hints`) a wake-up announcing work due sooner shortens it. */
  private async idle(ms: number, hints: boolean): Promise<void> {
    this.sleepUntil = hints ? this.o.clock.now() + ms : Infinity;
    const end = hints ? this.sleepUntil : this.o.clock.now() + ms;
    while (!this.woken) {
      const until = Math.min(end, hints ? this.hintAt : Infinity);
      if (until - this.o.clock.now() <= 0) break;
      this.sleepUntil = hints ? until : Infinity;
      if (await this.timer.sleep(until)) break; // slept it all
    }
    this.sleepUntil = Infinity;
    this.woken = false;
  }
}
