import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Store } from '@smsfleet/core';
import { QUEUES } from '../queues';

/** The queue webhook deliveries wait in. */
export const WEBHOOK_QUEUE = QUEUES.webhooks;

/** Prometheus metrics of outbound webhooks. */
export interface WebhookMetrics {
  /** Attempts by event type and result (`success`, `failure`). */
  attempts: Counter<'event_type' | 'result'>;
  /** Deliveries given up after the last attempt. */
  deadLetters: Counter<'event_type'>;
  /** Attempt round-trip time. */
  duration: Histogram<'result'>;
  /** Alarms raised (a subscription became failing), cleared, and subscriptions disabled, by this process. */
  alarms: Counter<'transition'>;
}

/**
 * Register the webhook metrics on `registry`. Two gauges read the shared store at scrape time, so every hub
 * reports the same numbers: `smsfleet_webhook_subscription_failing{subscription_id}` (1 while the alarm is
 * raised), `smsfleet_webhook_subscription_disabled{subscription_id}` and `smsfleet_webhook_queue_size`.
 */
export function createWebhookMetrics(
  registry: Registry,
  store: Pick<Store, 'subscriptions' | 'queue'>,
): WebhookMetrics {
  const registers = [registry];
  new Gauge({
    name: 'smsfleet_webhook_subscription_failing',
    help: '1 while a subscription keeps failing (alarm raised), else 0',
    labelNames: ['subscription_id'],
    registers,
    async collect() {
      this.reset();
      for (const s of await store.subscriptions.list()) this.set({ subscription_id: s.id }, s.failing ? 1 : 0);
    },
  });
  new Gauge({
    name: 'smsfleet_webhook_subscription_disabled',
    help: '1 while a subscription is disabled (it failed too long; its deliveries are held), else 0',
    labelNames: ['subscription_id'],
    registers,
    async collect() {
      this.reset();
      for (const s of await store.subscriptions.list()) this.set({ subscription_id: s.id }, s.disabledAt ? 1 : 0);
    },
  });
  new Gauge({
    name: 'smsfleet_webhook_queue_size',
    help: 'Webhook deliveries waiting or in flight',
    registers,
    async collect() {
      this.set(await store.queue.size(WEBHOOK_QUEUE));
    },
  });
  return {
    attempts: new Counter({
      name: 'smsfleet_webhook_attempts_total',
      help: 'Webhook delivery attempts',
      labelNames: ['event_type', 'result'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'smsfleet_webhook_dead_letters_total',
      help: 'Webhook deliveries dead-lettered after the last attempt',
      labelNames: ['event_type'],
      registers,
    }),
    duration: new Histogram({
      name: 'smsfleet_webhook_attempt_duration_seconds',
      help: 'Webhook attempt round-trip time',
      labelNames: ['result'],
      registers,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    alarms: new Counter({
      name: 'smsfleet_webhook_alarms_total',
      help: 'Webhook alarms raised or cleared, and subscriptions disabled',
      labelNames: ['transition'],
      registers,
    }),
  };
}
