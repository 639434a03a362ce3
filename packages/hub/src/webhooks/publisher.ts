import { z } from 'zod';
import {
  isBuiltStatusEvent,
  type Job,
  OutboundEvent,
  parseOrThrow,
  type Clock,
  type Store,
  type Subscription,
} from '@smsfleet/core';
import { isBuiltClickEvent } from '../engagement/click-event';
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
 * A delivery worker of this hub that takes new deliveries straight from {@link EventPublisher.publish}: a delivery
 * for which it has a free slot is enqueued already claimed for it (queue `enqueueClaimedIfAbsent`), one round trip
 * instead of an enqueue and a claim.
 */
export interface DeliveryTaker {
  /** The lease of a delivery it takes. */
  readonly leaseMs: number;
  /** Hold a free slot for one delivery; false when none is free (the delivery then waits in the queue). */
  reserve(): boolean;
  /** The outcome of a {@link reserve}: the delivery claimed for it, or undefined (it was there already, or failed). */
  take(job: Job<DeliveryJobPayload> | undefined): void;
}

/** How many recent event ids a hub remembers to show each event once. */
const SEEN_EVENTS = 2_000;

/** The signal channel that carries every published event to every hub of the store (the dashboards' live streams). */
export const EVENTS_CHANNEL = 'events';

/**
 * Publishes outbound events: one delivery job per matching subscription on the store's `webhooks` queue,
 * with the event in the job payload. The delivery worker of any hub on the same store picks them up. The
 * send pipeline, gateway ingress, short links and opt-outs call this. Every event also goes out on the store's
 * {@link EVENTS_CHANNEL} signal, which {@link onPublished} observers on every hub receive.
 */
export class EventPublisher {
  private readonly listeners = new Set<() => void>();
  private readonly observers = new Set<(event: OutboundEvent) => void>();
  /** The one subscription to the events channel, held while this hub has observers. */
  private channel?: Promise<() => Promise<void>>;
  /** Ids of the events observers were given lately, oldest first: an event published again is not shown again. */
  private readonly seen = new Set<string>();

  constructor(private readonly deps: { store: Pick<Store, 'subscriptions' | 'queue' | 'signals'>; clock: Clock }) {}

  /** The local worker that takes new deliveries while it has free slots (undefined: none, or stopped). */
  private taker: DeliveryTaker | undefined;

  /** Hand new deliveries to `taker` while it has free slots, until the returned function is called. */
  setTaker(taker: DeliveryTaker): () => void {
    this.taker = taker;
    return () => {
      if (this.taker === taker) this.taker = undefined;
    };
  }

  /** Call `fn` after every publish that enqueued something (the local worker uses it to wake up). */
  onEnqueued(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Call `fn` with every event any hub of this store publishes, whether or not a subscription wants it (the dashboard's
   * live stream), each once: a hub's own events come back through the store's signal too, never straight from
   * {@link publish}, so there is one path. Resolves once the subscription is in place (the store's error if it cannot
   * be made) with the unsubscribe function. Best effort: events published while the store's connection is down are
   * not seen.
   */
  async onPublished(fn: (event: OutboundEvent) => void): Promise<() => void> {
    this.observers.add(fn);
    this.channel ??= this.deps.store.signals.subscribe(EVENTS_CHANNEL, (m) => this.observe(m));
    const channel = this.channel;
    try {
      await channel;
    } catch (e) {
      this.observers.delete(fn);
      if (this.channel === channel) this.channel = undefined;
      throw e;
    }
    return () => {
      if (!this.observers.delete(fn) || this.observers.size > 0 || this.channel !== channel) return;
      this.channel = undefined;
      void channel.then((off) => off()).catch(() => undefined);
    };
  }

  private observe(message: string): void {
    let event: OutboundEvent;
    try {
      event = JSON.parse(message) as OutboundEvent; // written by publish below, after validation
    } catch {
      return;
    }
    // Publishing is idempotent for webhooks (the job id), and a change's event may be published twice (by the change,
    // and by the tracker's flush of pending events): a live view shows it once.
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (this.seen.size > SEEN_EVENTS) this.seen.delete(this.seen.values().next().value!);
    for (const fn of [...this.observers]) fn(event);
  }

  /**
   * Enqueue the delivery of `e` to subscription `subId`: claimed for the local taker when it has a free slot, else
   * left waiting for a claim. True when it was left waiting.
   */
  private async enqueue(subId: string, e: OutboundEvent, now: number): Promise<boolean> {
    const job = {
      id: deliveryJobId(subId, e.id),
      dueAt: now,
      payload: { subscriptionId: subId, event: e, attempts: 0 },
    };
    const { queue } = this.deps.store;
    const taker = this.taker;
    if (!taker?.reserve()) {
      await queue.enqueueIfAbsent<DeliveryJobPayload>(WEBHOOK_QUEUE, job);
      return true;
    }
    let claimed: Job<DeliveryJobPayload> | undefined;
    try {
      claimed = await queue.enqueueClaimedIfAbsent<DeliveryJobPayload>(WEBHOOK_QUEUE, job, now, taker.leaseMs);
    } finally {
      taker.take(claimed); // after a failure too: the slot is freed (a write that landed returns after its lease)
    }
    return false;
  }

  /**
   * Validate `event` (`SMSFLEET_ERR_VALIDATION` naming the field) and enqueue it for every subscription that wants it.
   * The subscriptions are the store's snapshot: one created through this store before the call is included; one
   * created on another hub once its change signal has arrived (see `SubscriptionRepo.snapshot`). A status event core
   * built from a stored message is valid by construction and taken as it is (one schema parse less per report), and
   * so is a `link.clicked` the hit counter built from a stored link (one less per click).
   */
  async publish(event: OutboundEvent, opts: PublishOptions = {}): Promise<PublishResult> {
    const e =
      isBuiltStatusEvent(event) || isBuiltClickEvent(event) ? event : parseOrThrow(OutboundEvent, event, 'event');
    const subs = (await this.deps.store.subscriptions.snapshot()).filter(
      (s) => !opts.exclude?.includes(s.id) && subscriptionWants(s, e),
    );
    const now = this.deps.clock.now();
    // If absent: a delivery in flight keeps its lease and attempts (a replaced job would start again, and go twice).
    const waiting = await Promise.all(subs.map((s) => this.enqueue(s.id, e, now)));
    // Only a delivery left waiting needs a worker woken: a taken one is under way.
    if (waiting.includes(true)) for (const fn of this.listeners) fn();
    // A hint for live views, after the deliveries are safe: a lost one costs a tick on a dashboard, never a webhook.
    // Not even built when no view can hear it (the memory store with no live view open: a copy of the event saved).
    const { signals } = this.deps.store;
    if (signals.heard?.(EVENTS_CHANNEL) !== false)
      signals.publish(EVENTS_CHANNEL, JSON.stringify(e)).catch(() => undefined);
    return { eventId: e.id, subscriptionIds: subs.map((s) => s.id) };
  }
}
