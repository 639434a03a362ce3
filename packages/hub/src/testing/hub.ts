import type { FastifyBaseLogger } from 'fastify';
import type { Clock, Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import type { Env } from '../config';
import type { HubApp } from '../types';
import { testConfig } from './test-config';

/** A ready hub app for tests, with one API key. */
export interface TestHub {
  app: HubApp;
  /** The plain API key. */
  apiKey: string;
  /** `{ authorization: 'Bearer <key>' }` */
  auth: { authorization: string };
  /** Close the app (stops its worker); the store stays open. */
  close(): Promise<void>;
}

/**
 * Build and ready a hub on `store` with {@link testConfig} (plus `env`). The worker loop does not run unless
 * `runWorkers` is true: tests drive it with `app.webhooks.worker.runOnce()`.
 */
export async function startTestHub(opts: {
  store: Store;
  env?: Env;
  clock?: Clock;
  logger?: FastifyBaseLogger;
  runWorkers?: boolean;
  random?: () => number;
}): Promise<TestHub> {
  const app = buildApp({
    config: testConfig(opts.env),
    store: opts.store,
    runWorkers: opts.runWorkers ?? false,
    processMetrics: false,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  await app.ready();
  const { key } = await createApiKey(opts.store, 'test', new Date(opts.clock?.now() ?? Date.now()));
  return { app, apiKey: key, auth: { authorization: `Bearer ${key}` }, close: () => app.close() };
}
