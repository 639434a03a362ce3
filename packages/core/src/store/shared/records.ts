import { z } from 'zod';
import { parseOrThrow } from '../../errors';
import {
  Contact, Conversation, DeliveryAttempt, Device, InboundSms, Message, StatusEvent, Subscription, Timestamp, doc,
} from '../../schemas';
import type { ApiKeyRecord } from '../port';
import { invalid } from './args';

/** Schema of an {@link ApiKeyRecord} as the store keeps it. */
export const ApiKeyRecordSchema = z.object({
  id: doc(z.string().min(1).max(64), 'API key id', 'key_01jd3k2m4n5p6q7r8s9t0v1w2x'),
  name: doc(z.string().min(1).max(100), 'Name given at creation', 'n8n production'),
  hash: doc(z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'), 'hex SHA-256 of the key',
    '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
  createdAt: Timestamp,
  revokedAt: Timestamp.optional(),
}).describe('A hashed API key');

/** Validate a message and its events; events must name the message. Returns parsed copies. */
export function checkMessage(message: unknown, events: unknown, field = 'message'): { message: Message; events: StatusEvent[] } {
  const m = parseOrThrow(Message, message, field);
  const ev = checkEvents(m.id, events);
  return { message: m, events: ev };
}

/** Validate timeline events for message `id`. */
export function checkEvents(id: string, events: unknown): StatusEvent[] {
  const ev = parseOrThrow(z.array(StatusEvent), events ?? [], 'events');
  ev.forEach((e, i) => {
    if (e.messageId !== id) throw invalid(`events.${i}.messageId`, `must be the message's id ${id}`);
  });
  return ev;
}

/** Parse-or-throw helpers for every other record type, each naming its argument. */
export const check = {
  inbound: (v: unknown): InboundSms => parseOrThrow(InboundSms, v, 'sms'),
  device: (v: unknown): Device => parseOrThrow(Device, v, 'device'),
  contact: (v: unknown): Contact => parseOrThrow(Contact, v, 'contact'),
  conversation: (v: unknown): Conversation => parseOrThrow(Conversation, v, 'conversation'),
  subscription: (v: unknown): Subscription => parseOrThrow(Subscription, v, 'subscription'),
  attempt: (v: unknown): DeliveryAttempt => parseOrThrow(DeliveryAttempt, v, 'attempt'),
  apiKey: (v: unknown): ApiKeyRecord => parseOrThrow(ApiKeyRecordSchema, v, 'key'),
};

/** Epoch ms of an ISO timestamp the schemas already accepted. */
export function toMs(iso: string): number {
  return Date.parse(iso);
}

/** Check that an updated record keeps its identity field. */
export function keepId<T extends Record<string, unknown>>(next: T, field: keyof T & string, expected: unknown): T {
  if (next[field] !== expected) throw invalid(field, `cannot change in an update (was ${String(expected)})`);
  return next;
}
