import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { Registry } from 'prom-client';
import type { ApiKeyRecord, Clock, Store } from '@smsfleet/core';
import type { HubConfig } from './config';
import type { EventPublisher } from './webhooks/publisher';
import type { WebhookDeliveryWorker } from './webhooks/worker';
import type { WebhookMetrics } from './webhooks/metrics';
import type { FleetRouter } from '@smsfleet/core';
import type { FleetAdmin, FleetRegistry } from './fleet';
import type { RouteScope } from './auth/scopes';
import type { Dispatcher, SendService, Sweeper } from './send';
import type { ReportProcessor, Tracker } from './tracking';
import type { HealthMonitor } from './health';

/** The send pipeline of one app (present when the app was built with a fleet). */
export interface HubPipeline {
  fleet: FleetRegistry;
  /** Changes to connections and devices at runtime. */
  admin: FleetAdmin;
  router: FleetRouter;
  sender: SendService;
  dispatcher: Dispatcher;
  processor: ReportProcessor;
  tracker: Tracker;
  /** Finishes creates left half-done. */
  sweeper: Sweeper;
  /** Marks silent phones offline and publishes device.offline / device.online. */
  health: HealthMonitor;
}

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
    /** The send pipeline (only when built with a fleet). */
    pipeline: HubPipeline;
  }
  interface FastifyRequest {
    /** The authenticated API key; null on public routes. */
    apiKey: ApiKeyRecord | null;
  }
  interface FastifyContextConfig {
    /** True: the route takes no API key (and is not rate limited per key). Every other route requires one. */
    public?: boolean;
    /** What the route needs of the API key: a scope, `any` valid key, or `public` (see auth/scopes.ts). */
    scope?: RouteScope;
  }
}

/** The hub's fastify instance, with zod as its type provider. */
export type HubApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
