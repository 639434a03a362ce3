import type { DeliveryAttempt, DeliveryLog } from '@smsfleet/core';

interface Waiting {
  attempt: DeliveryAttempt;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Records the attempts that finish close together in one {@link DeliveryLog.recordMany} call (one step per
 * subscription on Redis instead of one per attempt). An attempt waits while `busy()` says more attempts are under way
 * (the worker's POSTs), until they end ({@link maybeFlush}) or `max` attempts wait; otherwise it is written at the end
 * of the current turn of the event loop. No timer: nothing waits on time passing. Each caller's promise settles with
 * the batch's write, so a worker still acks a job only after its attempt is recorded: the wait delays the ack (the
 * lease covers it), never a POST.
 */
export class AttemptBatcher {
  private waiting: Waiting[] = [];

  constructor(
    private readonly log: Pick<DeliveryLog, 'recordMany'>,
    private readonly busy: () => boolean = () => false,
    private readonly max = 256,
  ) {}

  /** Record `attempt` with the others that finish with it; resolves once it is written (rejects if that failed). */
  record(attempt: DeliveryAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      const n = this.waiting.push({ attempt, resolve, reject });
      if (n >= this.max) this.flush();
      else if (n === 1) setImmediate(() => this.maybeFlush());
    });
  }

  /** Write the waiting attempts unless more are under way (the worker calls it when its last POST ends). */
  maybeFlush(): void {
    if (this.waiting.length > 0 && !this.busy()) this.flush();
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
