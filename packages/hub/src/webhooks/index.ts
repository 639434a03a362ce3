/** Outbound webhooks: publishing events, delivering them signed, retries, dead letters and alarms. */
export {
  EventPublisher,
  DeliveryJobPayload,
  deliveryJobId,
  subscriptionWants,
  type PublishOptions,
  type PublishResult,
} from './publisher';
export { WebhookDeliveryWorker, type WorkerOptions, type WorkerLogger } from './worker';
export { attemptDelivery, type AttemptArgs, type AttemptOutcome } from './deliver';
export { signWebhook, newWebhookSecret, SECRET_PREFIX, type SignatureHeaders } from './signing';
export { retryDelay, maxAttempts } from './backoff';
export { createWebhookMetrics, WEBHOOK_QUEUE, type WebhookMetrics } from './metrics';
