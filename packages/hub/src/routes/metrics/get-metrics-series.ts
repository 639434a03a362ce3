import { z } from 'zod';
import { doc } from '@smsfleet/core';
import { AUTHED_ERRORS } from '../schemas';
import type { ZodApp } from '../zod-app';
import { toQuery } from './metrics-query';
import { metricsService } from './metrics-service';
import { MetricsFilter, Series } from './schemas';

/** `GET /metrics/series`: engagement per hour (up to 31 days) or per day (up to 400 days). */
export function getMetricsSeries(app: ZodApp): void {
  const service = metricsService(app);
  app.get(
    '/metrics/series',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['metrics'],
        summary: 'Engagement metrics over time',
        description: 'Per hour (range up to 31 days) or per day (up to 400 days).',
        querystring: MetricsFilter.extend({
          bucket: doc(z.enum(['hour', 'day']).default('hour'), 'Bucket size', 'hour'),
        }),
        response: { 200: Series, ...AUTHED_ERRORS },
      },
    },
    async (request) => {
      const { bucket, ...f } = request.query;
      const q = toQuery(f, app.clock.now(), { maxDays: 400, ...(bucket === 'hour' ? { hourDays: 31 } : {}) });
      return service.series(q, bucket);
    },
  );
}
