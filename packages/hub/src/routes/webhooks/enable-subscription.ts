import type { Subscription } from '@smsfleet/core';
import { SubscriptionView } from '../subscriptions';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { SubscriptionIdParams, subscriptionNotFound } from './schemas';

/** `s` enabled again, with a fresh failure count (the old run would disable it again at the next failure). */
export function enabled(s: Subscription): Subscription {
  const { disabledAt: _at, disabledReason: _why, failingSince: _since, ...rest } = s;
  return { ...rest, consecutiveFailures: 0, failing: false };
}

/** `POST /webhooks/:id/enable`: re-enable a subscription that was disabled for failing. */
export function enableSubscription(app: ZodApp): void {
  app.post(
    '/webhooks/:id/enable',
    {
      config: { scope: 'webhooks' },
      schema: {
        tags: ['webhooks'],
        summary: 'Re-enable a disabled webhook subscription',
        description:
          'Clears `disabledAt`, `disabledReason` and the failure count: new events are delivered again. Deliveries ' +
          'held or dead-lettered meanwhile are not sent by this; replay them with `POST /v1/webhooks/{id}/replay`. ' +
          'Enabling a subscription that is not disabled changes nothing.',
        params: SubscriptionIdParams,
        response: { 200: SubscriptionView, ...AUTHED_ERRORS, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const r = await app.store.subscriptions.update(id, (s) => (s.disabledAt ? enabled(s) : null));
      if (!r) throw subscriptionNotFound(id);
      if (r.changed) request.log.info({ subscriptionId: id }, 'webhook subscription re-enabled');
      const { secret: _secret, ...view } = r.value;
      return view;
    },
  );
}
