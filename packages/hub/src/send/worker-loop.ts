import type { FastifyBaseLogger } from 'fastify';
import { type Clock, type QueueLook, QueueWorkerLoop, type Store } from '@smsfleet/core';

/**
 * A background loop over job queues, on core's one {@link QueueWorkerLoop}: run a round, and when it handled
 * nothing sleep until the next due job (past {@link heldUntil}), until {@link wake}, or until the store's wake-up
 * signal says one of its queues has work (from any hub); at most the safety poll (`idleMs` while the wake-ups are not
 * in place).
 * Subclasses implement {@link runOnce}; tests call it directly.
 */
export abstract class WorkerLoop {
  private readonly loop: QueueWorkerLoop;

  protected constructor(
    protected readonly base: { store: Pick<Store, 'queue' | 'signals'>; clock: Clock; logger: FastifyBaseLogger },
    queues: readonly string[],
    idleMs: number,
  ) {
    this.loop = new QueueWorkerLoop({
      clock: base.clock,
      idleMs,
      round: async (look) => ({ again: (await this.runOnce(new Date(base.clock.now()), look)) > 0 }),
      queues: { store: base.store.queue, names: queues, heldUntil: (q) => this.heldUntil(q) },
      wakeups: { signals: base.store.signals },
      onError: (err, during) => {
        if (during === 'round') base.logger.error({ err }, 'worker round failed');
        else if (during === 'subscribe') base.logger.warn({ err }, 'worker wake-ups unavailable; polling meanwhile');
        else base.logger.debug({ err }, 'worker queue look-up failed; sleeping the idle time');
      },
    });
  }

  /**
   * One round at `now`; returns how many jobs it handled. `look` (from the loop; tests leave it out: every queue)
   * says, right before each claim, whether the queue may have due work: a round claims only then (core's DueGate).
   */
  abstract runOnce(now: Date, look?: QueueLook): Promise<number>;

  /** Run the loop until {@link stop}. */
  start(): void {
    this.loop.start();
  }

  /**
   * A queue this loop does not claim from before this epoch ms (default: none), so the idle sleep ignores its due jobs
   * until then.
   */
  protected heldUntil(_queue: string): number {
    return 0;
  }

  /** Run a round soon (something was just enqueued). */
  wake(): void {
    this.loop.wake();
  }

  /** Stop the loop and wait for the round in progress. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
