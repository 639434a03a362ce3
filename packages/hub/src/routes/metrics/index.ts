import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { getMetrics } from './get-metrics';
import { getMetricsSeries } from './get-metrics-series';

/** `GET /v1/metrics` and `GET /v1/metrics/series`. */
export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  getMetrics(app);
  getMetricsSeries(app);
};
