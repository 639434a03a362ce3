import {
  HISTOGRAM_RELATIVE_ERROR,
  histogramBucket,
  histogramValue,
  rollupState,
  type Message,
  type Store,
} from '@smsfleet/core';
import { ManualClock, startTestHub, storeCases, type TestHub } from '../../testing';

const HOUR = 3600_000;
const DAY = 86400_000;
/** Half past the hour (near real time: Redis expires a purged message's keys by its own clock). */
const NOW = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR + 30 * 60_000;
/** 3 s to deliver, as the roll-ups' log buckets give it back (within 2.2 %). */
const TTD = histogramValue(histogramBucket(3000));

function msg(id: string, createdAt: number, over: Partial<Message> = {}): Message {
  const at = new Date(createdAt).toISOString();
  return {
    id,
    to: '+14155550123',
    body: 'Hi',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'delivered',
    attempts: 1,
    createdAt: at,
    updatedAt: at,
    sentAt: at,
    deliveredAt: new Date(createdAt + 3000).toISOString(),
    version: 1,
    ...over,
  };
}

describe.each(storeCases().map((s) => [s.name, s] as const))('GET /v1/metrics from roll-ups (%s store)', (_n, sc) => {
  let store: Store;
  let hub: TestHub;
  const clock = new ManualClock(NOW);
  const get = async (url: string) => {
    const r = await hub.app.inject({ method: 'GET', url, headers: hub.auth });
    return { status: r.statusCode, body: r.json() };
  };
  beforeEach(async () => {
    store = await sc.create();
    hub = await startTestHub({ store, clock });
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
  });

  it('answers from the roll-ups, which outlive retention purges', async () => {
    const gone = msg('msg_gone', NOW - 2 * HOUR, { campaign: 'sale', retainUntil: new Date(NOW - HOUR).toISOString() });
    await store.messages.create({ ...gone, version: 0 }, []);
    const stored = (await store.messages.get(gone.id))!;
    await store.rollups.record(rollupState(stored));
    // Counted only in the roll-ups (never stored as a message): the routes do not page through messages.
    await store.rollups.record(
      rollupState(msg('msg_old', NOW - 200 * DAY, { campaign: 'sale', from: { deviceId: 'p1', sim: 2 } })),
    );
    await store.purgeExpired(new Date(NOW));
    expect(await store.messages.get(gone.id)).toBeUndefined();

    const day = await get('/v1/metrics?campaign=sale');
    expect(day.body).toMatchObject({ messages: 1, delivered: 1, timeToDeliverMs: { p50: TTD, p95: TTD } });
    expect(Math.abs(TTD - 3000)).toBeLessThanOrEqual(3000 * HISTOGRAM_RELATIVE_ERROR);
    expect(day.body.range).toEqual({
      since: new Date(NOW - DAY - 30 * 60_000).toISOString(),
      until: new Date(NOW + 30 * 60_000).toISOString(),
    });
    const year = await get(`/v1/metrics?since=${new Date(NOW - 365 * DAY).toISOString()}`);
    expect(year.body).toMatchObject({ messages: 2, delivered: 2, deliveryRate: 1, segments: 2 });
    expect(
      (await get(`/v1/metrics?since=${new Date(NOW - 365 * DAY).toISOString()}&deviceId=p1&sim=2`)).body,
    ).toMatchObject({ messages: 1 });
    const series = await get(`/v1/metrics/series?bucket=day&since=${new Date(NOW - 300 * DAY).toISOString()}`);
    expect(series.body.points.reduce((n: number, p: { delivered: number }) => n + p.delivered, 0)).toBe(2);
  });

  it('refuses bad queries with a code naming the field', async () => {
    const day = (d: number) => new Date(NOW + d * DAY).toISOString();
    const cases: [string, string][] = [
      [`/v1/metrics?since=${day(0)}&until=${day(-1)}`, 'querystring.since'],
      [`/v1/metrics?since=${day(-401)}`, 'querystring.since'],
      [`/v1/metrics/series?bucket=hour&since=${day(-40)}`, 'querystring.bucket'],
      ['/v1/metrics?tag=vip&campaign=sale', 'querystring.tag'],
      ['/v1/metrics?colour=red', 'colour'], // an unknown dimension
      ['/v1/metrics/series?bucket=week', 'bucket'],
    ];
    for (const [url, field] of cases) {
      const r = await get(url);
      expect([url, r.status, r.body.error]).toMatchObject([url, 400, { code: 'SMSFLEET_ERR_VALIDATION' }]);
      expect([url, r.body.error.field ?? r.body.error.issues?.[0]?.field]).toEqual([
        url,
        expect.stringContaining(field),
      ]);
    }
    expect((await get(`/v1/metrics/series?bucket=day&since=${day(-40)}`)).status).toBe(200);
  });

  it('exposes the last 24 hours from the roll-ups to Prometheus', async () => {
    await store.rollups.record(rollupState(msg('msg_p', NOW - HOUR)));
    await store.rollups.record(rollupState(msg('msg_q', NOW - 2 * DAY)));
    const text = (await hub.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('smsfleet_messages_24h{figure="messages"} 1');
    expect(text).toContain('smsfleet_messages_24h{figure="delivered"} 1');
    expect(text).toContain(`smsfleet_time_to_deliver_ms_24h{quantile="0.95"} ${TTD}`);
  });
});
