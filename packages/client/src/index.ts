/**
 * `@smsfleet/client`: the one client of the smsfleet hub that every front-end (the CLI, n8n, Zapier, Slack) uses.
 * REST calls with the hub's errors and bounded rate-limit waits, the fail-closed Standard Webhooks verifier, and the
 * hub's payload types. No runtime dependencies.
 */
export { HubClient, withQuery, type HubAnswer, type HubClientOptions } from './hub-client';
export { HubError, renameField, type HubIssue } from './hub-error';
export { fetchTransport, type Transport, type TransportRequest, type TransportResponse } from './transport';
export {
  verifyWebhook,
  WEBHOOK_REFUSALS,
  type HeaderBag,
  type VerifyWebhookInput,
  type WebhookRefusal,
  type WebhookVerdict,
} from './verify-webhook';
export type * from './types';
