import {
  newId,
  type Clock,
  type DeliveryAttempt,
  type Job,
  type OutboundEvent,
  type Store,
  type Subscription,
} from '@smsfleet/core';
import type { HubConfig } from '../config';
import { attemptDelivery, type AttemptOutcome } from './deliver';
import { retryDelay } from './backoff';
import { DeliveryJobPayload, type EventPublisher } from './publisher';
import { WEBHOOK_QUEUE, type WebhookMetrics } from './metrics';

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
  store: Pick<Store, 'subscriptions' | 'queue' | 'deliveries'>;
  clock: Clock;
  /** Used to announce `webhook.failing` to the other subscriptions. */
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
 * failing; the next success clears it.
 *
 * `start()`/`stop()` run the loop; `runOnce(now)` and `drain()` run it step by step in tests.
 */
export class WebhookDeliveryWorker {
  private readonly log: WorkerLogger;
  private readonly inFlight = new Set<Promise<void>>();
  private controller?: AbortController;
  private wakeController = new AbortController();
  private loop?: Promise<void>;

  constructor(private readonly o: WorkerOptions) {
    this.log = o.logger ?? silent;
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Start the delivery loop; it runs until `stop()` or until `signal` aborts. */
  start(signal?: AbortSignal): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    if (signal?.aborted) controller.abort();
    else
      signal?.addEventListener(
        'abort',
        () => {
          controller.abort();
          this.wake();
        },
        { once: true },
      );
    this.loop = this.run(controller.signal);
  }

  /** Stop claiming, and wait for the deliveries in flight to finish (each is bounded by the timeout). */
  async stop(): Promise<void> {
    this.controller?.abort();
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** Cut the current idle wait short (called after a local publish). */
  wake(): void {
    // Once per wait is enough: aborting builds a DOMException, and every publish calls this.
    if (!this.wakeController.signal.aborted) this.wakeController.abort();
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
    const attempt = this.toAttempt(sub, event, 1, outcome, { deadLettered: false });
    await this.o.store.deliveries.record(attempt);
    if (outcome.ok) await this.noteSuccess(sub);
    return attempt;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { concurrency, pollMs } = this.o.settings;
    while (!signal.aborted) {
      let claimed = 0;
      let free = concurrency - this.inFlight.size;
      try {
        if (free > 0) {
          const jobs = await this.o.store.queue.claim<unknown>(
            WEBHOOK_QUEUE,
            this.o.clock.now(),
            free,
            this.o.settings.leaseMs,
          );
          claimed = jobs.length;
          for (const j of jobs) this.track(this.process(j));
          free -= claimed;
        }
      } catch (err) {
        this.log.error({ err }, 'webhook queue claim failed');
      }
      if (signal.aborted) break;
      if (claimed > 0 && free > 0) continue; // there may be more due, and there is room
      await this.idle(free > 0 ? await this.waitMs(pollMs) : pollMs);
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      // A slot is free, and the job may have been rescheduled earlier than the loop's current wait.
      this.wake();
    });
  }

  /** How long to wait for the next due job: until it is due, at most `pollMs`. */
  private async waitMs(pollMs: number): Promise<number> {
    try {
      const next = await this.o.store.queue.nextDueAt(WEBHOOK_QUEUE);
      return next === undefined ? pollMs : Math.min(pollMs, Math.max(0, next - this.o.clock.now()));
    } catch (err) {
      this.log.error({ err }, 'webhook queue look-up failed');
      return pollMs;
    }
  }

