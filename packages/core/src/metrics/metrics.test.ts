import type { Message } from '../schemas';
import { MetricsAccumulator, SeriesAccumulator } from './engagement-metrics';

const base: Message = {
  id: 'msg_x',
  to: '+14155550123',
  body: 'hi',
  segments: 1,
  encoding: 'GSM-7',
  priority: 0,
  status: 'queued',
  attempts: 0,
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  version: 0,
};
const msg = (p: Partial<Message>): Message => ({ ...base, ...p });
const delivered = (sentAt: string, deliveredAt: string, p: Partial<Message> = {}) =>
  msg({ status: 'delivered', attempts: 1, sentAt, deliveredAt, ...p });
const failure = (code: string, category: 'invalid_number' | 'device_offline') => ({
  code,
  category,
  permanent: true,
  explanation: 'x',
});

describe('MetricsAccumulator', () => {
  it('computes rates, percentiles, breakdowns and cost from messages', () => {
    const acc = new MetricsAccumulator({ perSegment: 0.01, currency: 'USD' });
    const msgs: Message[] = [
      delivered('2026-11-24T10:00:00Z', '2026-11-24T10:00:02Z', {
        segments: 2,
        engagement: { links: 1, clicks: 3, uniqueClicks: 2, botHits: 1, replies: 1 },
      }),
      delivered('2026-11-24T10:00:00Z', '2026-11-24T10:00:04Z', {
        engagement: { links: 1, clicks: 0, uniqueClicks: 0, botHits: 2, replies: 0, optedOut: true },
      }),
      delivered('2026-11-24T10:00:00Z', '2026-11-24T10:00:10Z'),
      msg({ status: 'failed', attempts: 1, segments: 3, failure: failure('5001', 'invalid_number') }),
      msg({ status: 'failed', attempts: 1, failure: failure('5001', 'invalid_number') }),
      msg({
        status: 'failed',
        attempts: 1,
        sentAt: '2026-11-24T10:00:00Z',
        failure: failure('5001', 'invalid_number'),
      }),
      msg({ status: 'undelivered', attempts: 1, failure: failure('5001', 'invalid_number') }),
      msg({ status: 'expired' }),
      msg({ status: 'queued' }),
    ];
    for (const m of msgs) acc.add(m);
    expect(acc.result()).toEqual({
      // The two failed without a send report never left their phones: handed over, not sent. The one failed after its
      // send report, and the undelivered one (its sent report lost), were sent.
      messages: 9,
      handedOver: 7,
      sent: 5,
      delivered: 3,
      failed: 5,
      failedByCategory: { invalid_number: 4, expired: 1 },
      failedByCode: { 5001: 4, expired: 1 },
      deliveryRate: 0.4286,
      timeToDeliverMs: { p50: 4000, p95: 10_000 },
      clicks: { unique: 2, total: 3, bots: 3 },
      deliveredWithLinks: 2,
      clickThroughRate: 0.5,
      replies: 1,
      replyRate: 0.3333,
      optOuts: 1,
      optOutRate: 0.3333,
      segments: 5,
      cost: { amount: 0.05, currency: 'USD' },
    });
  });

  it('gives null rates rather than dividing by zero', () => {
    const r = new MetricsAccumulator({ perSegment: 0, currency: 'USD' }).result();
    expect(r).toMatchObject({
      deliveryRate: null,
      clickThroughRate: null,
      replyRate: null,
      optOutRate: null,
      timeToDeliverMs: null,
    });
  });
});

describe('SeriesAccumulator', () => {
  it('buckets by hour and fills gaps with zeros', () => {
    const s = new SeriesAccumulator(3600_000, { perSegment: 0, currency: 'USD' });
    s.add(delivered('2026-11-24T10:00:00Z', '2026-11-24T10:00:01Z', { createdAt: '2026-11-24T10:05:00.000Z' }));
    s.add(msg({ status: 'failed', attempts: 1, createdAt: '2026-11-24T12:59:00.000Z' }));
    const pts = s.points(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T13:00:00Z'));
    expect(pts.map((p) => [p.at.slice(11, 13), p.handedOver, p.sent, p.delivered, p.failed])).toEqual([
      ['10', 1, 1, 1, 0],
      ['11', 0, 0, 0, 0],
      ['12', 1, 0, 0, 1],
    ]);
  });
});
