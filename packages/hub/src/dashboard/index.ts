import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SmsfleetError, doc } from '@smsfleet/core';
import { StreamTokens } from './stream-token';

/**
 * The web dashboard at `/dashboard/`: static pages (plain ES modules, no framework) that call the same `/v1` API
 * with the API key the user logs in with (kept in the tab's sessionStorage), and a live stream of the hub's events
 * (SSE) for status ticks, replies and clicks without a reload. uPlot draws the charts.
 */
export const dashboardPlugin = fp(
  async (app: FastifyInstance) => {
    const tokens = new StreamTokens(app.store);
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...streams]) end();
    }); // before the server waits for open connections
    const root = join(__dirname, '..', '..', 'public', 'dashboard');
    const uplot = join(require.resolve('uplot/package.json'), '..', 'dist');

    // The pages and scripts are public (they hold no data; every data call carries the API key): mark the static
    // routes so (the auth plugin reads `config.public`).
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/dashboard/') && route.url !== '/dashboard/events')
        route.config = { ...(route.config as object), public: true };
    });
    await app.register(fastifyStatic, {
      root,
      prefix: '/dashboard/',
      decorateReply: false,
      index: ['index.html'],
      cacheControl: true,
      maxAge: 0,
    });
    await app.register(fastifyStatic, {
      root: uplot,
      prefix: '/dashboard/vendor/',
      decorateReply: false,
      allowedPath: (p) => /^\/uPlot\.(iife\.min\.js|min\.css)$/.test(p),
      maxAge: 86400_000,
    });
    app.get('/dashboard', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.redirect('/dashboard/', 302),
    );
    // A person opening the hub's bare address wants the dashboard, not a JSON 404. 302: the target may move one day.
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.redirect('/dashboard/', 302),
    );

    app.post(
      '/v1/dashboard/stream-token',
      {
        config: { scope: 'read' },
        schema: {
          tags: ['dashboard'],
          summary: 'Get a live-stream token',
          description:
            'Trades the bearer API key for a one-hour token for `GET /dashboard/events?token=` ' +
            '(EventSource cannot send headers).',
          response: {
            200: z
              .object({
                token: doc(z.string(), 'Stream token', '1732450000000.key_01jd.abc'),
                expiresAt: doc(z.number().int(), 'Epoch ms', 1732450000000),
              })
              .describe('A stream token'),
          },
        },
      },
      async (request) => tokens.issue(request.apiKey!.id, app.clock.now()),
    );

    app.get(
      '/dashboard/events',
      {
        config: { public: true }, // authenticated by the stream token
        schema: { hide: true, querystring: z.object({ token: z.string().max(300).optional() }) },
      },
      async (request, reply) => {
        if (!(await tokens.verify((request.query as { token?: string }).token, app.clock.now()))) {
          throw new SmsfleetError('SMSFLEET_ERR_UNAUTHORIZED', 'A valid stream token is required.', {
            field: 'querystring.token',
            reason: 'missing, invalid or expired',
          });
        }
        // Every hub's events, through the store (a page on this hub sees a text sent through another); subscribed
        // before the answer starts, so nothing published after ': connected' is missed. No subscription: a 503.
        let open = false;
        const pending: string[] = [];
        const off = await app.webhooks.publisher.onPublished((e) => {
          const frame = `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
          if (open) res.write(frame);
          else pending.push(frame);
        });
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(': connected\n\n');
        open = true;
        for (const frame of pending.splice(0)) res.write(frame);
        const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        const stop = () => {
          off();
          clearInterval(beat);
          streams.delete(end);
        };
        const end = () => {
          stop();
          res.end();
        };
        streams.add(end);
        request.raw.on('close', stop);
      },
    );
  },
  { name: 'smsfleet-dashboard', fastify: '5.x', dependencies: ['smsfleet-webhooks'] },
);
