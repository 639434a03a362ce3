import { newId, type DeliveryAttempt, type OutboundEvent, type Subscription } from '@smsfleet/core';
import type { AttemptOutcome } from './deliver';
import type { WebhookMetrics } from './metrics';

/** How an attempt ended for the log: dead-lettered, due again, held (not sent), or part of a replay. */
export interface AttemptExtra {
  deadLettered: boolean;
  nextAttemptAt?: number;
  held?: boolean;
  replay?: boolean;
}

/** The delivery log's record of attempt `n` of `event` to `sub` at `now`; counts it in `metrics` unless held. */
export function toAttempt(
  now: number,
  metrics: WebhookMetrics | undefined,
  sub: Subscription,
  event: OutboundEvent,
  n: number,
  outcome: AttemptOutcome,
  extra: AttemptExtra,
): DeliveryAttempt {
  const result = outcome.ok ? 'success' : 'failure';
  if (!extra.held) {
    metrics?.attempts.inc({ event_type: event.type, result });
    metrics?.duration.observe({ result }, outcome.durationMs / 1000);
  }
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
    ...(extra.held ? { held: true } : {}),
    ...(extra.replay ? { replay: true } : {}),
    event,
  };
}
