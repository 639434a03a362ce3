import { ListQuery, messageFilter } from './list-query';

describe('message list query', () => {
  it('reads a comma-separated status list and maps every filter to the store', () => {
    const q = ListQuery.parse({
      status: 'delivered, failed,',
      to: '+14155550123',
      deviceId: 'pixel-7',
      campaign: 'black-friday',
      tag: 'reminder',
      reference: 'order-1042',
      since: '2026-11-23T00:00:00Z',
      until: '2026-11-24T00:00:00Z',
    });
    expect(q.limit).toBe(50);
    expect(messageFilter(q)).toEqual({
      status: ['delivered', 'failed'],
      to: '+14155550123',
      deviceId: 'pixel-7',
      campaign: 'black-friday',
      tag: 'reminder',
      reference: 'order-1042',
      since: new Date('2026-11-23T00:00:00Z'),
      until: new Date('2026-11-24T00:00:00Z'),
    });
  });

  it('leaves out what was not asked for, an empty status list included', () => {
    expect(messageFilter(ListQuery.parse({ status: ',' }))).toEqual({});
  });

  it('refuses an unknown status', () => {
    expect(ListQuery.safeParse({ status: 'delivered,lost' }).success).toBe(false);
  });
});
