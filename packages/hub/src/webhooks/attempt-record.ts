import { newId, vouchForAttempt, type DeliveryAttempt, type OutboundEvent, type Subscription } from '@smsfleet/core';
import type { AttemptOutcome } from './deliver';
import type { WebhookMetrics } from './metrics';

/** How an attempt ended for the log: dead-lettered, due again, held (not sent), or part of a replay. */
export interface AttemptExtra {
  deadLettered: boolean;
  nextAttemptAt?: number;
  held?: boolean;
  replay?: boolean;
}

/** The fields of an attempt that come from outside a checked value (the subscriber's answer, the timing). */
const CHECKED = ['attempt', 'statusCode', 'error', 'durationMs', 'nextAttemptAt'] as const;

/**
 * Plain checks that imply a numeric field's schema (`int()` takes safe integers; `number()` no NaN or Infinity): a
 * value one settles needs no schema parse, and any other goes through its schema, which names what is wrong.
 */
const SETTLED: Partial<Record<(typeof CHECKED)[number], (v: unknown) => boolean>> = {
  attempt: (v) => Number.isSafeInteger(v) && (v as number) >= 1,
  statusCode: (v) => Number.isSafeInteger(v),
  durationMs: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
};

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
  // Built field by field: spreading the optional parts into a literal was most of this function's CPU per delivery.
  const at = new Date(now);
  const a: DeliveryAttempt = {
    id: newId('dlv', at),
    subscriptionId: sub.id,
    eventId: event.id,
    eventType: event.type,
    attempt: n,
    at: at.toISOString(),
    ok: outcome.ok,
    durationMs: outcome.durationMs,
    deadLettered: extra.deadLettered,
    event,
  };
  if (outcome.statusCode !== undefined) a.statusCode = outcome.statusCode;
  if (outcome.error !== undefined) a.error = outcome.error;
  if (extra.nextAttemptAt !== undefined) a.nextAttemptAt = new Date(extra.nextAttemptAt).toISOString();
  if (extra.held) a.held = true;
  if (extra.replay) a.replay = true;
  // Every other field comes from a checked subscription, the hub-built event and this function: the delivery log
  // records it without parsing it again (the parse was 3.5% of a report's CPU on the memory store).
  // A field it cannot vouch for that fails is left to the log, which refuses the record as before: no throw here.
  try {
    // An optional field left out passes its schema, and a number a plain check settles needs no parse: a success
    // parses none of the five (their parses were a third of this function's CPU).
    let check: (typeof CHECKED)[number][] | undefined; // usually none: no array made
    for (const k of CHECKED) if (a[k] !== undefined && !SETTLED[k]?.(a[k])) (check ??= []).push(k);
    vouchForAttempt(a, check);
  } catch {
    // not vouched for: parsed (and refused by field) where it is recorded
  }
  return a;
}
