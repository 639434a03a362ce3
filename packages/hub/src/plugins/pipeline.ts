import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createFleetRouter, type CountryCode, type RouterPolicyInput } from '@smsfleet/core';
import { FleetAdmin, type FleetRegistry, watchFleet } from '../fleet';
import { Dispatcher, SendService, Sweeper, type DispatcherSettings, type SweeperSettings } from '../send';
import { ReportProcessor, Tracker, type TrackerSettings } from '../tracking';
import { messageRoutes } from '../routes/messages';
import { deviceRoutes } from '../routes/devices';
import { connectionRoutes } from '../routes/connections';
import { inboxRoutes } from '../routes/inbox';
import { ingressRoutes } from '../routes/ingress';
import { InboundHandler } from '../engagement/inbound-handler';
import { HealthMonitor, type HealthMonitorSettings } from '../health';
import { MediaUrls } from '../media/media-urls';
import { named } from './plugin-name';

/** Options of {@link pipelinePlugin}. */
export interface PipelinePluginOptions {
  fleet: FleetRegistry;
  runWorkers: boolean;
  router?: RouterPolicyInput;
  dispatcher?: Partial<DispatcherSettings>;
  tracker?: Partial<TrackerSettings>;
  /** Sweeper tuning; its period defaults to `SMSFLEET_SWEEP_EVERY`. */
  sweeper?: Partial<SweeperSettings>;
  maxSegments?: number;
  /** How often the fleet is read again in case a change signal was lost (default: the sweeper period). */
  fleetReloadEveryMs?: number;
  /** Health monitor tuning; the silence limit defaults to `SMSFLEET_DEVICE_OFFLINE_AFTER`. */
  health?: Partial<HealthMonitorSettings>;
}

/**
 * The send pipeline of the app: the fleet, the router, the send service, the dispatcher, tracker and sweeper
 * workers (started when the app is ready, stopped on close), the report processor, and their routes
 * (`/v1/messages`, `/v1/devices`, `/v1/inbox`, `/ingress/:connectionId`). Needs `app.webhooks`.
 */
export const pipelinePlugin = fp(
  async (app: FastifyInstance, opts: PipelinePluginOptions) => {
    const { store, clock, config } = app;
    const publisher = app.webhooks.publisher;
    const router = createFleetRouter({ store, ...(opts.router ? { policy: opts.router } : {}) });
    const eng = config.engagement;
    const poll = config.recovery.pollEveryMs;
    const dispatcher = new Dispatcher({
      store,
      router,
      fleet: opts.fleet,
      publisher,
      clock,
      logger: app.log.child({ component: 'dispatcher' }),
      applyParked: (gateway, gatewayMessageId, now, linked) =>
        processor.applyParked(gateway, gatewayMessageId, now, linked),
      settings: { pollAfterMs: poll, ...opts.dispatcher },
      ...(eng.quietHours ? { quietHours: eng.quietHours } : {}),
    });
    const sender = new SendService({
      store,
      fleet: opts.fleet,
      publisher,
      onEnqueued: () => dispatcher.wake(),
      options: {
        refuseNonMobile: config.sending.refuseNonMobile,
        retentionDays: config.retention.days,
        maxSegments: opts.maxSegments ?? 10,
        shortUrl: eng.shortUrl,
        footer: eng.footer,
        footerByDefault: eng.footerByDefault,
        ...(eng.quietHours ? { quietHours: eng.quietHours } : {}),
        trackAfterMs: opts.tracker?.pollEveryMs ?? poll,
        ...(config.sending.defaultRegion ? { defaultRegion: config.sending.defaultRegion as CountryCode } : {}),
      },
    });
    const inbound = new InboundHandler({
      store,
      publisher,
      sender,
      logger: app.log.child({ component: 'inbound' }),
      engagement: eng,
      mediaUrls: new MediaUrls(store, config.server.publicUrl),
    });
    const processor = new ReportProcessor({
      store,
      fleet: opts.fleet,
      router,
      publisher,
      logger: app.log.child({ component: 'ingress' }),
      retentionDays: config.retention.days,
      inbound,
    });
    const tracker = new Tracker({
      store,
      fleet: opts.fleet,
      publisher,
      processor,
      clock,
      logger: app.log.child({ component: 'tracker' }),
      settings: { pollEveryMs: poll, ...opts.tracker },
    });
    tracker.onRepaired = () => dispatcher.wake();
    const sweeper = new Sweeper({
      store,
      clock,
      logger: app.log.child({ component: 'sweeper' }),
      onRepaired: () => dispatcher.wake(),
      settings: { everyMs: config.recovery.sweepEveryMs, ...opts.sweeper },
    });
    const admin = new FleetAdmin({
      store,
      registry: opts.fleet,
      onWebhookError: (connectionId, e) =>
        app.log.warn({ connectionId, err: e }, 'webhook registration failed; the next change tries again'),
    });
    // Every hub sharing the store follows fleet changes (ingress needs it too, so even without workers).
    let stopWatch: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stopWatch = await watchFleet({
        registry: opts.fleet,
        signals: store.signals,
        clock,
        everyMs: opts.fleetReloadEveryMs ?? config.recovery.sweepEveryMs,
        onError: (e) => app.log.warn({ err: e }, 'fleet reload failed; retried at the next signal or period'),
      });
    });
    app.addHook('onClose', async () => {
      await stopWatch?.();
    });
    const health = new HealthMonitor({
      store,
      router,
      publisher,
      clock,
      logger: app.log.child({ component: 'health' }),
      settings: { offlineAfterMs: config.health.offlineAfterMs, ...opts.health },
    });
    processor.onHealthChange = () => health.wake();
    app.decorate('pipeline', {
      fleet: opts.fleet,
      admin,
      router,
      sender,
      dispatcher,
      processor,
      tracker,
      sweeper,
      health,
    });
    if (opts.runWorkers) {
      app.addHook('onReady', async () => {
        dispatcher.start();
        tracker.start();
        sweeper.start();
        health.start();
      });
      app.addHook('onClose', async () => {
        await dispatcher.stop();
        await tracker.stop();
        await sweeper.stop();
        await health.stop();
      });
    }
    await app.register(named('messageRoutes', messageRoutes), { prefix: '/v1' });
    await app.register(named('deviceRoutes', deviceRoutes), { prefix: '/v1' });
    await app.register(named('connectionRoutes', connectionRoutes), { prefix: '/v1' });
    await app.register(named('inboxRoutes', inboxRoutes), { prefix: '/v1' });
    await app.register(named('ingressRoutes', ingressRoutes));
  },
  { name: 'smsfleet-pipeline', fastify: '5.x', dependencies: ['smsfleet-webhooks'] },
);
