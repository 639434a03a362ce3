import { requestIdOf } from './plugins/request-id';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { DestinationStream } from 'pino';
import { validatorCompiler, type ZodTypeProvider } from '@fastify/type-provider-zod';
import { serializerCompiler } from './plugins/serializer';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { SmsfleetError, systemClock, type Clock, type Store } from '@smsfleet/core';
import type { HubConfig } from './config';
import type { HubApp } from './types';
import { errorsPlugin } from './plugins/errors';
import { clientErrorHandler, frameworkErrorHandler } from './plugins/client-errors';
import { LOG_REDACTION, hubLoggerOptions, quietChildLoggerFactory } from './plugins/logging';
import { authPlugin } from './plugins/auth';
import { rateLimitPlugin } from './plugins/rate-limit';
import { metricsPlugin } from './plugins/metrics';
import { openapiPlugin } from './plugins/openapi';
import { webhooksPlugin } from './plugins/webhooks';
import { healthRoutes } from './routes/health';
import { subscriptionRoutes } from './routes/subscriptions';
import { webhookOperationRoutes } from './routes/webhooks';
import { pipelinePlugin, type PipelinePluginOptions } from './plugins/pipeline';
import { linksPlugin } from './plugins/links';
import { retentionPlugin } from './plugins/retention';
import { accountRoutes } from './routes/account';
import { keyRoutes } from './routes/keys';
import { bindingRoutes } from './routes/bindings';
import { templateRoutes } from './routes/templates';
import { mediaRoutes } from './routes/media';
import { contactRoutes } from './routes/contacts';
import { metricsRoutes } from './routes/metrics';
import { dashboardPlugin } from './dashboard';
import type { FleetRegistry } from './fleet';
import { named } from './plugins/plugin-name';

/** What {@link buildApp} needs. */
export interface AppDeps {
  config: HubConfig;
  store: Store;
  /** Default: the system clock. */
  clock?: Clock;
  /** A pino logger to use (the hub's redaction is added to it); default: fastify's pino at `config.server.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Where the default logger writes (default stdout); ignored with `logger`. */
  logStream?: DestinationStream;
  /** The app's prom-client registry; default: a new one (never the global default registry). */
  registry?: Registry;
  /** Run background workers (webhook delivery) between `ready` and `close`. Default true. */
  runWorkers?: boolean;
  /** Collect Node process metrics on the registry. Default true. */
  processMetrics?: boolean;
  /** fetch used for webhook deliveries (default: global fetch). */
  webhookFetch?: typeof fetch;
  /** Random source for retry jitter, 0..1 (default Math.random). */
  random?: () => number;
  /** The phones to send through. Without a fleet the app has no send pipeline (webhooks and keys only). */
  fleet?: FleetRegistry;
  /** Tuning of the pipeline (router policy, dispatcher and tracker settings). */
  pipeline?: Omit<PipelinePluginOptions, 'fleet' | 'runWorkers'>;
  /** Failed authentications allowed per source address and minute before 429 (default 10; fuzzing raises it). */
  authFailuresPerMinute?: number;
}

/**
 * The longest path segment the router matches (fastify's default is 100). Longer segments are refused 414
 * `SMSFLEET_ERR_URL_TOO_LONG`; up to it, a route's own schema names the parameter that is too long.
 */
export const MAX_PARAM_LENGTH = 1024;

/**
 * Build the hub: a fastify app with zod validation and serialization, OpenAPI at `/openapi.json` and
 * `/docs`, error mapping, API-key auth, per-key rate limits, `/healthz`, `/metrics`, and the `/v1` API.
 * Not listening: call `app.listen()` (see server.ts) or `app.inject()` in tests. Closing the app stops its
 * workers; the store belongs to the caller.
 */
