import { createMemoryStore, type Store } from '@smsfleet/core';
import { startFleet, type Fleet, type PhoneSpec, type TimingConfig } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig, type Env } from '../config';
import { FleetRegistry, fleetConfigFromSim } from '../fleet';
import type { HubApp } from '../types';
import { freePort } from '../net/free-port';

/** The demo fleet: five phones, one per gateway protocol, two with dual SIMs. */
export const DEMO_PHONES: PhoneSpec[] = [
  { id: 'pixel-7', gateway: 'sms-gate', sims: [{ number: '+15550100001' }, { number: '+15550100002' }] },
  { id: 'galaxy-a54', gateway: 'sms-gate-local', sims: [{ number: '+15550200001' }] },
  { id: 'moto-g', gateway: 'httpsms', sims: [{ number: '+15550300001' }], messagesPerMinute: 30 },
  { id: 'redmi-12', gateway: 'textbee', sims: [{ number: '+15550400001' }] },
  { id: 'nokia-g42', gateway: 'mysmsgate', sims: [{ number: '+15550500001' }, { number: '+15550500002' }] },
];

/** A running demo: hub, simulated phones, and an API key. */
export interface Demo {
  app: HubApp;
  fleet: Fleet;
  store: Store;
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/**
 * Start the hub on the in-memory store with a simulated fleet (`smsfleet demo`). Numbers in
 * `+1415555999x` fail permanently (invalid number), so failures can be tried too.
 */
export async function startDemo(opts: {
  env?: Env; seed?: number;
  /** Faster phones for tests, e.g. `{ deliveryMs: [50, 150], pickupMs: [10, 50] }`. */
  timing?: Partial<TimingConfig>;
} = {}): Promise<Demo> {
  const env: Env = { SMSFLEET_PORT: '8080', SMSFLEET_LOG_LEVEL: 'warn', ...opts.env };
  // Port 0 ("any free port"): pick the port now, so the public URL in the config (which the gateways sign
  // webhooks for, and which short links use) is the one the hub really listens on.
  if (env.SMSFLEET_PORT === '0' && !env.SMSFLEET_PUBLIC_URL) env.SMSFLEET_PORT = String(await freePort(env.SMSFLEET_HOST || '127.0.0.1'));
  const config = loadConfig(env);
  const fleet = await startFleet({
    seed: opts.seed ?? Date.now() % 100_000, phones: DEMO_PHONES, faults: { invalidPrefixes: ['+1415555999'] },
    ...(opts.timing ? { timing: opts.timing } : {}),
  });
  const store = createMemoryStore();
  try {
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
    const app = buildApp({ config, store, fleet: registry });
    await app.listen({ host: config.server.host, port: config.server.port });
    const url = config.server.publicUrl;
    await registry.registerWebhooks(url);
    const { key } = await createApiKey(store, 'demo');
    return { app, fleet, store, url, apiKey: key, close: async () => { await app.close(); await fleet.close(); await store.close(); } };
  } catch (e) {
    await fleet.close();
    throw e;
  }
}

/** What `smsfleet demo` prints. */
export function demoBanner(d: Demo): string {
  const phones = DEMO_PHONES.map((p) => `    ${p.id.padEnd(11)} ${p.gateway.padEnd(15)} ${p.sims.map((s) => s.number).join(', ')}`).join('\n');
  return [
    'smsfleet demo is running (in-memory store, simulated phones)',
    '',
    `  Dashboard  ${d.url}/dashboard/  (log in with the API key below)`,
    `  API        ${d.url}/v1`,
    `  API docs   ${d.url}/docs`,
    `  OpenAPI    ${d.url}/openapi.json`,
    `  Health     ${d.url}/healthz`,
    `  Metrics    ${d.url}/metrics`,
    `  API key    ${d.apiKey}`,
    '',
    '  Simulated phones:',
    phones,
    '',
    '  Send a text:',
    `    curl -s -X POST ${d.url}/v1/messages -H "Authorization: Bearer ${d.apiKey}" \\`,
    `      -H 'content-type: application/json' -d '{"to":"+14155550123","body":"Hello from smsfleet"}'`,
    '  Then follow it (delivered in a few seconds):',
    `    curl -s ${d.url}/v1/messages/<id> -H "Authorization: Bearer ${d.apiKey}"`,
    '  A number starting +1415555999 fails at the phone as an invalid number (to see a failure).',
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}
