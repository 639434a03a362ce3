import type { StatusEvent } from '../schemas/events';
import type { Encoding, Message } from '../schemas/message';
import type { MessageChange } from '../store/messages/port';
import { awaitsHandOver } from './phase';

/** An edit of a message not yet handed over, as the hub checked it: the new text already analysed. */
export interface MessageEdit {
  body?: { text: string; segments: number; encoding: Encoding };
  sendAt?: string;
  deviceId?: string;
  sim?: number;
}

/**
 * Why `m` can no longer be edited, or undefined when it can: only a message still waiting for its hand-over (queued
 * or scheduled, no gateway id, no hand-over under way or accepted) may change. A hand-over closed without sending
 * (refused, not found, or cancelled by the gateway for a failover) leaves it editable again.
 */
export function editRefusal(m: Message): string | undefined {
  if (!awaitsHandOver(m)) return `status is ${m.status}${m.gatewayMessageId ? ', a gateway has it' : ''}`;
  const h = m.handover;
  if (h && !h.outcome) return `hand-over ${h.attempt} to ${h.deviceId} SIM ${h.sim} is under way`;
  if (h?.outcome === 'accepted' && m.gatewayMessageId === h.gatewayMessageId)
    return `handed over to ${h.deviceId} SIM ${h.sim}`;
  return undefined;
}

/**
 * True when `c` differs from `routed` (the message as the dispatcher read it) in anything an edit changes: the
 * dispatcher must not hand over what it routed, since the text, schedule or phone it would send is no longer the
 * message's. Checked inside the hand-over intent's compare-and-set, so an edit and a hand-over never both win.
 */
export function editedSince(c: Message, routed: Pick<Message, 'body' | 'sendAt' | 'requested'>): boolean {
  return (
    c.body !== routed.body ||
    c.sendAt !== routed.sendAt ||
    c.requested?.deviceId !== routed.requested?.deviceId ||
    c.requested?.sim !== routed.requested?.sim
  );
}

/**
 * The change that applies `edit` to `c` at `now`, with a `message.updated` timeline entry (`eventId`); null when `c`
 * may no longer be edited ({@link editRefusal}). A `sendAt` in the future schedules it, one not after `now` makes it
 * due at once; the expiry moves with the start, so the message keeps the time to live it was sent with.
 */
export function editChange(c: Message, edit: MessageEdit, now: Date, eventId: string): MessageChange | null {
  if (editRefusal(c)) return null;
  const at = now.toISOString();
  const m: Message = { ...c, updatedAt: at };
  const changed: string[] = [];
  if (edit.body) {
    m.body = edit.body.text;
    m.segments = edit.body.segments;
    m.encoding = edit.body.encoding;
    changed.push(`body (${edit.body.segments} segment${edit.body.segments === 1 ? '' : 's'})`);
  }
  if (edit.sendAt !== undefined) {
    const oldStart = Date.parse(c.sendAt ?? c.createdAt);
    const newStart = Math.max(now.getTime(), Date.parse(edit.sendAt));
    if (newStart > now.getTime()) {
      m.sendAt = new Date(newStart).toISOString();
      m.status = 'scheduled';
    } else {
      delete m.sendAt;
      m.status = 'queued';
    }
    if (c.expiresAt) m.expiresAt = new Date(Date.parse(c.expiresAt) + newStart - oldStart).toISOString();
    changed.push(`sendAt ${m.sendAt ?? 'now'}`);
  }
  if (edit.deviceId !== undefined || edit.sim !== undefined) {
    const deviceId = edit.deviceId ?? c.requested?.deviceId;
    const sim = edit.sim ?? c.requested?.sim;
    m.requested = { ...(deviceId !== undefined ? { deviceId } : {}), ...(sim !== undefined ? { sim } : {}) };
    changed.push(`device ${deviceId ?? 'any'} SIM ${sim ?? 'any'}`);
  }
  const event: StatusEvent = {
    id: eventId,
    messageId: c.id,
    status: m.status,
    at,
    source: 'api',
    kind: 'message.updated',
    note: `edited: ${changed.join(', ')}`.slice(0, 500),
  };
  return { message: m, events: [event] };
}
