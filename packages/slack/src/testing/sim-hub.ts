import { createMemoryStore, type Store } from '@smsfleet/core';
import { type Fleet, startFleet, type TimingConfig } from '@smsfleet/fleet-sim';
import { freePort } from '@smsfleet/hub/testing';

export { freePort };
import { buildApp, createApiKey, type FleetConfigInput, FleetRegistry, type HubApp, loadConfig } from '@smsfleet/hub';

/**
 * Slack's test rig: a real hub (`@smsfleet/hub`) on the in-memory store with two simulated MySMSGate phones
 * (`@smsfleet/fleet-sim`), three SIMs in all, so which phone and SIM texts a contact is a real choice. Both are
 * devDependencies: the hub does not depend on Slack, so this adds no cycle (the demo, which starts Slack, depends on
 * both). Numbers starting `+1415555999` fail at the phone as invalid.
 */
export interface SimHub {
  app: HubApp;
  fleet: Fleet;
  store: Store;
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

const PHONES = [
  { id: 'nokia-g42', gateway: 'mysmsgate' as const, sims: [{ number: '+15550500001' }, { number: '+15550500002' }] },
  { id: 'redmi-12', gateway: 'mysmsgate' as const, sims: [{ number: '+15550400001' }] },
];

/** The hub's fleet config for the phones, written by hand as an installation writes it: one MySMSGate account. */
function fleetConfig(fleet: Fleet): FleetConfigInput {
  const gw = fleet.gateways.mysmsgate;
  const connection = {
    kind: 'mysmsgate' as const,
    baseUrl: gw.baseUrl,
    apiKey: gw.credentials.apiKey ?? '',
    webhookSigningSecret: gw.credentials.webhookSecret ?? '',
  };
  return {
    connections: [{ id: 'mysmsgate-cloud', connection }],
    devices: fleet.phones().map((p) => ({
      id: p.id,
      name: p.id,
      connectionId: 'mysmsgate-cloud',
      gatewayDeviceId: p.id,
      sims: p.sims.map((s) => ({ slot: s.slot, number: s.number, segmentsPerMinute: s.segmentsPerMinute })),
    })),
  };
}

/** Start the {@link SimHub} on a free port (picked again if it is taken before the hub listens). */
export async function startSimHub(opts: { seed: number; timing: Partial<TimingConfig> }): Promise<SimHub> {
  const fleet = await startFleet({
    seed: opts.seed,
    phones: PHONES,
    timing: opts.timing,
    faults: { invalidPrefixes: ['+1415555999'] },
  });
  const store = createMemoryStore();
  try {
    const registry = await FleetRegistry.create(fleetConfig(fleet), store);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = { SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_PORT: String(port), SMSFLEET_PUBLIC_URL: url };
      const app = buildApp({ config: loadConfig(env), store, fleet: registry });
      try {
        await app.listen({ host: '127.0.0.1', port });
      } catch (e) {
        await app.close();
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw e;
        continue;
      }
      await registry.registerWebhooks(url);
      const { key } = await createApiKey(store, 'slack-tests');
      const close = async () => {
        await app.close();
        await fleet.close();
        await store.close();
      };
      return { app, fleet, store, url, apiKey: key, close };
    }
  } catch (e) {
    await fleet.close();
    await store.close();
    throw e;
  }
}
