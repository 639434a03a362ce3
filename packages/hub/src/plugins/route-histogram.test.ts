import { Histogram, Registry } from 'prom-client';
import { RouteHistogram } from './route-histogram';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

describe('RouteHistogram', () => {
  it("is written exactly as prom-client's Histogram of the same observations", async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const h = new Histogram({
      name: 'x_seconds',
      help: 'X "time"',
      labelNames: ['method', 'route'],
      registers: [theirs],
      buckets: BOUNDS,
    });
    const r = new RouteHistogram('x_seconds', 'X "time"', BOUNDS, ours);
    const seen: [string, string, number][] = [
      ['POST', '/v1/messages', 0.0042],
      ['GET', '/v1/messages/:id', 0.005],
      ['POST', '/v1/messages', 0.0051],
      ['GET', '(not found)', 0],
      ['POST', '/v1/messages', 7],
      ['GET', '/v1/a"b\\c', 1],
    ];
    for (const [method, route, v] of seen) {
      h.observe({ method, route }, v);
      r.observe(method, route, v);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('x_seconds_bucket{le="0.01",method="POST",route="/v1/messages"} 2');
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('refuses a value that is not a number, as prom-client does', () => {
    const r = new RouteHistogram('y_seconds', 'Y', BOUNDS, new Registry());
    expect(() => r.observe('GET', '/', Number.NaN)).toThrow(TypeError);
  });
});
