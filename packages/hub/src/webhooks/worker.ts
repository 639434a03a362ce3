import {
  QueueWorkerLoop,
  type Clock,
  type DeliveryAttempt,
  type Job,
  type LoopRound,
  type OutboundEvent,
  type Store,
  type Subscription,
} from '@smsfleet/core';
import type { HubConfig } from '../config';
import { attemptDelivery, type AttemptOutcome } from './deliver';
import { retryDelay } from './backoff';
import type { DeliveryJobPayload, EventPublisher } from './publisher';
import { readDeliveryJob } from './job-payload';
import { toAttempt, type AttemptExtra } from './attempt-record';
import { AttemptBatcher } from './log-batch';
import { WEBHOOK_QUEUE, type WebhookMetrics } from './metrics';
import { SubscriptionHealth } from './health';
import { holdDelivery } from './held-delivery';

/** The logging the worker needs (pino and fastify's logger fit). */
export interface WorkerLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Dependencies and settings of a {@link WebhookDeliveryWorker}. */
export interface WorkerOptions {
  store: Pick<Store, 'subscriptions' | 'queue' | 'deliveries' | 'signals'>;
  clock: Clock;
  /** Used to announce `webhook.failing` and `webhook.disabled` to the other subscriptions. */
  publisher: EventPublisher;
  settings: HubConfig['webhooks'];
  metrics?: WebhookMetrics;
  logger?: WorkerLogger;
  /** 0..1, for jitter (tests pass a constant). */
  random?: () => number;
  fetch?: typeof fetch;
  userAgent?: string;
}

/**
 * Delivers queued webhook events: claims due jobs with a lease (so several hubs on one store never deliver
 * one job twice at once), POSTs them signed (Standard Webhooks), records every attempt in the delivery log,
 * retries with exponential backoff and jitter, dead-letters after the last attempt, and raises an alarm
 * (`failing`, a `webhook.failing` event to the other subscriptions, a metric) when a subscriber keeps
 * failing; the next success clears it. A subscription failing too long is disabled (see {@link SubscriptionHealth}):
 * its due deliveries are then not sent but recorded as held dead letters, which a replay sends once re-enabled.
 *
 * `start()`/`stop()` run the loop; `runOnce(now)` and `drain()` run it step by step in tests.
 */
export class WebhookDeliveryWorker {
  private readonly log: WorkerLogger;
  private readonly inFlight = new Set<Promise<void>>();
  /** Jobs whose POST is under way: a job frees its slot once answered, before its attempt is recorded and acked. */
  private posting = 0;
  /** Core's one queue loop: a round starts deliveries for the free slots; a full worker sleeps until one frees. */
  private readonly loop: QueueWorkerLoop;
  private readonly health: SubscriptionHealth;
  /** Attempts that finish while others are under way are recorded together, in one store call. */
  private readonly records: AttemptBatcher;
  /** While started: stops the publisher handing deliveries to this worker. */
  private untake: (() => void) | undefined;

  constructor(private readonly o: WorkerOptions) {
    this.log = o.logger ?? silent;
    this.records = new AttemptBatcher(o.store.deliveries, () => this.posting > 0, o.settings.concurrency);
    this.health = new SubscriptionHealth({ ...o, logger: this.log });
    this.loop = new QueueWorkerLoop({
      clock: o.clock,
      idleMs: o.settings.pollMs,
      round: () => this.claimFree(),
      queues: { store: o.store.queue, names: [WEBHOOK_QUEUE] },
      // Deliveries enqueued by any hub wake this worker; pollMs is only the wait while the wake-ups are not in place.
      wakeups: { signals: o.store.signals },
      onError: (err, during) =>
        this.log.error(
          { err },
          during === 'round'
            ? 'webhook queue claim failed'
            : during === 'subscribe'
              ? 'webhook wake-ups unavailable; polling meanwhile'
              : 'webhook queue look-up failed',
        ),
      settle: async () => {
        await Promise.allSettled([...this.inFlight]);
      },
    });
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.loop.running;
  }

