import { OutboundEvent, SmsfleetError, type Clock, type DeliveryAttempt, type Store } from '@smsfleet/core';
import { WEBHOOK_QUEUE } from './metrics';
import { deliveryJobId, type DeliveryJobPayload } from './publisher';

/** Which deliveries of one subscription to replay: one by id, or every one recorded in a time range. */
export type ReplaySelection =
  | { deliveryId: string }
  | {
      /** Inclusive lower bound of the attempt time, in epoch ms (absent: the start of the log). */
      from?: number;
      /** Inclusive upper bound, in epoch ms (absent: now). */
      to?: number;
      /** Only events dead-lettered (or held) and never delivered since. */
      onlyDead: boolean;
    };

/** What a replay did. */
export interface ReplayResult {
  /** Deliveries put on the queue by this call. */
  queued: number;
  /** Events selected that were already waiting on the queue (a replay still pending, or a retry): not added again. */
  alreadyQueued: number;
  /** The event ids selected (each is the `webhook-id` the receiver sees again). */
  eventIds: string[];
}

type Deps = { store: Pick<Store, 'deliveries' | 'queue'>; clock: Clock };

function notFound(deliveryId: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No delivery ${deliveryId} in this subscription's log.`, {
    field: 'body.deliveryId',
    reason: 'no such delivery (or dropped from the log by its cap)',
  });
}

/** Every attempt of the log, newest first (the log is capped, so this is bounded). */
async function wholeLog(deps: Deps, subscriptionId: string): Promise<DeliveryAttempt[]> {
  const all: DeliveryAttempt[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.deliveries.list(subscriptionId, { limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** The events of the log to replay for a range selection, oldest first, one per event id. */
function pick(log: DeliveryAttempt[], sel: { from?: number; to?: number; onlyDead: boolean }, now: number) {
  const from = sel.from ?? -Infinity;
  const to = sel.to ?? now;
  // A delivered event is not replayed by onlyDead, so replaying a range again after it succeeded sends nothing.
  const delivered = new Set(log.filter((a) => a.ok).map((a) => a.eventId));
  const picked = new Map<string, DeliveryAttempt>();
  for (const a of [...log].reverse()) {
    const t = Date.parse(a.at);
    if (t < from || t > to || picked.has(a.eventId) || !a.event) continue;
    if (sel.onlyDead && (!a.deadLettered || delivered.has(a.eventId))) continue;
    picked.set(a.eventId, a);
  }
  return [...picked.values()];
}

/**
 * Put deliveries of `subscriptionId` back on the durable webhook queue, each with its original event (so the same
 * `webhook-id`; the receiver dedupes by it). The job id is the one the event's first delivery had: an event already
 * waiting on the queue is not added again, so replaying twice while the first replay is pending enqueues once.
 * `SMSFLEET_ERR_NOT_FOUND` (field `body.deliveryId`) for an unknown delivery id.
 */
export async function replayDeliveries(
  deps: Deps,
  subscriptionId: string,
  sel: ReplaySelection,
): Promise<ReplayResult> {
  const now = deps.clock.now();
  let chosen: DeliveryAttempt[];
  if ('deliveryId' in sel) {
    const a = await deps.store.deliveries.get(subscriptionId, sel.deliveryId);
    if (!a) throw notFound(sel.deliveryId);
    if (!a.event) {
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'This delivery was recorded without its event.', {
        field: 'body.deliveryId',
        reason: 'recorded before replay existed: its event was not kept',
      });
    }
    chosen = [a];
  } else {
    chosen = pick(await wholeLog(deps, subscriptionId), sel, now);
  }
  let queued = 0;
  for (const a of chosen) {
    const event = OutboundEvent.parse(a.event);
    const added = await deps.store.queue.enqueueIfAbsent<DeliveryJobPayload>(WEBHOOK_QUEUE, {
      id: deliveryJobId(subscriptionId, event.id),
      dueAt: now,
      payload: { subscriptionId, event, attempts: 0, replay: true },
    });
    if (added) queued++;
  }
  return { queued, alreadyQueued: chosen.length - queued, eventIds: chosen.map((a) => a.eventId) };
}
