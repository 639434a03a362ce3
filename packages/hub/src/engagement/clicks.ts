import { classifyHit, newId, resolveLink, visitorId, type Engagement, type Message, type Store } from '@smsfleet/core';
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
  async visit(code: string, req: { method: string; userAgent?: string | undefined; ip?: string | undefined }, now: Date): Promise<ClickOutcome> {
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
    const updated = await store.messages.update(link.messageId, (m) => {
      const e = m.engagement ?? EMPTY;
      const next: Engagement = bot ? { ...e, botHits: e.botHits + 1 }
        : { ...e, clicks: e.clicks + 1, uniqueClicks: e.uniqueClicks + (r.newVisitor ? 1 : 0), ...(e.firstClickAt ? {} : { firstClickAt: at }) };
      return { message: { ...m, engagement: next } as Message, events: [] };
    });
    if (!bot) {
      const m = updated?.value;
      await this.deps.publisher.publish({
        id: newId('evt', now), type: 'link.clicked', timestamp: at,
        data: {
          messageId: link.messageId, to: link.to, linkId: link.id, url: link.url, clickedAt: at, firstClick: r.stats.total === 1,
          ...(link.reference ? { reference: link.reference } : {}), ...(link.metadata ? { metadata: link.metadata } : {}),
          ...(m?.campaign ?? link.campaign ? { campaign: m?.campaign ?? link.campaign } : {}), ...(link.tags ? { tags: link.tags } : {}),
        },
      });
    }
    return target.kind === 'gone' ? { kind: 'gone' } : { kind: 'redirect', url: target.url };
  }
}
