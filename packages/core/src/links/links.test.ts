import fc from 'fast-check';
import { analyzeText } from '../segments';
import { classifyHit } from './bots';
import { LINK_CODE_BITS, isLinkCode, newLinkCode } from './codes';
import { anonymizeIp, visitorId } from './ip';
import { resolveLink } from './redirect';
import { shortenLinks } from './shorten';
import { findUrls, withUtm } from './urls';

const now = new Date('2026-11-24T10:00:00Z');
const base = {
  messageId: 'msg_1',
  to: '+14155550123',
  shortBaseUrl: 'https://s.example.com/l',
  retainUntil: '2027-02-22T10:00:00.000Z',
  now,
};

describe('findUrls', () => {
  it.each([
    ['See https://shop.example.com/o/1.', ['https://shop.example.com/o/1']],
    ['(see https://example.com/a_(b))', ['https://example.com/a_(b)']],
    ['(see https://example.com/a)', ['https://example.com/a']],
    ['two: http://a.example.org, www.b.example.org!', ['http://a.example.org', 'www.b.example.org']],
    ['no link here, just example.com', []],
    ['https://localhost is not a public link', []],
  ])('%s', (body, expected) => {
    expect(findUrls(body).map((s) => s.text)).toEqual(expected);
  });

  it('gives www. links an https scheme', () => {
    expect(findUrls('go to www.example.com/x now')[0]?.url).toBe('https://www.example.com/x');
  });
});

describe('shortenLinks', () => {
  it('replaces each URL with a unique short link and keeps the rest of the text', () => {
    const r = shortenLinks({
      ...base,
      body: 'Track https://shop.example.com/o/1 or https://shop.example.com/o/1 today.',
    });
    expect(r.links).toHaveLength(2);
    expect(r.links[0]!.code).not.toBe(r.links[1]!.code);
    expect(r.body).toBe(
      `Track https://s.example.com/l/${r.links[0]!.code} or https://s.example.com/l/${r.links[1]!.code} today.`,
    );
    expect(r.links[0]).toMatchObject({
      messageId: 'msg_1',
      to: '+14155550123',
      url: 'https://shop.example.com/o/1',
      originalUrl: 'https://shop.example.com/o/1',
    });
  });

  it('adds UTM parameters, with the message campaign as utm_campaign by default', () => {
    const r = shortenLinks({
      ...base,
      body: 'https://shop.example.com/o?id=1',
      campaign: 'bf',
      options: { utm: { source: 'sms' } },
    });
    expect(r.links[0]!.url).toBe('https://shop.example.com/o?id=1&utm_source=sms&utm_campaign=bf');
    expect(withUtm('https://x.example.com/?utm_source=mail', { source: 'sms' })).toBe(
      'https://x.example.com/?utm_source=mail',
    );
    expect(withUtm('https://x.example.com/p?flag#top', { source: 'sms', medium: 'a b' })).toBe(
      'https://x.example.com/p?flag&utm_source=sms&utm_medium=a%20b#top',
    );
    expect(withUtm('https://x.example.com/p', { source: 'sms' })).toBe('https://x.example.com/p?utm_source=sms');
  });

  it('leaves a body without URLs alone', () => {
    expect(shortenLinks({ ...base, body: 'Hello' })).toEqual({ body: 'Hello', links: [] });
  });

  it('can make a long URL short enough to save a segment (counts use the shortened body)', () => {
    const long = `Your order: https://shop.example.com/${'x'.repeat(150)}`;
    const r = shortenLinks({ ...base, body: long });
    expect(analyzeText(long).segments).toBe(2);
    expect(analyzeText(r.body).segments).toBe(1);
  });
});

describe('link codes', () => {
  it('carry at least 60 bits and never repeat in 10 000 draws', () => {
    expect(LINK_CODE_BITS).toBeGreaterThanOrEqual(60);
    const codes = new Set(Array.from({ length: 10_000 }, newLinkCode));
    expect(codes.size).toBe(10_000);
    for (const c of codes) expect(isLinkCode(c)).toBe(true);
  });
});

describe('classifyHit', () => {
  const iphone =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    'Version/17.0 Mobile/15E148 Safari/604.1';
  it.each([
    ['GET', iphone, 'click'],
    ['HEAD', iphone, 'head_request'],
    ['GET', '', 'empty_user_agent'],
    ['GET', undefined, 'empty_user_agent'],
    ['GET', 'facebookexternalhit/1.1 Facebot Twitterbot/1.0', 'link_preview'],
    ['GET', 'WhatsApp/2.23.20.0 A', 'link_preview'],
    ['GET', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'link_preview'],
    ['GET', 'curl/8.4.0', 'bot'],
  ])('%s %s → %s', (method, ua, expected) => {
    const h = classifyHit({ method, userAgent: ua });
    expect(h.kind === 'click' ? 'click' : h.reason).toBe(expected);
  });
});

describe('anonymizeIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:203.0.113.77', '203.0.113.0'],
    ['2001:db8:abcd:12:34::1', '2001:db8:abcd::'],
    ['2001:0db8::1', '2001:db8:0::'],
    ['not-an-ip', 'unknown'],
    [undefined, 'unknown'],
  ])('%s → %s', (ip, expected) => expect(anonymizeIp(ip)).toBe(expected));

  it('gives one identity to neighbours in the same /24 with the same browser, another to another browser', () => {
    expect(visitorId('203.0.113.7', 'A')).toBe(visitorId('203.0.113.99', 'A'));
    expect(visitorId('203.0.113.7', 'A')).not.toBe(visitorId('203.0.113.7', 'B'));
  });

  it('never returns the full IPv4 address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(anonymizeIp(ip).endsWith('.0')).toBe(true);
      }),
    );
  });
});

describe('resolveLink', () => {
  const link = shortenLinks({
    ...base,
    body: 'https://a.example.com',
    options: { expiresAt: '2026-11-25T00:00:00Z', fallbackUrl: 'https://a.example.com/over' },
  }).links[0]!;
  it('redirects to the destination before expiry and to the fallback after', () => {
    expect(resolveLink(link, now)).toEqual({ kind: 'redirect', url: 'https://a.example.com', expired: false });
    expect(resolveLink(link, new Date('2026-11-25T00:00:00Z'))).toEqual({
      kind: 'redirect',
      url: 'https://a.example.com/over',
      expired: true,
    });
  });
  it('is gone after expiry without a fallback', () => {
    const { fallbackUrl: _f, ...noFallback } = link;
    expect(resolveLink(noFallback, new Date('2026-12-01T00:00:00Z'))).toEqual({ kind: 'gone' });
  });
});
