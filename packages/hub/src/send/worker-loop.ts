import type { FastifyBaseLogger } from 'fastify';
import type { Clock, Store } from '@smsfleet/core';

/**
 * A background loop over job queues: run a round, and when it handled nothing sleep until the next due job
 * (at most `idleMs`) or until {@link wake}. Subclasses implement {@link runOnce}; tests call it directly.
 */
export abstract class WorkerLoop {
  private stopping?: AbortController;
  private loop?: Promise<void>;
  private wakeUp?: () => void;

  protected constructor(
    protected readonly base: { store: Store; clock: Clock; logger: FastifyBaseLogger },
    private readonly queues: readonly string[],
    private readonly idleMs: number,
  ) {}

  /** One round at `now`; returns how many jobs it handled. */
  abstract runOnce(now: Date): Promise<number>;

  /** Run the loop until {@link stop}. */
  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        let n = 0;
        try {
          n = await this.runOnce(new Date(this.base.clock.now()));
        } catch (e) {
          this.base.logger.error({ err: e }, 'worker round failed');
        }
        if (n > 0 || signal.aborted) continue;
        const dues = await Promise.all(
          this.queues.map((q) => this.base.store.queue.nextDueAt(q).catch(() => undefined)),
        );
        const next = Math.min(...dues.map((d, i) => Math.max(d ?? Infinity, this.heldUntil(this.queues[i]!))));
        const wait = Math.min(this.idleMs, Math.max(0, next - this.base.clock.now()));
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          void this.base.clock.sleep(wait, signal).then(resolve);
        });
      }
    })();
  }

  /** A queue this loop does not claim from before this epoch ms (default: none), so the idle sleep ignores its due jobs until then. */
  protected heldUntil(_queue: string): number {
    return 0;
  }

  /** Run a round soon (something was just enqueued). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stop the loop and wait for the round in progress. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
  }
}
