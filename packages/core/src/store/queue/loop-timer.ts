import { type Clock, systemClock } from '../../clock';

/** One clock sleep under the loop's sleeps: its end, its controller, and the loop's sleep waiting on it (if any). */
interface Timer {
  end: number;
  ctl: AbortController;
  done: boolean;
  /** Ends the loop's sleep in progress on this timer: true when it ran out, false when it was cut short. */
  onEnd?: (slept: boolean) => void;
}

/**
 * The worker loop's sleeps, each until a clock time or a {@link LoopTimer.wake}. On the system clock a wake leaves
 * the timer under the sleep running, and the next sleep to the same end reuses it: an idle loop sleeps to the safety
 * poll's grid, so at 1,000 wakes a second a wake costs a resolved promise, not an AbortController, an abort event and
 * a new timer each (a tenth of the webhook worker's CPU per delivery). Other clocks (the tests') end the clock sleep
 * with the loop's, so that what they count as sleeping is exactly the sleeping loops.
 */
export class LoopTimer {
  private timer?: Timer;
  /** The controller of the latest timer while not aborted: one that ran out serves the next (no new one per sleep). */
  private spare?: AbortController;

  constructor(private readonly clock: Clock) {}

  /** Sleep until `end` (clock ms; after now) or a {@link wake}; resolves true when it slept it all. */
  sleep(end: number): Promise<boolean> {
    let t = this.timer;
    if (t && (t.done || t.end !== end)) {
      this.drop();
      t = undefined;
    }
    t ??= this.arm(end);
    return new Promise<boolean>((resolve) => {
      t.onEnd = resolve;
    });
  }

  /** End the sleep in progress, if any, as cut short. */
  wake(): void {
    const t = this.timer;
    const end = t?.onEnd;
    if (!end) return;
    t.onEnd = undefined;
    if (this.clock !== systemClock) this.drop();
    end(false);
  }

  /** Stop the clock sleep under the loop's sleeps (a wake cuts the loop's own sleep first). */
  drop(): void {
    const t = this.timer;
    this.timer = undefined;
    if (t && !t.done) t.ctl.abort('replanned'); // with a reason: a bare abort() builds a DOMException
  }

  private arm(end: number): Timer {
    const ctl = this.spare?.signal.aborted === false ? this.spare : new AbortController();
    this.spare = ctl;
    const t: Timer = { end, ctl, done: false };
    this.timer = t;
    void this.clock.sleep(end - this.clock.now(), t.ctl.signal).then(() => {
      t.done = true;
      if (this.timer === t) this.timer = undefined;
      const onEnd = t.onEnd;
      t.onEnd = undefined;
      onEnd?.(!t.ctl.signal.aborted);
    });
    return t;
  }
}
