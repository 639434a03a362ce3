import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SmsfleetError, type Clock, type Counters } from '@smsfleet/core';
import { routeScope } from '../auth/scopes';

/** Options of {@link rateLimitPlugin}. */
export interface RateLimitPluginOptions {
  /** Requests allowed per API key and minute. */
  perMinute: number;
  /** The store's windowed counters, shared by every hub on one store. */
  counters: Counters;
  clock: Clock;
}

const WINDOW_MS = 60_000;

/**
 * A @fastify/rate-limit store over the Store's windowed counters: one O(1) atomic hit per request, shared by
 * every hub on one Redis. Fixed windows of `timeWindow`, as @fastify/rate-limit's own stores count.
 */
function windowStore(counters: Counters, clock: Clock) {
  return class WindowRateLimitStore {
    incr(
      key: string,
      cb: (err: Error | null, res?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const now = clock.now();
      counters.hitWindow(`ratelimit:${key}`, timeWindow, now).then(
        (r) => cb(null, { current: r.count, ttl: Math.max(1, r.resetAt - now) }),
        (err: Error) => cb(err),
      );
    }

    child(): WindowRateLimitStore {
      return this;
    }
  };
}

function keyOf(request: FastifyRequest): string {
  return request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`;
}

/**
 * Rate limiting per API key (@fastify/rate-limit, `onRequest`, after authentication). Over the limit the
 * client gets 429 `SMSFLEET_ERR_RATE_LIMITED` with `Retry-After`. Public routes (`config.public`) are not
 * limited here: they get no rate-limit hook at all (gateway ingress answers every report a phone sends).
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, opts: RateLimitPluginOptions) => {
    // Before @fastify/rate-limit's own onRoute hook, which adds its hook unless `config.rateLimit` is false.
    app.addHook('onRoute', (route) => {
      if (routeScope(route.config) === 'public') route.config = { ...route.config, rateLimit: false };
    });
    await app.register(rateLimit, {
      global: true,
      max: opts.perMinute,
      timeWindow: WINDOW_MS,
      hook: 'onRequest',
      store: windowStore(opts.counters, opts.clock),
      keyGenerator: keyOf,
      errorResponseBuilder: (_request, ctx) => {
        const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
        return new SmsfleetError(
          'SMSFLEET_ERR_RATE_LIMITED',
          `Too many requests for this API key: at most ${ctx.max} per minute. Retry after ${retryAfterSeconds} s.`,
          { details: { retryAfterSeconds, limit: ctx.max } },
        );
      },
    });
  },
  { name: 'smsfleet-rate-limit', fastify: '5.x', dependencies: ['smsfleet-auth'] },
);
