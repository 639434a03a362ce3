import {
  flushOrDefer,
  UNSENT_ON_PHONE,
  type Job,
  type Message,
  type Store,
  type TransitionPorts,
} from '@smsfleet/core';
import { QUEUES } from '../queues';
import type { PickupCheck } from './hand-over';

/** What {@link followUpHandover} needs. */
export interface FollowUpDeps {
  store: Pick<Store, 'messages' | 'queue' | 'conversations'>;
  ports: TransitionPorts;
  pollAfterMs: number;
  pickupTimeoutMs: number;
  /** Apply the status reports parked for a gateway id, right after it is linked. */
  applyParked?: (gateway: string, gatewayMessageId: string, now: Date, linked?: Message) => Promise<void>;
}

/**
 * The idempotent steps after an accepted hand-over: link the gateway id (and apply the reports parked for it),
 * the conversation, the tracking poll, the pickup check, the send job's ack, and the message's status events still
 * pending. Each is idempotent: a hub that finds the send job with an accepted hand-over runs them again.
 */
export async function followUpHandover(deps: FollowUpDeps, m: Message, job: Job<unknown>, now: Date): Promise<void> {
  const { store } = deps;
  const h = m.handover!;
  const gid = h.gatewayMessageId!;
  const number = m.from?.deviceId === h.deviceId ? m.from.number : undefined;
  // Independent and idempotent: run side by side; the send job is acked only once all of them are in the store.
  await Promise.all([
    (async () => {
      await store.messages.linkGatewayId(h.gateway, gid, m.id);
      await deps.applyParked?.(h.gateway, gid, now, m);
    })(),
    store.conversations.put({
      contact: m.to,
      deviceId: h.deviceId,
      sim: h.sim,
      ...(number ? { ourNumber: number } : {}),
      lastMessageId: m.id,
      lastSentAt: h.at,
    }),
    store.queue.enqueue(QUEUES.track, {
      id: m.id,
      dueAt: now.getTime() + deps.pollAfterMs,
      payload: { messageId: m.id },
    }),
    (UNSENT_ON_PHONE as readonly string[]).includes(m.status)
      ? store.queue.enqueue<PickupCheck>(QUEUES.pickup, {
          id: `${m.id}:${gid}`,
          dueAt: Date.parse(h.outcomeAt ?? h.at) + deps.pickupTimeoutMs,
          payload: { messageId: m.id, gatewayMessageId: gid },
        })
      : undefined,
  ]);
  await store.queue.ack(QUEUES.send, job.id);
  // The accept's event left pending by a crash or a failed publish (its id is fixed: never a second event).
  if (m.pendingEvents?.length) await flushOrDefer(deps.ports, m, now);
}