  /**
   * Start the delivery loop; it runs until `stop()` or until `signal` aborts. Meanwhile the publisher hands this worker
   * the deliveries it publishes while a slot is free (claimed for it as they are enqueued: no claim of its own).
   */
  start(signal?: AbortSignal): void {
    if (this.loop.running) return;
    this.loop.start(signal);
    const taker = { leaseMs: this.o.settings.leaseMs, reserve: () => this.reserve(), take: this.take.bind(this) };
    const untake = (this.untake = this.o.publisher.setTaker(taker));
    signal?.addEventListener('abort', untake, { once: true });
  }

  /** Stop claiming, and wait for the deliveries in flight to finish (each is bounded by the timeout). */
  async stop(): Promise<void> {
    this.untake?.();
    this.untake = undefined;
    await this.loop.stop();
  }

  /** Hold a slot for a delivery the publisher is enqueueing claimed for this worker (see {@link take}). */
  private reserve(): boolean {
    if (this.posting >= this.o.settings.concurrency) return false;
    this.posting++;
    return true;
  }

  /** A reserved slot's delivery, claimed for this worker (undefined: none came, the slot is free again). */
  private take(job: Job<unknown> | undefined): void {
    const wasFull = this.posting >= this.o.settings.concurrency;
    this.posting--;
    if (job && this.untake) return void this.track(job);
    // Stopped meanwhile: due again at once for any worker, rather than after its lease.
    if (job) this.o.store.queue.reschedule(WEBHOOK_QUEUE, job.id, this.o.clock.now()).catch(() => undefined);
    if (wasFull) this.wake(); // as a delivery that ends frees a full worker's slot
  }

  /** Cut the current idle wait short (called after a local publish). */
  wake(): void {
    this.loop.wake();
  }

  /** Claim the jobs due at `now` (up to the concurrency) and deliver them; resolves with how many. */
  async runOnce(now: number = this.o.clock.now()): Promise<number> {
    const jobs = await this.o.store.queue.claim<unknown>(
      WEBHOOK_QUEUE,
      now,
      this.o.settings.concurrency,
      this.o.settings.leaseMs,
    );
    await Promise.all(jobs.map((j) => this.process(j)));
    return jobs.length;
  }

  /** Deliver until no job is due at the clock's current time; resolves with how many were processed. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  /**
   * One attempt to deliver `event` to `sub` right now, outside the queue and without retries (the
   * `POST /v1/webhooks/:id/test` button). The attempt is recorded; a success clears the alarm, a failure
   * does not count towards it.
   */
  async sendNow(sub: Subscription, event: OutboundEvent): Promise<DeliveryAttempt> {
    const outcome = await this.attempt(sub, event);
    const attempt = toAttempt(this.o.clock.now(), this.o.metrics, sub, event, 1, outcome, { deadLettered: false });
    await this.o.store.deliveries.record(attempt);
    if (outcome.ok) await this.health.noteSuccess(sub);
    return attempt;
  }

  /** One round of the loop: claim as many due jobs as there are free slots and start delivering them. */
  private async claimFree(): Promise<LoopRound> {
    const free = this.o.settings.concurrency - this.posting;
    if (free <= 0) return { again: false, full: true };
    const jobs = await this.o.store.queue.claim<unknown>(
      WEBHOOK_QUEUE,
      this.o.clock.now(),
      free,
      this.o.settings.leaseMs,
    );
    for (const j of jobs) this.track(j);
    // A full worker waits for a slot (track wakes it). Full now, not by the count this round started with: a slot
    // that freed during the claim woke nobody (the worker was not full then), so a round that took all it asked for
    // with a slot still free claims again rather than sleeping the safety poll as if full.
    if (this.posting >= this.o.settings.concurrency) return { again: false, full: true };
    if (jobs.length >= free) return { again: true };
    // Otherwise ask when the queue next has work (right after the claim the store answers from it): due now, claim
    // again (a partitioned queue may hold more); else sleep till then.
    let at: number | undefined;
    try {
      at = await this.o.store.queue.nextDueAt(WEBHOOK_QUEUE);
    } catch {
      return { again: false }; // the loop looks again before it sleeps
    }
    if (at !== undefined && at <= this.o.clock.now()) return { again: jobs.length > 0 };
    return { again: false, next: { at } };
  }

