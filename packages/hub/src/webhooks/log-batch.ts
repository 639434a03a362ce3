import type { DeliveryAttempt, DeliveryLog } from '@smsfleet/core';

interface Waiting {
  attempt: DeliveryAttempt;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Records the attempts that finish together in one {@link DeliveryLog.recordMany} call (one step per subscription on
 * Redis instead of one per attempt): an attempt waits for the end of the current turn of the event loop, then every
 * attempt that finished meanwhile is written at once. Each caller's promise settles with the batch's write, so a
 * worker still acks a job only after its attempt is recorded.
 */
export class AttemptBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly log: Pick<DeliveryLog, 'recordMany'>) {}

  /** Record `attempt` with the others of this turn; resolves once it is written (rejects if that write failed). */
  record(attempt: DeliveryAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ attempt, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.log.recordMany(batch.map((w) => w.attempt)).then(
      () => {
        for (const w of batch) w.resolve();
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
  }
}
