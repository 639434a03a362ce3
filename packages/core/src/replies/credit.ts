import type { InReplyTo, InboundSms, Message } from '../schemas';
import type { Store } from '../store/port';

/** Default reply window: a text is credited to a message sent to that contact within the last 72 hours. */
export const DEFAULT_REPLY_WINDOW_MS = 72 * 3600_000;

/**
 * The message an inbound text answers: the latest message sent to the contact in that conversation (our SIM x the
 * contact; any of the contact's conversations when the gateway did not say which SIM received it), if it was
 * sent within `windowMs` before the text arrived. Returns the message too, so the caller can count the reply.
 */
export async function creditReply(
  store: Pick<Store, 'conversations' | 'messages'>,
  sms: Pick<InboundSms, 'from' | 'deviceId' | 'sim' | 'receivedAt'>,
  windowMs = DEFAULT_REPLY_WINDOW_MS,
): Promise<{ inReplyTo: InReplyTo; message: Message } | undefined> {
  const conv =
    sms.sim !== undefined
      ? ((await store.conversations.get(sms.from, sms.deviceId, sms.sim)) ?? undefined)
      : await store.conversations.latest(sms.from);
  if (!conv?.lastMessageId || !conv.lastSentAt) return undefined;
  const age = Date.parse(sms.receivedAt) - Date.parse(conv.lastSentAt);
  // a minute of clock skew between phone and hub is tolerated
  if (!(age >= -60_000 && age <= windowMs)) return undefined;
  const message = await store.messages.get(conv.lastMessageId);
  if (!message) return undefined; // purged
  return {
    message,
    inReplyTo: {
      messageId: message.id,
      ...(message.reference ? { reference: message.reference } : {}),
      ...(message.campaign ? { campaign: message.campaign } : {}),
      ...(message.tags ? { tags: message.tags } : {}),
      ...(message.sentAt ? { sentAt: message.sentAt } : { sentAt: conv.lastSentAt }),
    },
  };
}
