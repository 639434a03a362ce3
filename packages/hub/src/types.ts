import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { Registry } from 'prom-client';
import type { ApiKeyRecord, Clock, Store } from '@smsfleet/core';
import type { HubConfig } from './config';
import type { EventPublisher } from './webhooks/publisher';
import type { WebhookDeliveryWorker } from './webhooks/worker';
import type { WebhookMetrics } from './webhooks/metrics';

/** The outbound webhook machinery of one app. */
export interface HubWebhooks {
  publisher: EventPublisher;
  worker: WebhookDeliveryWorker;
  metrics: WebhookMetrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The frozen hub configuration. */
    config: HubConfig;
    /** The state store. */
    store: Store;
    /** Time, as a dependency. */
    clock: Clock;
    /** This app's prom-client registry. */
    metricsRegistry: Registry;
    /** Outbound webhooks: publish events, the delivery worker. */
    webhooks: HubWebhooks;
  }
  interface FastifyRequest {
    /** The authenticated API key; null on public routes. */
    apiKey: ApiKeyRecord | null;
  }
  interface FastifyContextConfig {
    /** True: the route takes no API key (and is not rate limited per key). Every other route requires one. */
    public?: boolean;
  }
}

/** The hub's fastify instance, with zod as its type provider. */
export type HubApp = FastifyInstance<
  RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
