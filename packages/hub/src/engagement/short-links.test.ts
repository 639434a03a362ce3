import type { Message } from '@smsfleet/core';
import { storeCases } from '../testing';
import { waitForStatus, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import { IPHONE, engagementRig } from './engagement-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))('engagement: short links (%s store)', (_name, sc) => {
  const e = engagementRig(sc);
  const { api, send, event, events, nextNumber } = e;
  let r: Rig;
  beforeAll(() => {
    r = e.r;
  });

  it('shortens links per recipient, redirects no-store, counts people and bots apart, emits link.clicked', async () => {
    const to = nextNumber();
    const long = `https://shop.example.com/orders/A-1042?${'x'.repeat(120)}`;
    const m = await send({
      to,
      body: `Track your order: ${long}`,
      trackLinks: true,
      reference: 'order-1042',
      campaign: 'shipping',
      links: { utm: { source: 'sms' } },
    });
    const code = /\/l\/([0-9A-Za-z]{12})$/.exec(m.body)?.[1];
    expect(code).toBeDefined();
    expect(m.body).toBe(`Track your order: ${r.base}/l/${code}`);
    expect(m.segments).toBe(1); // the 160+ character URL would have needed 2
    await waitForStatus(r, m.id, ['delivered']);
    expect(r.fleet.truth.messages().find((t) => t.recipient === to)?.text).toBe(m.body);

    const visit = (method: string, ua: string | undefined, ip = '203.0.113.7') =>
      fetch(`${r.base}/l/${code}`, {
        method,
        redirect: 'manual',
        headers: { ...(ua === undefined ? {} : { 'user-agent': ua }), 'x-forwarded-for': ip },
      });
    const first = await visit('GET', IPHONE);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`${long}&utm_source=sms&utm_campaign=shipping`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const clicked = await event('link.clicked', (e) => e.data.messageId === m.id);
    expect(clicked.data).toMatchObject({
      to,
      reference: 'order-1042',
      campaign: 'shipping',
      firstClick: true,
      url: `${long}&utm_source=sms&utm_campaign=shipping`,
    });

    expect((await visit('GET', IPHONE)).status).toBe(302);
    for (const [method, ua] of [
      ['HEAD', IPHONE],
      ['GET', 'facebookexternalhit/1.1 Facebot Twitterbot/1.0'],
      ['GET', 'WhatsApp/2.23.20.0 A'],
      ['GET', ''],
    ] as const) {
      expect((await visit(method, ua)).status).toBe(302);
    }
    // Counting follows the 302 from the hit log: drain it (the running counter may have counted some already).
    await r.app.hitCounter.drain();
    const after = (await api('GET', `/v1/messages/${m.id}`)).body.message as Message;
    expect(after.engagement).toMatchObject({ links: 1, clicks: 2, uniqueClicks: 1, botHits: 4 });
    const clicks = () => events().filter((e) => e.type === 'link.clicked' && e.data.messageId === m.id);
    await until("the second person's link.clicked", () => clicks().length >= 2 || undefined); // the event, not a margin
    await new Promise((res) => setTimeout(res, 200)); // time for a wrong third event to show
    expect(clicks()).toHaveLength(2);
  });

  it('never redirects anywhere it did not create', async () => {
    for (const path of [
      '/l/AAAAAAAAAAAA',
      '/l/..%2F..%2Fevil',
      `/l/${encodeURIComponent('https://evil.example.com')}`,
    ]) {
      const res = await fetch(`${r.base}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('sends expired links to their fallback', async () => {
    const m = await send({
      to: nextNumber(),
      body: 'Offer: https://shop.example.com/deal',
      trackLinks: true,
      links: { expiresAt: new Date(Date.now() + 400).toISOString(), fallbackUrl: 'https://shop.example.com/over' },
    });
    const code = m.body.split('/l/')[1]!;
    await new Promise((res) => setTimeout(res, 500));
    const res = await fetch(`${r.base}/l/${code}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example.com/over');
  });
});