  private async idle(ms: number): Promise<void> {
    // A wake() that came while we were busy is not lost: the wait is skipped.
    if (ms > 0 && !this.wakeController.signal.aborted) await this.o.clock.sleep(ms, this.wakeController.signal);
    if (this.wakeController.signal.aborted) this.wakeController = new AbortController();
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

  private toAttempt(
    sub: Subscription,
    event: OutboundEvent,
    n: number,
    outcome: AttemptOutcome,
    extra: { deadLettered: boolean; nextAttemptAt?: number },
  ): DeliveryAttempt {
    const now = this.o.clock.now();
    const result = outcome.ok ? 'success' : 'failure';
    this.o.metrics?.attempts.inc({ event_type: event.type, result });
    this.o.metrics?.duration.observe({ result }, outcome.durationMs / 1000);
    return {
      id: newId('dlv', new Date(now)),
      subscriptionId: sub.id,
      eventId: event.id,
      eventType: event.type,
      attempt: n,
      at: new Date(now).toISOString(),
      ok: outcome.ok,
      ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      durationMs: outcome.durationMs,
      deadLettered: extra.deadLettered,
      ...(extra.nextAttemptAt !== undefined ? { nextAttemptAt: new Date(extra.nextAttemptAt).toISOString() } : {}),
    };
  }

  /** Deliver one claimed job; never throws (a store failure leaves the job to come back after its lease). */
  private async process(job: Job<unknown>): Promise<void> {
    const { queue } = this.o.store;
    try {
      const parsed = DeliveryJobPayload.safeParse(job.payload);
      if (!parsed.success) {
        this.log.error({ jobId: job.id, issues: parsed.error.issues }, 'dropping a malformed webhook job');
        await queue.ack(WEBHOOK_QUEUE, job.id);
        return;
      }
      const payload = parsed.data;
      const sub = await this.o.store.subscriptions.get(payload.subscriptionId);
      if (!sub) {
        await queue.ack(WEBHOOK_QUEUE, job.id); // the subscription was deleted
        return;
      }
      const n = payload.attempts + 1;
      const outcome = await this.attempt(sub, payload.event);
      const delay = outcome.ok
        ? undefined
        : retryDelay(n, this.o.settings.retryScheduleMs, this.o.settings.jitter, this.o.random);
      const deadLettered = !outcome.ok && delay === undefined;
      const nextAttemptAt = delay === undefined ? undefined : this.o.clock.now() + delay;
      await this.o.store.deliveries.record(
        this.toAttempt(sub, payload.event, n, outcome, {
          deadLettered,
          ...(nextAttemptAt !== undefined ? { nextAttemptAt } : {}),
        }),
      );
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
      if (outcome.ok) await this.noteSuccess(sub);
      else await this.noteFailure(sub.id, outcome.error);
    } catch (err) {
      this.log.error({ err, jobId: job.id }, 'webhook delivery step failed; the job returns after its lease');
    }
  }

  private async noteSuccess(seen: Subscription): Promise<void> {
    // The common case, a healthy subscription as read for this delivery, needs no write (nor another read); a
    // failure noted meanwhile by another hub is reset by the next success.
    if (seen.consecutiveFailures === 0 && !seen.failing) return;
    const subscriptionId = seen.id;
    let cleared = false;
    await this.o.store.subscriptions.update(subscriptionId, (s) => {
      cleared = s.failing;
      return s.consecutiveFailures === 0 && !s.failing ? null : { ...s, consecutiveFailures: 0, failing: false };
    });
    if (cleared) {
      this.o.metrics?.alarms.inc({ transition: 'cleared' });
      this.log.info({ subscriptionId }, 'webhook subscription recovered; alarm cleared');
    }
  }

  private async noteFailure(subscriptionId: string, lastError: string | undefined): Promise<void> {
    let raised = false;
    const r = await this.o.store.subscriptions.update(subscriptionId, (s) => {
      const consecutiveFailures = s.consecutiveFailures + 1;
      const failing = s.failing || consecutiveFailures >= this.o.settings.alarmAfter;
      raised = failing && !s.failing;
      return { ...s, consecutiveFailures, failing };
    });
    if (!r || !raised) return;
    const sub = r.value;
    this.o.metrics?.alarms.inc({ transition: 'raised' });
    this.log.warn(
      { subscriptionId, url: sub.url, consecutiveFailures: sub.consecutiveFailures, lastError },
      'webhook subscription keeps failing; alarm raised',
    );
    const at = new Date(this.o.clock.now());
    await this.o.publisher.publish(
      {
        id: newId('evt', at),
        type: 'webhook.failing',
        timestamp: at.toISOString(),
        data: {
          subscriptionId,
          url: sub.url,
          consecutiveFailures: sub.consecutiveFailures,
          at: at.toISOString(),
          ...(lastError ? { lastError } : {}),
        },
      },
      { exclude: [subscriptionId] },
    );
  }
}
