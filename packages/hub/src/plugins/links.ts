import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ClickTracker } from '../engagement/clicks';
import { linkRoutes } from '../routes/links';

/**
 * The public short-link redirector (`GET /l/<code>`) with its click tracking, which credits clicks to messages and
 * emits `link.clicked`. Needs `app.webhooks`.
 */
export const linksPlugin = fp(
  async (app: FastifyInstance) => {
    const clicks = new ClickTracker({ store: app.store, publisher: app.webhooks.publisher });
    await app.register(linkRoutes, { clicks });
  },
  { name: 'smsfleet-links', fastify: '5.x', dependencies: ['smsfleet-webhooks'] },
);
