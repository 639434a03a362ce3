import { visitorId, type Engagement, type ShortLink, type Store } from '@smsfleet/core';
import { ClickTracker, withLinkStats } from './clicks';

const EMPTY: Engagement = { links: 2, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 };
const AT = '2026-12-01T09:00:00.000Z';

describe("withLinkStats: a message's click counts follow from its links' recorded stats", () => {
  it("sums the links, raises and never lowers a link's counts, and changes nothing on a repeat", () => {
    const a = withLinkStats(EMPTY, 'codeA', { total: 2, unique: 1, bots: 0 }, AT)!;
    expect(a).toMatchObject({ clicks: 2, uniqueClicks: 1, botHits: 0, firstClickAt: AT });
    const b = withLinkStats(a, 'codeB', { total: 1, unique: 1, bots: 3 }, undefined)!;
    expect(b).toMatchObject({ clicks: 3, uniqueClicks: 2, botHits: 3, firstClickAt: AT });
    // A retried update with the stats it already holds, or a stale read of them, changes nothing.
    expect(withLinkStats(b, 'codeA', { total: 2, unique: 1, bots: 0 }, AT)).toBeNull();
    expect(withLinkStats(b, 'codeA', { total: 1, unique: 1, bots: 0 }, AT)).toBeNull();
  });

  it('sets the first click time only from a click, and keeps counts made before links were kept per link', () => {
    expect(withLinkStats(EMPTY, 'codeA', { total: 0, unique: 0, bots: 1 }, undefined)).not.toHaveProperty(
      'firstClickAt',
    );
    const legacy: Engagement = { ...EMPTY, clicks: 5, uniqueClicks: 3, botHits: 2, firstClickAt: AT };
    expect(withLinkStats(legacy, 'codeA', { total: 1, unique: 1, bots: 0 }, '2026-12-02T09:00:00.000Z')).toMatchObject({
      clicks: 5,
      uniqueClicks: 3,
      botHits: 2,
      firstClickAt: AT,
    });
  });
});

describe('ClickTracker: visitor ids', () => {
  it("logs each click with its visitor's id from address and agent, cached or not", async () => {
    const seen: string[] = [];
    const link = { code: 'k3Rb9ZqP2xTm', url: 'https://shop.example.com/o/1' } as ShortLink;
    const clicks = new ClickTracker({
      store: {
        links: {
          visit: async (_code: string, hit: { visitor: string }) => {
            seen.push(hit.visitor);
            return link;
          },
        } as unknown as Store['links'],
      },
    });
    const now = new Date('2026-12-01T09:00:00.000Z');
    const peers: [string | undefined, string | undefined][] = [];
    // More peers than the cache keeps (10,000), so that it is cleared along the way, then all of them again.
    for (let i = 0; i < 10_050; i++) peers.push([`10.0.${i >> 8}.${i & 255}`, i % 3 ? 'Mozilla/5.0' : undefined]);
    peers.push([undefined, 'Mozilla/5.0'], [undefined, undefined]);
    for (const round of [0, 1])
      for (const [ip, userAgent] of peers) {
        const r = await clicks.visit(link.code, { method: 'GET', ip, userAgent }, now);
        expect(r).toEqual({ kind: 'redirect', url: link.url });
        if (round === 1) expect(seen.pop()).toBe(visitorId(ip, userAgent));
      }
    expect(visitorId('10.0.0.1', 'Mozilla/5.0')).not.toBe(visitorId('10.0.0.1', undefined));
  });
});
