import { newId, type Message, type MessageStatus, type OutboundEvent } from '@smsfleet/core';

/** The `message.status_changed` event for a message that just moved from `previous`, echoing its reference. */
export function statusChangedEvent(m: Message, previous: MessageStatus, now: Date): OutboundEvent {
  return {
    id: newId('evt', now), type: 'message.status_changed', timestamp: now.toISOString(),
    data: {
      messageId: m.id, to: m.to, status: m.status, previousStatus: previous, segments: m.segments, at: m.updatedAt,
      ...(m.reference ? { reference: m.reference } : {}), ...(m.metadata ? { metadata: m.metadata } : {}),
      ...(m.campaign ? { campaign: m.campaign } : {}), ...(m.tags ? { tags: m.tags } : {}),
      ...(m.from ? { deviceId: m.from.deviceId, sim: m.from.sim } : {}), ...(m.failure ? { failure: m.failure } : {}),
    },
  };
}

/** Job queue names used by the send pipeline. */
export const QUEUES = { send: 'send', track: 'track', orphans: 'orphan-reports', pickup: 'pickup-check' } as const;