  private track(job: Job<unknown>): void {
    this.posting++;
    let posted = false;
    const free = () => {
      if (posted) return;
      posted = true;
      const wasFull = this.posting >= this.o.settings.concurrency;
      this.posting--;
      if (this.posting === 0) this.records.maybeFlush(); // the attempts that finished meanwhile, in one write
      // A full worker waits for a slot: this one is free. Otherwise the loop is already planning its sleep by the
      // queue (a reschedule earlier than it announces itself), and a wake would only add an empty claim.
      if (wasFull) this.wake();
    };
    const p = this.process(job, free);
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      free();
    });
  }

  private attempt(sub: Subscription, event: OutboundEvent): Promise<AttemptOutcome> {
    return attemptDelivery({
      url: sub.url,
      secret: sub.secret,
      event,
      at: new Date(this.o.clock.now()),
      timeoutMs: this.o.settings.timeoutMs,
      ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
      ...(this.o.userAgent ? { userAgent: this.o.userAgent } : {}),
    });
  }

  /** Deliver one claimed job; never throws (a store failure leaves the job to come back after its lease). */
  private async process(job: Job<unknown>, posted?: () => void): Promise<void> {
    const { queue } = this.o.store;
    try {
      const parsed = readDeliveryJob(job.payload);
      if (!parsed.success) {
        this.log.error({ jobId: job.id, issues: parsed.issues }, 'dropping a malformed webhook job');
        await queue.ack(WEBHOOK_QUEUE, job.id);
        return;
      }
      const payload = parsed.data;
      const sub = await this.subscription(payload.subscriptionId);
      if (!sub) {
        await queue.ack(WEBHOOK_QUEUE, job.id); // the subscription was deleted
        return;
      }
      const n = payload.attempts + 1;
      if (sub.disabledAt) {
        await holdDelivery(this.o, this.log, sub, payload, n);
        await queue.ack(WEBHOOK_QUEUE, job.id);
        return;
      }
      const outcome = await this.attempt(sub, payload.event);
      posted?.(); // the slot limits requests under way; the bookkeeping below (batched) need not hold it
      const delay = outcome.ok
        ? undefined
        : retryDelay(n, this.o.settings.retryScheduleMs, this.o.settings.jitter, this.o.random);
      const deadLettered = !outcome.ok && delay === undefined;
      const nextAttemptAt = delay === undefined ? undefined : this.o.clock.now() + delay;
      // Built field by field: no spread of optional parts per delivery.
      const extra: AttemptExtra = { deadLettered };
      if (payload.replay) extra.replay = true;
      if (nextAttemptAt !== undefined) extra.nextAttemptAt = nextAttemptAt;
      await this.records.record(toAttempt(this.o.clock.now(), this.o.metrics, sub, payload.event, n, outcome, extra));
      if (nextAttemptAt !== undefined) {
        await queue.reschedule<DeliveryJobPayload>(WEBHOOK_QUEUE, job.id, nextAttemptAt, { ...payload, attempts: n });
      } else {
        await queue.ack(WEBHOOK_QUEUE, job.id);
      }
      if (deadLettered) {
        this.o.metrics?.deadLetters.inc({ event_type: payload.event.type });
        this.log.warn(
          { subscriptionId: sub.id, eventId: payload.event.id, attempts: n, error: outcome.error },
          'webhook delivery dead-lettered',
        );
      }
      if (outcome.ok) await this.health.noteSuccess(sub);
      else await this.health.noteFailure(sub.id, outcome.error);
    } catch (err) {
      this.log.error({ err, jobId: job.id }, 'webhook delivery step failed; the job returns after its lease');
    }
  }

  /**
   * The subscription of a delivery, from the store's snapshot (no round trip per delivery). What would stop the
   * delivery (gone, or disabled) is read again from the store first: a snapshot that has not yet heard of a creation
   * or a re-enable on another hub neither drops nor holds a delivery.
   */
  private async subscription(id: string): Promise<Subscription | undefined> {
    const seen = (await this.o.store.subscriptions.snapshot()).find((s) => s.id === id);
    return seen && !seen.disabledAt ? seen : this.o.store.subscriptions.get(id);
  }
}
