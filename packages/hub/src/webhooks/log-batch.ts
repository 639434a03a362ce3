import type { DeliveryAttempt, DeliveryLog } from '@smsfleet/core';

interface Waiting {
  attempt: DeliveryAttempt;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Records the attempts that finish close together in one {@link DeliveryLog.recordMany} call (one step per
 * subscription on Redis instead of one per attempt): the first attempt of a batch waits `windowMs` (0: the end of the
 * current turn of the event loop), then every attempt that finished meanwhile is written at once; a batch of `max` is
 * written at once. Each caller's promise settles with the batch's write, so a worker still acks a job only after its
 * attempt is recorded: the window delays the ack (the lease covers it), never the POST.
 */
export class AttemptBatcher {
  private waiting: Waiting[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly log: Pick<DeliveryLog, 'recordMany'>,
    private readonly windowMs = 0,
    private readonly max = 256,
  ) {}

  /** Record `attempt` with the others of this turn; resolves once it is written (rejects if that write failed). */
  record(attempt: DeliveryAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      const n = this.waiting.push({ attempt, resolve, reject });
      if (n >= this.max) this.flush();
      else if (n === 1 && this.windowMs <= 0) setImmediate(() => this.flush());
      else if (n === 1) this.timer = setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    if (batch.length === 0) return;
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
