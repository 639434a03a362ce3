import type { HandoverLookup, HandoverQuery } from './port';
import type { MessageStatus } from '../schemas/status';

/**
 * Clocks of the hub and the gateway differ: a gateway's `createdAt` may read up to this much before the hub's intent
 * time and still be the hand-over. A listing scanned back to (intent - skew) covers every time the hand-over can carry.
 */
export const HANDOVER_CLOCK_SKEW_MS = 2 * 60_000;

/** Pages a listing scan reads at most before it gives up as `unknowable` (a very busy thread). */
export const HANDOVER_MAX_PAGES = 10;

/** One outbound message of a gateway listing, reduced to what matching needs. */
export interface ListedMessage {
  gatewayMessageId: string;
  /** Creation time on the gateway, epoch ms (NaN when absent). */
  createdAt: number;
  /** Whether this item is the hand-over asked about (client id, or recipient + text). */
  matches: boolean;
  status: MessageStatus;
  /** ISO time of the item's latest state. */
  at: string;
}

/**
 * Scan a newest-first gateway listing page by page for the hand-over in `q`. `found` for the oldest match created no
 * earlier than the intent (minus clock skew) that is not one of the message's other hand-overs; `not_found` once the
 * listing has ended or reached items older than that (nothing older can be it); `unknowable` when it goes on past
 * {@link HANDOVER_MAX_PAGES} or an item has no creation time to decide by.
 */
export async function scanListing(
  q: HandoverQuery,
  page: (n: number) => Promise<{ items: ListedMessage[]; last: boolean }>,
  how: string,
): Promise<HandoverLookup> {
  const since = q.at.getTime() - HANDOVER_CLOCK_SKEW_MS;
  const exclude = new Set(q.excludeGatewayIds ?? []);
  let best: ListedMessage | undefined;
  for (let n = 0; n < HANDOVER_MAX_PAGES; n++) {
    const { items, last } = await page(n);
    let reachedOlder = false;
    for (const it of items) {
      if (Number.isNaN(it.createdAt)) {
        if (it.matches && !exclude.has(it.gatewayMessageId))
          return { kind: 'unknowable', reason: `${how}: a matching message carries no creation time` };
        continue;
      }
      if (it.createdAt < since) {
        reachedOlder = true;
        continue;
      }
      if (it.matches && !exclude.has(it.gatewayMessageId) && (!best || it.createdAt <= best.createdAt)) best = it;
    }
    if (reachedOlder || last) {
      return best
        ? { kind: 'found', gatewayMessageId: best.gatewayMessageId, status: best.status, at: best.at }
        : { kind: 'not_found', how };
    }
  }
  if (best) return { kind: 'found', gatewayMessageId: best.gatewayMessageId, status: best.status, at: best.at };
  return {
    kind: 'unknowable',
    reason: `${how}: more than ${HANDOVER_MAX_PAGES} pages of messages since the hand-over`,
  };
}

/** Epoch ms of an ISO time, NaN when absent or unreadable. */
export function epochOf(v: string | null | undefined): number {
  return v ? Date.parse(v) : NaN;
}
