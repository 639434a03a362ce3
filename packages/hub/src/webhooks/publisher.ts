import { z } from 'zod';
import { OutboundEvent, parseOrThrow, type Clock, type Store, type Subscription } from '@smsfleet/core';
import { WEBHOOK_QUEUE } from './metrics';

/** The payload of one delivery job: which event goes to which subscription, and how many attempts were made. */
export const DeliveryJobPayload = z.object({
  subscriptionId: z.string().min(1),
  event: OutboundEvent,
  /** Attempts already made (0 before the first). */
  attempts: z.number().int().min(0),
  /** True when an operator replayed the delivery (recorded on its attempts). */
  replay: z.boolean().optional(),
});
export type DeliveryJobPayload = z.infer<typeof DeliveryJobPayload>;

/**
 * The job id of `event` for `subscriptionId`: publishing the same event again while its delivery is waiting or under
 * way changes nothing (a status event left pending is published again after a failure, see
 * core/src/status/transition.ts).
 */
export function deliveryJobId(subscriptionId: string, eventId: string): string {
  return `${subscriptionId}:${eventId}`;
}

/**
 * The first word of a text as a keyword filter reads it: trimmed, upper-cased, trailing punctuation dropped
 * (`"Yes, at 10"` is `YES`). Empty for an empty text.
 */
export function firstWord(body: string): string {
  return (body.trim().split(/\s+/u)[0] ?? '').replace(/[.!?,;:]+$/u, '').toUpperCase();
}

/**
 * True when `sub` wants `event`: its type is subscribed and its filters pass. Status changes: `statuses`. Inbound
 * texts: `from` (the sender, both sides E.164) and `keywords` (the text's {@link firstWord}, both upper-case).
 */
export function subscriptionWants(sub: Subscription, event: OutboundEvent): boolean {
  if (!sub.events.includes(event.type)) return false;
  if (event.type === 'message.status_changed' && sub.statuses?.length) return sub.statuses.includes(event.data.status);
  if (event.type === 'sms.received') {
    if (sub.from?.length && !sub.from.includes(event.data.from)) return false;
    if (sub.keywords?.length && !sub.keywords.some((k) => k.toUpperCase() === firstWord(event.data.body))) return false;
  }
  return true;
}

/** Options of {@link EventPublisher.publish}. */
export interface PublishOptions {
  /** Subscriptions not to deliver to (a failing subscription is not told about itself). */
  exclude?: readonly string[];
}

/** What {@link EventPublisher.publish} did. */
export interface PublishResult {
  eventId: string;
  /** Subscriptions a delivery was enqueued for. */
  subscriptionIds: string[];
}

/**
 * Publishes outbound events: one delivery job per matching subscription on the store's `webhooks` queue,
 * with the event in the job payload. The delivery worker of any hub on the same store picks them up. The
 * send pipeline, gateway ingress, short links and opt-outs call this.
 */
export class EventPublisher {
  private readonly listeners = new Set<() => void>();
  private readonly observers = new Set<(event: OutboundEvent) => void>();

  constructor(private readonly deps: { store: Pick<Store, 'subscriptions' | 'queue'>; clock: Clock }) {}

  /** Call `fn` after every publish that enqueued something (the local worker uses it to wake up). */
  onEnqueued(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Call `fn` with every event this hub publishes, whether or not a subscription wants it (the dashboard's
   * live stream). Local to this hub process. Returns the unsubscribe function.
   */
  onPublished(fn: (event: OutboundEvent) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  /**
   * Validate `event` (`SMSFLEET_ERR_VALIDATION` naming the field) and enqueue it for every subscription that wants it.
   */
  async publish(event: OutboundEvent, opts: PublishOptions = {}): Promise<PublishResult> {
    const e = parseOrThrow(OutboundEvent, event, 'event');
    const subs = (await this.deps.store.subscriptions.list()).filter(
      (s) => !opts.exclude?.includes(s.id) && subscriptionWants(s, e),
    );
    const now = this.deps.clock.now();
    // If absent: a delivery in flight keeps its lease and attempts (a replaced job would start again, and go twice).
    await Promise.all(
      subs.map((s) =>
        this.deps.store.queue.enqueueIfAbsent<DeliveryJobPayload>(WEBHOOK_QUEUE, {
          id: deliveryJobId(s.id, e.id),
          dueAt: now,
          payload: { subscriptionId: s.id, event: e, attempts: 0 },
        }),
      ),
    );
    if (subs.length) for (const fn of this.listeners) fn();
    for (const fn of this.observers) fn(e);
    return { eventId: e.id, subscriptionIds: subs.map((s) => s.id) };
  }
}
