import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
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

/** Set on a request once it was counted: a route's hook list may hold the hook twice (a GET's HEAD twin). */
const COUNTED = Symbol('smsfleet.rateLimitCounted');

/** The counter a request counts in: its API key's, or its address's on a route that takes none. */
function keyOf(request: FastifyRequest): string {
  return request.apiKey ? `ratelimit:key:${request.apiKey.id}` : `ratelimit:ip:${request.ip}`;
}

/**
 * Rate limiting per API key, in fixed windows of a minute over the Store's windowed counters (one O(1) atomic hit per
 * request, shared by every hub on one Redis), as an `onRequest` hook of each route after authentication. Every answer
 * of a limited route carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds); over the
 * limit the client gets 429 `SMSFLEET_ERR_RATE_LIMITED` with `Retry-After`. Public routes (`config.public`) are not
 * limited: they get no hook at all (gateway ingress answers every report a phone sends). A store that cannot count
 * fails the request. The headers and answers are @fastify/rate-limit's (which this replaced: its generic steps cost
 * several promises a request).
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, opts: RateLimitPluginOptions) => {
    const max = opts.perMinute;
    app.decorateRequest(COUNTED as unknown as string, false);
    const limit: onRequestAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const r = request as FastifyRequest & { [COUNTED]: boolean };
      if (r[COUNTED]) return;
      r[COUNTED] = true;
      const now = opts.clock.now();
      const { count, resetAt } = await opts.counters.hitWindow(keyOf(request), WINDOW_MS, now);
      const resetSeconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
      void reply.header('x-ratelimit-limit', max);
      void reply.header('x-ratelimit-remaining', count > max ? 0 : max - count);
      void reply.header('x-ratelimit-reset', resetSeconds);
      if (count <= max) return;
      void reply.header('retry-after', resetSeconds);
      throw new SmsfleetError(
        'SMSFLEET_ERR_RATE_LIMITED',
        `Too many requests for this API key: at most ${max} per minute. Retry after ${resetSeconds} s.`,
        { details: { retryAfterSeconds: resetSeconds, limit: max } },
      );
    };
    // A route's own hook, after the instance's (authentication): only routes are limited, not 404s.
    app.addHook('onRoute', (route) => {
      if (routeScope(route.config) === 'public') return;
      const hooks = route.onRequest;
      route.onRequest = hooks === undefined ? [limit] : Array.isArray(hooks) ? [...hooks, limit] : [hooks, limit];
    });
  },
  { name: 'smsfleet-rate-limit', fastify: '5.x', dependencies: ['smsfleet-auth'] },
);
