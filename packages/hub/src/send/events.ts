import type { z } from 'zod';
import { newId, type Message, type MessageStatus, type OutboundEvent, StatusChangedData } from '@smsfleet/core';

/** The `message.status_changed` event for a message that just moved from `previous`, echoing its reference. */
export function statusChangedEvent(m: Message, previous: MessageStatus, now: Date): OutboundEvent {
  // Built field by field (every status report publishes one): cheaper than spreading the optional parts.
  const data: z.infer<typeof StatusChangedData> = { messageId: m.id, to: m.to, status: m.status, previousStatus: previous, segments: m.segments, at: m.updatedAt };
  if (m.reference) data.reference = m.reference;
  if (m.metadata) data.metadata = m.metadata;
  if (m.campaign) data.campaign = m.campaign;
  if (m.tags) data.tags = m.tags;
  if (m.from) { data.deviceId = m.from.deviceId; data.sim = m.from.sim; }
  if (m.failure) data.failure = m.failure;
  return { id: newId('evt', now), type: 'message.status_changed', timestamp: now.toISOString(), data };
}

/** Job queue names used by the send pipeline. */
export const QUEUES = { send: 'send', track: 'track', orphans: 'orphan-reports', pickup: 'pickup-check' } as const;
