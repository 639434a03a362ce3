import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ClickTracker } from '../engagement/clicks';
import { accountRoutes } from '../routes/account';
import { bindingRoutes } from '../routes/bindings';
import { contactRoutes } from '../routes/contacts';
import { linkRoutes } from '../routes/links';
import { metricsRoutes } from '../routes/metrics';

/**
 * Engagement and compliance: the short-link redirector, contacts and consent, metrics, bindings, the account
 * check, and the retention purge (personal data past `retainUntil` is deleted every SMSFLEET_PURGE_EVERY).
 * Needs `app.webhooks`.
 */
export const engagementPlugin = fp(
  async (app: FastifyInstance, opts: { runWorkers: boolean }) => {
    const clicks = new ClickTracker({ store: app.store, publisher: app.webhooks.publisher });
    await app.register(linkRoutes, { clicks });
    await app.register(accountRoutes, { prefix: '/v1' });
    await app.register(contactRoutes, { prefix: '/v1' });
    await app.register(metricsRoutes, { prefix: '/v1' });
    await app.register(bindingRoutes, { prefix: '/v1' });
    if (opts.runWorkers) {
      let timer: NodeJS.Timeout | undefined;
      const purge = async () => {
        try {
          const r = await app.store.purgeExpired(new Date(app.clock.now()));
          if (r.messages || r.inbound || r.links)
            app.log.info({ purged: r }, 'purged personal data past its retention');
        } catch (err) {
          app.log.error({ err }, 'retention purge failed; will try again');
        }
      };
      app.addHook('onReady', async () => {
        timer = setInterval(() => void purge(), app.config.retention.purgeEveryMs);
        timer.unref();
        void purge();
      });
      app.addHook('onClose', async () => {
        if (timer) clearInterval(timer);
      });
    }
  },
  { name: 'smsfleet-engagement', fastify: '5.x', dependencies: ['smsfleet-webhooks'] },
);
