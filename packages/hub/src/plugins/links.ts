import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { ClickTracker } from '../engagement/clicks';
import { installFastRedirect, type PassedVisit } from '../engagement/fast-redirect';
import { HitCounter } from '../engagement/hit-counter';
import { linkRoutes } from '../routes/links';
import { named } from './plugin-name';
import { requestIdOf } from './request-id';

/** Options of {@link linksPlugin}. */
export interface LinksPluginOptions {
  /** Run the hit counter between `ready` and `close` (default true). */
  runWorker?: boolean;
}

/**
 * The public short-link redirector (`GET /l/<code>`), which only resolves and logs each hit, and the hit counter,
 * which then credits clicks to messages and emits `link.clicked`. Needs `app.webhooks`.
 */
export const linksPlugin = fp(
  async (app: FastifyInstance, opts: LinksPluginOptions) => {
    const counter = new HitCounter({
      store: app.store,
      publisher: app.webhooks.publisher,
      clock: app.clock,
      logger: app.log.child({ component: 'hit-counter' }),
    });
    const clicks = new ClickTracker({ store: app.store, onLogged: (code, link) => counter.wake(code, link) });
    app.decorate('hitCounter', counter);
    const passed = new WeakMap<IncomingMessage, PassedVisit>();
    await app.register(named('linkRoutes', linkRoutes), { clicks, passed });
    // Behind a trusted proxy the client's address is fastify's to read (X-Forwarded-For): no fast path then.
    if (app.config.server.trustProxy === false)
      installFastRedirect(app.server, {
        clicks,
        clock: app.clock,
        passed,
        requestId: requestIdOf,
        ...(app.hasDecorator('countFastRedirect') ? { onRedirect: app.countFastRedirect } : {}),
      });
    if (opts.runWorker !== false) {
      app.addHook('onReady', async () => {
        counter.start();
      });
      app.addHook('onClose', async () => {
        await counter.stop();
      });
    }
  },
  { name: 'smsfleet-links', fastify: '5.x', dependencies: ['smsfleet-webhooks'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts the logged short-link hits (tests drain it). */
    hitCounter: HitCounter;
  }
}
