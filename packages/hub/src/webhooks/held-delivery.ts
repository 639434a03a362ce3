import type { Clock, Store, Subscription } from '@smsfleet/core';
import type { AttemptOutcome } from './deliver';
import { toAttempt } from './attempt-record';
import type { WebhookMetrics } from './metrics';
import type { DeliveryJobPayload } from './publisher';

/**
 * A delivery due for a disabled subscription: no request; a held dead letter that a replay can send (attempt `n`).
 */
export async function holdDelivery(
  o: { store: Pick<Store, 'deliveries'>; clock: Clock; metrics?: WebhookMetrics },
  log: { info(obj: object, msg?: string): void },
  sub: Subscription,
  payload: DeliveryJobPayload,
  n: number,
): Promise<void> {
  const outcome: AttemptOutcome = { ok: false, error: 'not sent: the subscription is disabled', durationMs: 0 };
  await o.store.deliveries.record(
    toAttempt(o.clock.now(), o.metrics, sub, payload.event, n, outcome, {
      deadLettered: true,
      held: true,
      ...(payload.replay ? { replay: true } : {}),
    }),
  );
  log.info({ subscriptionId: sub.id, eventId: payload.event.id }, 'webhook delivery held: subscription disabled');
}
