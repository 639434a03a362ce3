import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * The retention purge: personal data past its `retainUntil` (messages, inbound texts, short links) is deleted when the
 * app is ready and then every SMSFLEET_PURGE_EVERY, until the app closes. A failed purge is logged and tried again at
 * the next turn.
 */
export const retentionPlugin = fp(
  async (app: FastifyInstance, opts: { runWorkers: boolean }) => {
    if (!opts.runWorkers) return;
    let timer: NodeJS.Timeout | undefined;
    const purge = async () => {
      try {
        const r = await app.store.purgeExpired(new Date(app.clock.now()));
        if (r.messages || r.inbound || r.links) app.log.info({ purged: r }, 'purged personal data past its retention');
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
  },
  { name: 'smsfleet-retention', fastify: '5.x' },
);