export function buildApp(deps: AppDeps): HubApp {
  const { config } = deps;
  const app = Fastify({
    ...(deps.logger
      ? { loggerInstance: deps.logger.child({}, LOG_REDACTION) }
      : { logger: hubLoggerOptions(config.server.logLevel, deps.logStream) }),
    bodyLimit: config.server.bodyLimitBytes,
    // Behind a proxy the peer is the proxy: the throttle and link visitors need the client it forwards for.
    trustProxy: fastifyTrustProxy(config.server.trustProxy),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // node would answer an HTTP/1.1 request without Host with a bare 400; the onRequest hook below codes it.
    http: { requireHostHeader: false },
    // Errors raised before a route runs get catalogue codes too (see plugins/client-errors.ts).
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    childLoggerFactory: quietChildLoggerFactory,
    genReqId: requestIdOf,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON (route plugins that need another type add a parser in their own context), with fastify's safe
  // parser, except that an empty body is "no body" (clients often send the JSON content type on bodiless
  // POSTs); a route that needs a body then says that it is required.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return jsonParser(request, text, done);
  });

  const clock = deps.clock ?? systemClock;
  const registry = deps.registry ?? new Registry();
  if (deps.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'smsfleet_' });
  app.decorate('config', config);
  app.decorate('store', deps.store);
  app.decorate('clock', clock);
  app.decorate('metricsRegistry', registry);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (request.raw.headers.host === undefined && request.raw.httpVersionMinor === 1) {
      // RFC 9112 3.2: Host is required
      return done(
        new SmsfleetError('SMSFLEET_ERR_BAD_REQUEST', 'An HTTP/1.1 request must carry a Host header.', {
          field: 'headers.host',
          reason: 'is required',
        }),
      );
    }
    done();
  });
  // An Expect other than 100-continue: RFC 9110 lets a server ignore it, where node would answer an uncoded 417.
  app.server.on('checkExpectation', (req, res) => app.server.emit('request', req, res));

  void app.register(errorsPlugin);
  void app.register(openapiPlugin, { publicUrl: config.server.publicUrl });
  void app.register(metricsPlugin, { registry, rollups: { store: deps.store, clock } });
  void app.register(authPlugin, {
    store: deps.store,
    clock,
    ...(deps.authFailuresPerMinute ? { failuresPerMinute: deps.authFailuresPerMinute } : {}),
  });
  void app.register(rateLimitPlugin, { perMinute: config.rateLimit.perMinute, counters: deps.store.counters, clock });
  void app.register(webhooksPlugin, {
    registry,
    runWorker: deps.runWorkers !== false,
    ...(deps.webhookFetch ? { fetch: deps.webhookFetch } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });

  void app.register(named('healthRoutes', healthRoutes));
  void app.register(named('subscriptionRoutes', subscriptionRoutes), { prefix: '/v1' });
  void app.register(named('webhookOperationRoutes', webhookOperationRoutes), { prefix: '/v1' });
  void app.register(linksPlugin, { runWorker: deps.runWorkers !== false });
  void app.register(named('accountRoutes', accountRoutes), { prefix: '/v1' });
  void app.register(named('keyRoutes', keyRoutes), { prefix: '/v1' });
  void app.register(named('contactRoutes', contactRoutes), { prefix: '/v1' });
  void app.register(named('metricsRoutes', metricsRoutes), { prefix: '/v1' });
  void app.register(named('bindingRoutes', bindingRoutes), { prefix: '/v1' });
  void app.register(named('templateRoutes', templateRoutes), { prefix: '/v1' });
  void app.register(named('mediaRoutes', mediaRoutes), { prefix: '/v1' });
  void app.register(retentionPlugin, { runWorkers: deps.runWorkers !== false });
  void app.register(dashboardPlugin);
  if (deps.fleet)
    void app.register(pipelinePlugin, { fleet: deps.fleet, runWorkers: deps.runWorkers !== false, ...deps.pipeline });
  return app;
}

/** The config's trusted proxies as fastify takes them: a hop count becomes "trust the nearest n hops". */
function fastifyTrustProxy(
  t: HubConfig['server']['trustProxy'],
): boolean | string[] | ((a: string, hop: number) => boolean) {
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return typeof t === 'boolean' ? t : [...t];
}
