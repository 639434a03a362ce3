import type { Store } from '@smsfleet/core';
import { createMemoryStore } from '@smsfleet/core';
import type { Fleet, PhoneSpec, TimingConfig } from '@smsfleet/fleet-sim';
import { startFleet } from '@smsfleet/fleet-sim';
import { buildApp, createApiKey, type Env, FleetConfig, FleetRegistry, type HubApp, loadConfig } from '@smsfleet/hub';
import { fleetConfigFromSim, freePort, SIM_INVALID_PREFIX, SIM_PHONES } from '@smsfleet/hub/testing';
import { chooseDemoPort, takenMessage } from './demo-port';

/**
 * The demo fleet: five phones, one per gateway protocol, two with dual SIMs. The same fleet the hub's dashboard and CLI
 * tests and the n8n and Zapier tests run against, so what they check is what a newcomer sees.
 */
export const DEMO_PHONES: PhoneSpec[] = SIM_PHONES;

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
 * Start the hub on the in-memory store with a simulated fleet (`smsfleet-demo`, `npm run demo`). Numbers in
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
    faults: { invalidPrefixes: [SIM_INVALID_PREFIX] },
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
