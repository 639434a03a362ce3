import {
  classifyHit,
  resolveLink,
  visitorId,
  type Engagement,
  type LinkStats,
  type ShortLink,
  type Store,
} from '@smsfleet/core';

/** What a visitor of a short link gets. */
export type ClickOutcome = { kind: 'redirect'; url: string } | { kind: 'gone' } | { kind: 'not_found' };

/**
 * Short-link visits: resolve the code to a target the hub created (never an open redirect) and log the hit (a click
 * or a bot hit), in the store's one step, and answer. Counting, the message's engagement and `link.clicked` follow
 * from the log after the answer (see hit-counter.ts), so a crash after the 302 loses no click.
 */
export class ClickTracker {
  /** Bot or not, by user agent: a burst of clicks comes from a few browsers, and isbot's pattern is long. */
  private readonly botByAgent = new Map<string, boolean>();
  /**
   * Visitor ids by address, then agent: a SHA-256 per click was the fast path's largest cost after the socket write.
   * Two levels rather than one joined key: the agent's hash is then the one its bot lookup already computed, where a
   * joined key of some 150 characters was built and hashed again per click.
   */
  private readonly visitorByPeer = new Map<string, Map<string, string>>();
  private visitorsKept = 0;
  /** The answers of never-expiring links, by the store's frozen link object (dropped with it). */
  private readonly forever = new WeakMap<ShortLink, ClickOutcome>();

  constructor(
    private readonly deps: { store: Pick<Store, 'links'>; onLogged?: (code: string, link: ShortLink) => void },
  ) {}

  /**
   * Handle one request to `/l/<code>`. Not an async function: the store's promise is passed on with one `then`, where
   * an async function added a promise and a resumption of its own to every click.
   */
  visit(
    code: string,
    req: { method: string; userAgent?: string | undefined; ip?: string | undefined },
    now: Date,
  ): Promise<ClickOutcome> {
    let logged: Promise<ShortLink | undefined>;
    try {
      const m = req.method;
      const bot = m === 'HEAD' || (m !== 'GET' && m.toUpperCase() === 'HEAD') || this.isBotAgent(req.userAgent);
      // Hits after expiry still count (the fallback page was opened because of the message).
      logged = this.deps.store.links.visit(code, {
        bot,
        visitor: this.visitorOf(req.ip, req.userAgent),
        at: now.getTime(),
      });
    } catch (err) {
      return Promise.reject(err); // as an async function would
    }
    return logged.then((link) => this.answer(code, link, now));
  }

  /** The answer to a visit of `code` that the store resolved to `link` (and logged). */
  private answer(code: string, link: ShortLink | undefined, now: Date): ClickOutcome {
    if (!link) return { kind: 'not_found' };
    this.deps.onLogged?.(code, link);
    // A link that never expires has one answer: the store's frozen copy (the memory store's) keeps it, made once.
    if (link.expiresAt === undefined && Object.isFrozen(link)) {
      let o = this.forever.get(link);
      if (o === undefined) this.forever.set(link, (o = Object.freeze({ kind: 'redirect', url: link.url })));
      return o;
    }
    const target = resolveLink(link, now);
    return target.kind === 'gone' ? { kind: 'gone' } : { kind: 'redirect', url: target.url };
  }

  private visitorOf(ip: string | undefined, userAgent: string | undefined): string {
    const ua = userAgent ?? '';
    let byAgent = this.visitorByPeer.get(ip ?? '');
    let v = byAgent?.get(ua);
    if (v === undefined) {
      v = visitorId(ip, userAgent);
      if (this.visitorsKept >= 10_000) {
        // bounded: addresses and agents are many
        this.visitorByPeer.clear();
        this.visitorsKept = 0;
        byAgent = undefined;
      }
      if (!byAgent) this.visitorByPeer.set(ip ?? '', (byAgent = new Map()));
      byAgent.set(ua, v);
      this.visitorsKept++;
    }
    return v;
  }

  private isBotAgent(userAgent: string | undefined): boolean {
    const ua = userAgent ?? '';
    let bot = this.botByAgent.get(ua);
    if (bot === undefined) {
      bot = classifyHit({ method: 'GET', userAgent: ua }).kind === 'bot';
      if (this.botByAgent.size >= 1000) this.botByAgent.clear(); // bounded: forged agents cannot grow it
      this.botByAgent.set(ua, bot);
    }
    return bot;
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
  const linkCounts = { ...e.linkCounts };
  linkCounts[code] = cur;
  // The sums over the message's links in one pass (this runs per message and batch of the hit counter).
  let total = 0;
  let unique = 0;
  let bots = 0;
  for (const k in linkCounts) {
    const s = linkCounts[k]!;
    total += s.total;
    unique += s.unique;
    bots += s.bots;
  }
  // Counts kept before links were recorded per link (older messages) are never lowered.
  const next: Engagement = {
    ...e,
    linkCounts,
    clicks: Math.max(e.clicks, total),
    uniqueClicks: Math.max(e.uniqueClicks, unique),
    botHits: Math.max(e.botHits, bots),
  };
  // Set, not spread from a fresh object (this runs per message and batch).
  if (!e.firstClickAt && clickedAt && cur.total !== 0) next.firstClickAt = clickedAt;
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
