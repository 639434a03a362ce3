import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { SmsfleetError, type Clock, type Store } from '@smsfleet/core';
import { authenticate } from '../auth/api-keys';
import { FailedAuthThrottle } from '../auth/failed-auth';
import { neededScope, requireScope, routeScope } from '../auth/scopes';

/** Options of {@link authPlugin}. */
export interface AuthPluginOptions {
  store: Pick<Store, 'apiKeys' | 'counters'>;
  clock: Clock;
  /** Failed authentications allowed per source address and minute before 429 (default 10). */
  failuresPerMinute?: number;
}

/** `lastUsedAt` is written at most this often per key, so a good request costs one store read. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * API-key authentication and scopes. Every route declares what it needs in `config.scope` (see auth/scopes.ts):
 * `public` routes (or `config.public`) take no key; every other route takes a valid key with the declared scope
 * (`admin` implies all), else 403 `SMSFLEET_ERR_FORBIDDEN` naming it; a route declaring nothing needs `admin`.
 * Failed authentications are throttled per address (429). The key's record is on `request.apiKey`.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthPluginOptions) => {
    const throttle = new FailedAuthThrottle(opts.store.counters, opts.clock, opts.failuresPerMinute ?? 10);
    app.decorateRequest('apiKey', null);
    app.addHook('onRequest', async (request, reply) => {
      const declared = routeScope(request.routeOptions.config);
      if (request.is404 || declared === 'public') return;
      try {
        throttle.check(request.ip);
      } catch (e) {
        if (e instanceof SmsfleetError) void reply.header('retry-after', e.details?.retryAfterSeconds);
        throw e;
      }
      const now = opts.clock.now();
      try {
        request.apiKey = await authenticate(opts.store, request.headers.authorization, now);
      } catch (e) {
        if (!(e instanceof SmsfleetError) || e.code !== 'SMSFLEET_ERR_UNAUTHORIZED') throw e;
        const answer = await throttle.failed(request.ip, e);
        if (answer !== e) void reply.header('retry-after', (answer as SmsfleetError).details?.retryAfterSeconds);
        throw answer;
      }
      const needed = neededScope(declared);
      if (needed !== 'any' && needed !== 'public') requireScope(request.apiKey, needed);
      const last = request.apiKey.lastUsedAt === undefined ? 0 : Date.parse(request.apiKey.lastUsedAt);
      if (now - last >= LAST_USED_RESOLUTION_MS) {
        // Bookkeeping: a store hiccup here must not fail the request it describes.
        await opts.store.apiKeys.touch(request.apiKey.id, new Date(now)).catch((err: unknown) => {
          request.log.warn({ err }, 'could not record the API key use');
        });
      }
    });
  },
  { name: 'smsfleet-auth', fastify: '5.x' },
);
