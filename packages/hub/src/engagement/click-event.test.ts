import { clickEventId, clickedEvent, isBuiltClickEvent } from './click-event';
import { createMemoryStore, OutboundEvent, stableId, systemClock, type ShortLink } from '@smsfleet/core';
import { EventPublisher } from '../webhooks/publisher';

const link: ShortLink = {
  code: 'k3Rb9ZqP2xTm',
  id: 'lnk_01jd3k2m4n5p6q7r8s9t0v1w2x',
  messageId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
  to: '+14155550123',
  url: 'https://shop.example.com/orders/A-1042',
  originalUrl: 'https://shop.example.com/orders/A-1042',
  createdAt: '2026-11-23T10:15:30.000Z',
  retainUntil: '2026-12-23T10:15:30.000Z',
  reference: 'order-1042',
  metadata: { order: 'A-1042' },
  tags: ['promo'],
};
const at = Date.parse('2026-11-23T10:16:00.000Z');

describe('clickEventId', () => {
  it('is the same for the same hit, and differs between hits and links', () => {
    const id = clickEventId(link.id, `${at}-0`, at);
    expect(clickEventId(link.id, `${at}-0`, at)).toBe(id);
    const ids = new Set<string>();
    for (let seq = 0; seq < 20_000; seq++) {
      ids.add(clickEventId(link.id, `${at}-${seq}`, at));
      ids.add(clickEventId('lnk_01jd3k2m4n5p6q7r8s9t0v1w2y', `${at}-${seq}`, at));
    }
    expect(ids.size).toBe(40_000);
  });

  it('is the id earlier versions gave the same hit, so a click announced again after an upgrade is one event', () => {
    expect(clickEventId(link.id, `${at}-7`, at)).toBe(stableId('evt', `link.clicked:${link.id}:${at}-7`, new Date(at)));
  });

  it('has the shape of an event id, its time first (ids sort by click time)', () => {
    const a = clickEventId(link.id, `${at}-5`, at);
    const b = clickEventId(link.id, `${at + 1}-0`, at + 1);
    expect(a).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(a < b).toBe(true);
  });
});

describe('clickedEvent', () => {
  it('is a valid link.clicked event carrying the link, the campaign and the click time', () => {
    const e = clickedEvent(link, { id: `${at}-3`, code: link.code, bot: false, visitor: 'v', at }, true, 'spring');
    expect(OutboundEvent.parse(e)).toEqual(e);
    expect(e).toMatchObject({
      id: clickEventId(link.id, `${at}-3`, at),
      type: 'link.clicked',
      timestamp: '2026-11-23T10:16:00.000Z',
      data: {
        messageId: link.messageId,
        linkId: link.id,
        clickedAt: '2026-11-23T10:16:00.000Z',
        firstClick: true,
        reference: 'order-1042',
        metadata: { order: 'A-1042' },
        campaign: 'spring',
        tags: ['promo'],
      },
    });
  });

  it('is marked as built (the publisher then spares its schema parse); copies of it are not', () => {
    const { reference: _r, metadata: _m, tags: _t, ...bare } = link;
    for (const l of [link, bare]) {
      for (const campaign of ['spring', undefined]) {
        const e = clickedEvent(l, { id: `${at}-4`, code: l.code, bot: false, visitor: 'v', at }, false, campaign);
        // Valid by construction: the schema finds nothing to change, with or without the optional fields.
        expect(OutboundEvent.parse(e)).toEqual(e);
        expect(isBuiltClickEvent(e)).toBe(true);
        expect(isBuiltClickEvent({ ...e })).toBe(false);
        expect(isBuiltClickEvent(JSON.parse(JSON.stringify(e)) as OutboundEvent)).toBe(false);
      }
    }
  });

  it('is published as built, without a schema parse per click; any other event is still checked', async () => {
    const publisher = new EventPublisher({ store: createMemoryStore(), clock: systemClock });
    const parse = jest.spyOn(OutboundEvent, 'safeParse');
    try {
      const e = clickedEvent(link, { id: `${at}-5`, code: link.code, bot: false, visitor: 'v', at }, false, undefined);
      expect((await publisher.publish(e)).eventId).toBe(e.id);
      expect(parse).not.toHaveBeenCalled();
      await publisher.publish({ ...e, id: 'evt_hand_made' });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
