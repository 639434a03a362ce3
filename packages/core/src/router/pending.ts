import type { Message } from '../schemas';
import type { Store } from '../store/port';

/** Statuses of messages a phone has been handed but has not sent yet. */
export const UNSENT_ON_PHONE = ['accepted', 'pending'] as const;

/**
 * Messages handed to `deviceId` that the phone has not sent yet (status `accepted` or `pending`), every
 * page of them, newest first. When a device goes offline the send pipeline cancels these on the gateway
 * and requeues them so the router can send them from another SIM.
 */
export async function pendingOn(store: Pick<Store, 'messages'>, deviceId: string): Promise<Message[]> {
  const out: Message[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.messages.list({ deviceId, status: [...UNSENT_ON_PHONE] }, { cursor, limit: 500 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
