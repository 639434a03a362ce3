import type { ZodApp } from '../zod-app';
import { RollupMetrics } from './rollup-metrics';

/** The metrics of the app, read from the store's roll-ups and priced as configured. */
export function metricsService(app: ZodApp): RollupMetrics {
  const eng = app.config.engagement;
  return new RollupMetrics({
    store: app.store,
    pricing: { perSegment: eng.pricePerSegment, currency: eng.currency },
  });
}
