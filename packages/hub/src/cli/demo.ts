import { createMemoryStore, type Store } from '@smsfleet/core';
import { startFleet, type Fleet, type PhoneSpec, type TimingConfig } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig, type Env } from '../config';
import { FleetRegistry, FleetConfig } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import type { HubApp } from '../types';
import { freePort } from '../net/free-port';
import { chooseDemoPort, takenMessage } from './demo-port';

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
  /** Why the demo is not on the port the user expected (8080 was taken), if it is not. */
  portNote?: string;
  /** The simulated gateways' own APIs, as a gateway's client would be pointed at them. */
  gateways: DemoGateway[];
  close(): Promise<void>;
}

/** One simulated gateway API of the demo, with the credentials its own clients use. */
export interface DemoGateway {
  /** The gateway as the hub's API names it, with the mode for SMS Gateway (`sms-gate (local server)`). */
  gateway: string;
  baseUrl: string;
  /** How a client authenticates, e.g. `basic user:pass` or `x-api-key KEY`. */
  auth: string;
  /** The demo phones behind it. */
  phones: string[];
}

/** The gateways of a fleet config, for the banner: one line per connection, naming its phones. */
export function demoGateways(config: FleetConfig): DemoGateway[] {
  return config.connections.map(({ id, connection: c }) => ({
    gateway: c.kind === 'sms-gate' ? `sms-gate (${c.mode === 'local' ? 'local server' : 'cloud server'})` : c.kind,
    baseUrl: c.baseUrl ?? '',
    auth:
      c.kind === 'sms-gate'
        ? c.auth.type === 'basic'
          ? `basic ${c.auth.username}:${c.auth.password}`
          : 'bearer token'
        : c.kind === 'mysmsgate' && c.authHeader === 'bearer'
          ? `bearer ${c.apiKey}`
          : `x-api-key ${c.apiKey}`,
    phones: config.devices.filter((d) => d.connectionId === id).map((d) => d.id),
  }));
}

/**
 * Start the hub on the in-memory store with a simulated fleet (`smsfleet demo`). Numbers in
 * `+1415555999x` fail permanently (invalid number), so failures can be tried too.
 */
export async function startDemo(
  opts: {
    env?: Env;
    seed?: number;
    /** Faster phones for tests, e.g. `{ deliveryMs: [50, 150], pickupMs: [10, 50] }`. */
    timing?: Partial<TimingConfig>;
    /** Called with each port chosen, just before the hub listens on it: lets a test take the port in that gap. */
    beforeListen?: (port: number) => Promise<void>;
  } = {},
): Promise<Demo> {
  const env: Env = { SMSFLEET_LOG_LEVEL: 'warn', ...opts.env };
  const host = env.SMSFLEET_HOST || '127.0.0.1';
  const asked = env.SMSFLEET_PORT || undefined;
  const fleet = await startFleet({
    seed: opts.seed ?? Date.now() % 100_000,
    phones: DEMO_PHONES,
    faults: { invalidPrefixes: ['+1415555999'] },
    ...(opts.timing ? { timing: opts.timing } : {}),
  });
  const store = createMemoryStore();
  try {
    const fleetConfig = fleetConfigFromSim(fleet);
    const registry = await FleetRegistry.create(fleetConfig, store);
    for (let attempt = 1; ; attempt++) {
      const chosen = await chooseDemoPort(asked, host);
      // Port 0 ("any free port"): pick the port now, so the public URL in the config (which the gateways sign
      // webhooks for, and which short links use) is the one the hub really listens on.
      const port = chosen.port === 0 && !env.SMSFLEET_PUBLIC_URL ? await freePort(host) : chosen.port;
      const config = loadConfig({ ...env, SMSFLEET_PORT: String(port) });
      const app = buildApp({ config, store, fleet: registry });
      try {
        await opts.beforeListen?.(port);
        await app.listen({ host: config.server.host, port: config.server.port });
      } catch (e) {
        await app.close();
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        // Taken between the check and the listen. A port the user named gets the same advice as one taken before;
        // one the demo chose itself (the default's search, or port 0) is chosen again.
        if ((asked !== undefined && asked !== '0') || attempt >= 5)
          throw new Error(takenMessage(port, host, undefined));
        continue;
      }
      const url = config.server.publicUrl;
      await registry.registerWebhooks(url);
      const { key } = await createApiKey(store, 'demo');
      return {
        app,
        fleet,
        store,
        url,
        apiKey: key,
        ...(chosen.note ? { portNote: chosen.note } : {}),
        gateways: demoGateways(FleetConfig.parse(fleetConfig)),
        close: async () => {
          await app.close();
          await fleet.close();
          await store.close();
        },
      };
    }
  } catch (e) {
    await fleet.close();
    await store.close();
    throw e;
  }
}

/** What `smsfleet demo` prints. */
export function demoBanner(d: Demo): string {
  const gatewayOf = (p: PhoneSpec) =>
    p.gateway === 'sms-gate-local' ? 'sms-gate (local)' : p.gateway === 'sms-gate' ? 'sms-gate (cloud)' : p.gateway;
  const phones = DEMO_PHONES.map(
    (p) => `    ${p.id.padEnd(11)} ${gatewayOf(p).padEnd(17)} ${p.sims.map((s) => s.number).join(', ')}`,
  ).join('\n');
  const gateways = d.gateways
    .map((g) => `    ${g.gateway.padEnd(25)} ${g.baseUrl}  ${g.auth}  (${g.phones.join(', ')})`)
    .join('\n');
  return [
    'smsfleet demo is running (in-memory store, simulated phones)',
    ...(d.portNote ? [`  Note: ${d.portNote}`] : []),
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
    "  Simulated gateways (each gateway's own API, for its own clients):",
    gateways,
    '',
    '  Use the CLI from another terminal (paste these two lines first):',
    `    export SMSFLEET_URL=${d.url} SMSFLEET_API_KEY=${d.apiKey}`,
    '    npx smsfleet send --to +14155550123 --body "Hello from smsfleet"',
    '',
    '  Or send a text with curl:',
    `    curl -s -X POST ${d.url}/v1/messages -H "Authorization: Bearer ${d.apiKey}" \\`,
    `      -H 'content-type: application/json' -d '{"to":"+14155550123","body":"Hello from smsfleet"}'`,
    '  Then follow it (delivered in a few seconds):',
    `    curl -s ${d.url}/v1/messages/<id> -H "Authorization: Bearer ${d.apiKey}"`,
    '  A number starting +1415555999 fails at the phone as an invalid number (to see a failure).',
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}
