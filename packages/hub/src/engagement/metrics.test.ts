import { storeCases } from '../testing';
import { waitForStatus, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import { IPHONE, engagementRig } from './engagement-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'engagement: metrics and export (%s store)',
  (_name, sc) => {
    const e = engagementRig(sc);
    const { api, send, reply, nextNumber } = e;
    let r: Rig;
    beforeAll(() => {
      r = e.r;
    });

    it('reports engagement metrics and exports messages as CSV', async () => {
      const campaign = `m-${Date.now()}`;
      const ok = await send({ to: nextNumber(), body: 'Deal https://shop.example.com/d', trackLinks: true, campaign });
      const bad = await send({ to: '+14155559999', body: 'Deal', campaign }); // fails at the phone
      await waitForStatus(r, ok.id, ['delivered']);
      await waitForStatus(r, bad.id, ['failed', 'undelivered']);
      await fetch(`${r.base}/l/${ok.body.split('/l/')[1]}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });
      reply(await waitForStatus(r, ok.id, ['delivered']), 'thanks');
      const metrics = await until('metrics', async () => {
        const x = (await api('GET', `/v1/metrics?campaign=${campaign}`)).body;
        // The sent report may land after delivered; the click is counted after its 302.
        return x.replies === 1 && x.timeToDeliverMs && x.clicks?.total === 1 ? x : undefined;
      });
      expect(metrics).toMatchObject({
        messages: 2,
        handedOver: 2,
        sent: 1,
        delivered: 1,
        failed: 1,
        failedByCategory: { invalid_number: 1 },
        deliveryRate: 0.5,
        clicks: { unique: 1, total: 1, bots: 0 },
        deliveredWithLinks: 1,
        clickThroughRate: 1,
        replies: 1,
        replyRate: 1,
        segments: 1,
        cost: { amount: 0.01, currency: 'USD' },
      });
      expect(metrics.timeToDeliverMs.p50).toBeGreaterThanOrEqual(0);
      const series = (
        await api(
          'GET',
          `/v1/metrics/series?campaign=${campaign}&bucket=hour&since=${new Date(Date.now() - 7200_000).toISOString()}`,
        )
      ).body;
      // The text to an invalid number was handed over but never left its phone: not sent.
      expect(series.points.reduce((s: number, p: { sent: number }) => s + p.sent, 0)).toBe(1);
      expect(series.points.reduce((s: number, p: { handedOver: number }) => s + p.handedOver, 0)).toBe(2);
      const csv = (await api('GET', `/v1/messages/export?campaign=${campaign}`)).body as string;
      const rows = csv.trim().split('\n');
      expect(rows[0]).toMatch(/^id,created_at,to,status,failure_code/);
      expect(
        rows
          .slice(1)
          .map((l) => l.split(',')[0])
          .sort(),
      ).toEqual([ok.id, bad.id].sort());
      expect(
        (await api('GET', '/v1/metrics?since=2026-11-24T00:00:00Z&until=2026-11-23T00:00:00Z')).body.error,
      ).toMatchObject({ field: 'querystring.since' });
    });
  },
);
