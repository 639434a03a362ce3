import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { SmsfleetError, doc } from '@smsfleet/core';
import type { ClickTracker } from '../engagement/clicks';
import { errorResponses } from './schemas';

/** The public short-link redirector: `GET /l/<code>` (HEAD too, never counted as a click). */
export const linkRoutes: FastifyPluginAsyncZod<{ clicks: ClickTracker }> = async (app, opts) => {
  app.get(
    '/l/:code',
    {
      config: { public: true },
      schema: {
        tags: ['links'],
        summary: 'Follow a short link',
        description:
          '302 to the destination with `Cache-Control: no-store` (so every click reaches the hub). ' +
          'Only destinations the hub created are ever used. Expired: 302 to the fallback URL, or 410. ' +
          'Bots and link previewers are redirected too but counted apart.',
        params: z.strictObject({ code: doc(z.string().min(1).max(64), 'Short-link code', 'k3Rb9ZqP2xTm') }),
        response: { 302: z.null().describe('Redirect'), ...errorResponses(404, 410) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const r = await opts.clicks.visit(
        request.params.code,
        { method: request.method, userAgent: request.headers['user-agent'], ip: request.ip },
        new Date(app.clock.now()),
      );
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
