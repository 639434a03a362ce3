import {
  classifyHit,
  resolveLink,
  rollupState,
  stableId,
  visitorId,
  type Engagement,
  type LinkStats,
  type Message,
  type Store,
} from '@smsfleet/core';
import type { EventPublisher } from '../webhooks/publisher';

/** What a visitor of a short link gets. */
export type ClickOutcome = { kind: 'redirect'; url: string } | { kind: 'gone' } | { kind: 'not_found' };

const EMPTY: Engagement = { links: 0, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 };

/**
 * Short-link visits: resolve the code to a target the hub created (never an open redirect), count the hit as a
 * click or a bot hit, keep the message's engagement counts, and publish `link.clicked` for every counted click.
 */
export class ClickTracker {
  constructor(private readonly deps: { store: Store; publisher: EventPublisher }) {}

  /** Handle one request to `/l/<code>`. */
  async visit(
    code: string,
    req: { method: string; userAgent?: string | undefined; ip?: string | undefined },
    now: Date,
  ): Promise<ClickOutcome> {
    const { store } = this.deps;
    const link = await store.links.get(code);
    if (!link) return { kind: 'not_found' };
    const target = resolveLink(link, now);
    const hit = classifyHit(req);
    const bot = hit.kind === 'bot';
    // Hits after expiry still count (the fallback page was opened because of the message).
    const r = await store.links.recordHit(code, { bot, visitor: visitorId(req.ip, req.userAgent) });
    if (!r) return { kind: 'not_found' }; // purged between the two calls
    const at = now.toISOString();
    // The message's counts follow from the link's recorded stats (kept per link, summed), never from this request
    // alone: a hit recorded by a request whose message update failed is counted by the retry, and counted once.
    const updated = await store.messages.update(link.messageId, (m) => {
      const next = withLinkStats(m.engagement ?? EMPTY, code, r.stats, bot ? undefined : at);
      return next ? { message: { ...m, engagement: next } as Message, events: [] } : null;
    });
    if (updated) await store.rollups.record(rollupState(updated.value));
    if (!bot) {
      const m = updated?.value;
      await this.deps.publisher.publish({
        // One event per recorded click (its number on the link), the same id however often it is published.
        id: stableId('evt', `link.clicked:${link.id}:${r.stats.total}`, now),
        type: 'link.clicked',
        timestamp: at,
        data: {
          messageId: link.messageId,
          to: link.to,
          linkId: link.id,
          url: link.url,
          clickedAt: at,
          firstClick: r.stats.total === 1 || m?.engagement?.firstClickAt === at,
          ...(link.reference ? { reference: link.reference } : {}),
          ...(link.metadata ? { metadata: link.metadata } : {}),
          ...((m?.campaign ?? link.campaign) ? { campaign: m?.campaign ?? link.campaign } : {}),
          ...(link.tags ? { tags: link.tags } : {}),
        },
      });
    }
    return target.kind === 'gone' ? { kind: 'gone' } : { kind: 'redirect', url: target.url };
  }
}

/**
 * `e` with link `code`'s counts raised to `stats` (counts only grow: a stale read never lowers them) and the click
 * totals recomputed as the sums over the message's links; `clickedAt` sets the first click time. Null when nothing
 * changes (a retried update that already landed).
 */
export function withLinkStats(
  e: Engagement,
  code: string,
  stats: LinkStats,
  clickedAt: string | undefined,
): Engagement | null {
  const prev = e.linkCounts?.[code];
  const cur: LinkStats = prev
    ? {
        total: Math.max(prev.total, stats.total),
        unique: Math.max(prev.unique, stats.unique),
        bots: Math.max(prev.bots, stats.bots),
      }
    : { ...stats };
  const linkCounts = { ...e.linkCounts, [code]: cur };
  const sum = (f: keyof LinkStats) => Object.values(linkCounts).reduce((n, s) => n + s[f], 0);
  // Counts kept before links were recorded per link (older messages) are never lowered.
  const next: Engagement = {
    ...e,
    linkCounts,
    clicks: Math.max(e.clicks, sum('total')),
    uniqueClicks: Math.max(e.uniqueClicks, sum('unique')),
    botHits: Math.max(e.botHits, sum('bots')),
    ...(e.firstClickAt || !clickedAt || cur.total === 0 ? {} : { firstClickAt: clickedAt }),
  };
  const same =
    prev &&
    prev.total === cur.total &&
    prev.unique === cur.unique &&
    prev.bots === cur.bots &&
    next.clicks === e.clicks &&
    next.uniqueClicks === e.uniqueClicks &&
    next.botHits === e.botHits &&
    next.firstClickAt === e.firstClickAt;
  return same ? null : next;
}
