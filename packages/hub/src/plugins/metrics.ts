import fp from 'fastify-plugin';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Clock, Store } from '@smsfleet/core';
import { registerMessageGauges } from './message-gauges';

/** Answers of one method, route and status not yet folded into the request counter. */
interface Tally {
  labels: { method: string; route: string; status_code: string };
  n: number;
}

/**
 * HTTP metrics on the app's own prom-client registry (never the global default one, so several apps in
 * one process do not collide), message figures of the last 24 hours from the store's roll-ups (with `rollups`), and
 * `GET /metrics` in the Prometheus text format (public).
 */
export const metricsPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { registry: Registry; rollups?: { store: Pick<Store, 'rollups'>; clock: Clock } },
  ) => {
    const registers = [opts.registry];
    if (opts.rollups) registerMessageGauges(opts.registry, opts.rollups.store, opts.rollups.clock);
    // Answers counted since the counter was last read, by route, method and status, folded in when it is read (a
    // scrape): three Map hits a request on strings that keep their hash (the route's pattern, node's method names),
    // where prom-client builds, checks and hashes a label string on every increment.
    const tallies: Tally[] = [];
    const byRoute = new Map<string, Map<string, Map<number, Tally>>>();
    const requests = new Counter({
      name: 'smsfleet_http_requests_total',
      help: 'HTTP requests answered',
      labelNames: ['method', 'route', 'status_code'],
      registers,
      collect: () => {
        for (const u of tallies) {
          if (u.n === 0) continue;
          requests.inc(u.labels, u.n);
          u.n = 0;
        }
      },
    });
    const duration = new Histogram({
      name: 'smsfleet_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });

    // Answers given outside fastify (the redirect's fast path) are counted through this, with their duration.
    const redirects = {
      GET: requests.labels('GET', '/l/:code', '302'),
      HEAD: requests.labels('HEAD', '/l/:code', '302'),
    };
    const redirectTimes = { GET: duration.labels('GET', '/l/:code'), HEAD: duration.labels('HEAD', '/l/:code') };
    app.decorate('countFastRedirect', (method: string, seconds: number) => {
      const head = method === 'HEAD';
      (head ? redirects.HEAD : redirects.GET).inc();
      (head ? redirectTimes.HEAD : redirectTimes.GET).observe(seconds);
    });

    app.addHook('onResponse', (request, reply, done) => {
      // The route pattern, never the raw URL: unknown paths must not create new label values.
      const route = request.is404 ? '(not found)' : (request.routeOptions.url ?? '(unknown)');
      const { method } = request;
      const status = reply.statusCode;
      let byMethod = byRoute.get(route);
      if (byMethod === undefined) byRoute.set(route, (byMethod = new Map()));
      let byStatus = byMethod.get(method);
      if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
      const u = byStatus.get(status);
      if (u) u.n++;
      else {
        const t = { labels: { method, route, status_code: String(status) }, n: 1 };
        byStatus.set(status, t);
        tallies.push(t);
      }
      duration.observe({ method, route }, reply.elapsedTime / 1000);
      done();
    });

    app.get(
      '/metrics',
      {
        config: { public: true },
        schema: {
          tags: ['ops'],
          summary: 'Prometheus metrics',
          description: 'Metrics in the Prometheus text exposition format.',
          security: [],
        },
      },
      async (_request, reply) => {
        reply.type(opts.registry.contentType);
        return opts.registry.metrics();
      },
    );
  },
  { name: 'smsfleet-metrics', fastify: '5.x' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Count a short-link 302 answered in front of fastify (`seconds` after it came in) in
     * `smsfleet_http_requests_total` and `smsfleet_http_request_duration_seconds`.
     */
    countFastRedirect: (method: string, seconds: number) => void;
  }
}
