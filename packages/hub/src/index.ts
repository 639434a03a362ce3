/**
 * @smsfleet/hub: the service every front-end talks to (REST API, signed webhooks), built on fastify.
 */
export { buildApp, type AppDeps } from './app';
export type { HubApp, HubWebhooks } from './types';
export * from './config';
export * from './fleet';
export * from './webhooks';
export { createApiKey, hashApiKey, authenticate, API_KEY_PREFIX } from './auth';
export { toSmsfleetError } from './plugins/error-mapping';
export { ErrorResponse, pageOf, PageQuery } from './routes/schemas';
export { SubscriptionView, CreateSubscriptionBody } from './routes/subscriptions';
export { HUB_VERSION } from './plugins/openapi';
export { openStore } from './open-store';
export { startServer, type RunningServer } from './server';
