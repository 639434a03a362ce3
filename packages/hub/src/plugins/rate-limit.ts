import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SmsfleetError, type Clock, type SegmentBudgets } from '@smsfleet/core';

/** Options of {@link rateLimitPlugin}. */
export interface RateLimitPluginOptions {
  /** Requests allowed per API key and minute. */
  perMinute: number;
  /** The store's sliding-window budgets, shared by every hub on one store. */
  budgets: SegmentBudgets;
  clock: Clock;
}

const WINDOW_MS = 60_000;

/**
 * A @fastify/rate-limit store on top of the Store port's sliding-window budgets, so that every hub on one
 * Redis counts the same requests (and the memory store works the same way in one process).
 */
function budgetStore(budgets: SegmentBudgets, clock: Clock) {
  return class BudgetRateLimitStore {
    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void {
      const now = clock.now();
      const k = `ratelimit:${key}`;
      budgets.reserve(k, 1, [{ max, windowMs: timeWindow }], now)
        .then(async (r) => r.ok
          ? { current: await budgets.used(k, timeWindow, now), ttl: timeWindow }
          : { current: max + 1, ttl: Math.max(1, r.retryAt - now) })
        .then((res) => cb(null, res), (err: Error) => cb(err));
    }

    child(): BudgetRateLimitStore {
      return this;
    }
  };
}

/** The key a request is limited under: its API key, or its address on routes that take no key. */
function keyOf(request: FastifyRequest): string {
  return request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`;
}

/**
 * Rate limiting per API key (@fastify/rate-limit, `onRequest`, after authentication). Over the limit the
 * client gets 429 `SMSFLEET_ERR_RATE_LIMITED` with `Retry-After`. Public routes (`config.public`) are not
 * limited here.
 */
export const rateLimitPlugin = fp(async (app: FastifyInstance, opts: RateLimitPluginOptions) => {
  await app.register(rateLimit, {
    global: true,
    max: opts.perMinute,
    timeWindow: WINDOW_MS,
    hook: 'onRequest',
    store: budgetStore(opts.budgets, opts.clock),
    keyGenerator: keyOf,
    allowList: (request) => request.routeOptions.config.public === true,
    errorResponseBuilder: (_request, ctx) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new SmsfleetError('SMSFLEET_ERR_RATE_LIMITED',
        `Too many requests for this API key: at most ${ctx.max} per minute. Retry after ${retryAfterSeconds} s.`,
        { details: { retryAfterSeconds, limit: ctx.max } });
    },
  });
}, { name: 'smsfleet-rate-limit', fastify: '5.x', dependencies: ['smsfleet-auth'] });
