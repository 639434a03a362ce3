import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { toQuery } from './metrics-query';
import { metricsService } from './metrics-service';
import { Metrics, MetricsFilter } from './schemas';

/** `GET /metrics`: engagement over a range of at most 400 days. */
export function getMetrics(app: ZodApp): void {
  const service = metricsService(app);
  app.get(
    '/metrics',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['metrics'],
        summary: 'Engagement metrics',
        description:
          'Delivery, failures, clicks, replies, opt-outs and cost of the messages created in the range ' +
          '(at most 400 days, widened to whole hours), with filters. Read from roll-ups kept as messages change: ' +
          'the cost does not grow with the range.',
        querystring: MetricsFilter,
        response: { 200: Metrics, ...AUTHED_ERRORS },
      },
    },
    async (request) => service.summary(toQuery(request.query, app.clock.now(), { maxDays: 400 })),
  );
}
