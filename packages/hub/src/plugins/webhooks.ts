import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { EventPublisher } from '../webhooks/publisher';
import { WebhookDeliveryWorker } from '../webhooks/worker';
import { createWebhookMetrics } from '../webhooks/metrics';
import { HUB_VERSION } from './openapi';

/** Options of {@link webhooksPlugin}. */
export interface WebhooksPluginOptions {
  registry: Registry;
  /** Run the delivery loop between `ready` and `close` (default true). */
  runWorker: boolean;
  fetch?: typeof fetch;
  random?: () => number;
}

/**
 * Outbound webhooks for the app: `app.webhooks.publisher` (what the rest of the hub calls to emit events),
 * `app.webhooks.worker` (started when the app is ready, stopped when it closes) and their metrics.
 * Needs `app.config`, `app.store` and `app.clock`.
 */
export const webhooksPlugin = fp(
  async (app: FastifyInstance, opts: WebhooksPluginOptions) => {
    const publisher = new EventPublisher({ store: app.store, clock: app.clock });
    const metrics = createWebhookMetrics(opts.registry, app.store);
    const worker = new WebhookDeliveryWorker({
      store: app.store,
      clock: app.clock,
      publisher,
      metrics,
      settings: app.config.webhooks,
      logger: app.log.child({ component: 'webhook-worker' }),
      userAgent: `smsfleet-hub/${HUB_VERSION}`,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    // The store's queue-wake signal wakes the worker of every hub, this one's included; this local wake only saves
    // the trip through Redis for a delivery this hub just enqueued.
    publisher.onEnqueued(() => worker.wake());
    app.decorate('webhooks', { publisher, worker, metrics });
    if (opts.runWorker) {
      app.addHook('onReady', async () => {
        worker.start();
      });
      app.addHook('onClose', async () => {
        await worker.stop();
      });
    }
  },
  { name: 'smsfleet-webhooks', fastify: '5.x' },
);
