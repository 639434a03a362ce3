import { createMemoryStore, type Store } from '@smsfleet/core';
import { startFleet, type Fleet, type PhoneSpec, type TimingConfig } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig, type Env } from '../config';
import { FleetRegistry } from '../fleet';
import type { HubApp } from '../types';
import { fleetConfigFromSim } from './from-sim';
import { listenOnFreePort } from './listen-free';

/**
 * Five phones with real-looking names, one per gateway protocol, two with dual SIMs. The demo (`@smsfleet/demo`) runs
 * this fleet too, so what the dashboard, CLI, n8n and Zapier tests exercise is what a newcomer sees.
 */
export const SIM_PHONES: PhoneSpec[] = [
  { id: 'pixel-7', gateway: 'sms-gate', sims: [{ number: '+15550100001' }, { number: '+15550100002' }] },
  { id: 'galaxy-a54', gateway: 'sms-gate-local', sims: [{ number: '+15550200001' }] },
  { id: 'moto-g', gateway: 'httpsms', sims: [{ number: '+15550300001' }], messagesPerMinute: 30 },
  { id: 'redmi-12', gateway: 'textbee', sims: [{ number: '+15550400001' }] },
  { id: 'nokia-g42', gateway: 'mysmsgate', sims: [{ number: '+15550500001' }, { number: '+15550500002' }] },
];

/** Numbers starting with this fail at the phone as an invalid number (the demo's banner tells users so). */
export const SIM_INVALID_PREFIX = '+1415555999';

/** A hub on the in-memory store with {@link SIM_PHONES}, listening on a free port of 127.0.0.1, with an API key. */
export interface SimHub {
  app: HubApp;
  fleet: Fleet;
  store: Store;
  /** The hub's address, e.g. `http://127.0.0.1:40123`. */
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/**
 * Start a {@link SimHub}: the hub as a user runs it (default settings, webhooks registered with every simulated
 * gateway), for tests of what sits in front of it (dashboard, CLI, n8n, Zapier). `env` adds hub settings (the
 * port and public URL are the free port's); numbers in `+1415555999x` fail permanently.
 */
export async function startSimHub(
  opts: {
    env?: Env;
    seed?: number;
    /** Faster phones, e.g. `{ deliveryMs: [50, 150], pickupMs: [10, 50] }`. */
    timing?: Partial<TimingConfig>;
  } = {},
): Promise<SimHub> {
  const fleet = await startFleet({
    seed: opts.seed ?? 1,
    phones: SIM_PHONES,
    faults: { invalidPrefixes: [SIM_INVALID_PREFIX] },
    ...(opts.timing ? { timing: opts.timing } : {}),
  });
  const store = createMemoryStore();
  try {
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
    const { app, base } = await listenOnFreePort((port, url) =>
      buildApp({
        config: loadConfig({
          SMSFLEET_LOG_LEVEL: 'silent',
          ...opts.env,
          SMSFLEET_HOST: '127.0.0.1',
          SMSFLEET_PORT: String(port),
          SMSFLEET_PUBLIC_URL: url,
        }),
        store,
        fleet: registry,
      }),
    );
    await registry.registerWebhooks(base);
    // Named as the demo names its key: a client's test sees what someone trying the demo sees.
    const { key } = await createApiKey(store, 'demo');
    return {
      app,
      fleet,
      store,
      url: base,
      apiKey: key,
      close: async () => {
        await app.close();
        await fleet.close();
        await store.close();
      },
    };
  } catch (e) {
    await fleet.close();
    await store.close();
    throw e;
  }
}
