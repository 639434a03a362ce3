import { MetricsService } from '../../engagement/metrics-service';
import type { ZodApp } from '../zod-app';

/** The metrics service of the app, priced as configured. */
export function metricsService(app: ZodApp): MetricsService {
  const eng = app.config.engagement;
  return new MetricsService({
    store: app.store,
    pricing: { perSegment: eng.pricePerSegment, currency: eng.currency },
  });
}
