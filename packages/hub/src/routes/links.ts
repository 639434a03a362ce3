import { z } from 'zod';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema';
import { validatorCompiler, type FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { SmsfleetError, doc } from '@smsfleet/core';
import type { IncomingMessage } from 'node:http';
import type { ClickTracker } from '../engagement/clicks';
import type { PassedVisit } from '../engagement/fast-redirect';
import { errorResponses } from './schemas';

/** The longest short-link code the route takes (the params schema says the same). */
const MAX_CODE = 64;

/**
 * The redirect's params check: a router param is always a string, so a length check decides it; only a code the check
 * refuses goes through zod, which words the coded validation error naming `params.code` as every route's does. Zod
 * on every click cost more than the rest of the route.
 */
function cheapParams<S>(route: FastifyRouteSchemaDef<S>): FastifyValidationResult {
  const zod = validatorCompiler(route as FastifyRouteSchemaDef<z.ZodType>);
  return (data: unknown) => {
    const p = data as Record<string, unknown> | null;
    if (p !== null && typeof p === 'object') {
      const code = p.code;
      const keys = Object.keys(p);
      if (typeof code === 'string' && code.length >= 1 && code.length <= MAX_CODE && keys.length === 1) return true;
    }
    return zod(data);
  };
}

/** Options of {@link linkRoutes}. */
export interface LinkRouteOptions {
  clicks: ClickTracker;
  /** Visits the fast path in front of fastify already made for a request (see engagement/fast-redirect.ts). */
  passed?: WeakMap<IncomingMessage, PassedVisit>;
}

/** The public short-link redirector: `GET /l/<code>` (HEAD too, never counted as a click). */
export const linkRoutes: FastifyPluginAsyncZod<LinkRouteOptions> = async (app, opts) => {
  app.get(
    '/l/:code',
    {
      config: { public: true },
      validatorCompiler: cheapParams,
      schema: {
        tags: ['links'],
        summary: 'Follow a short link',
        description:
          '302 to the destination with `Cache-Control: no-store` (so every click reaches the hub). ' +
          'Only destinations the hub created are ever used. Expired: 302 to the fallback URL, or 410. ' +
          'Bots and link previewers are redirected too but counted apart.',
        params: z.strictObject({ code: doc(z.string().min(1).max(MAX_CODE), 'Short-link code', 'k3Rb9ZqP2xTm') }),
        response: { 302: z.null().describe('Redirect'), ...errorResponses(404, 410) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // A visit the fast path made is not made again: it logged the hit already.
      const passed = opts.passed?.get(request.raw);
      if (passed && 'error' in passed) throw passed.error;
      const r =
        passed?.outcome ??
        (await opts.clicks.visit(
          request.params.code,
          { method: request.method, userAgent: request.headers['user-agent'], ip: request.ip },
          new Date(app.clock.now()),
        ));
      if (r.kind === 'not_found')
        throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', 'No such link.', {
          field: 'params.code',
          reason: 'unknown code',
        });
      if (r.kind === 'gone')
        throw new SmsfleetError('SMSFLEET_ERR_LINK_EXPIRED', 'This link has expired.', {
          field: 'params.code',
          reason: 'expired without a fallback URL',
        });
      return reply.redirect(r.url, 302);
    },
  );
};
