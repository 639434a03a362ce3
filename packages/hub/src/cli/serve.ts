import type { FleetConfigInput } from '../fleet';
import { FleetRegistry } from '../fleet';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { type Env, type HubConfig, loadConfig } from '../config';
import { openAnsweringStore } from '../wait-for-store';

/**
 * `smsfleet serve`: the hub for real gateways. Config from the environment (validated once), the store from
 * REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (else memory; waited for up to SMSFLEET_BOOT_WAIT when it does
 * not answer yet), the fleet from a JSON file. On an empty store it creates a first API key and returns it once.
 */
export async function startServe(opts: { env: Env; fleet: FleetConfigInput }) {
  const config = loadConfig(opts.env);
  const store = await openAnsweringStore(config, (line) => process.stderr.write(`${line}\n`));
  const registry = await FleetRegistry.create(opts.fleet, store);
  const app = buildApp({ config, store, fleet: registry });
  await app.listen({ host: config.server.host, port: config.server.port });
  await registry.registerWebhooks(config.server.publicUrl);
  const bootstrapKey =
    (await store.apiKeys.list()).length === 0 ? (await createApiKey(store, 'first key')).key : undefined;
  return {
    url: config.server.publicUrl,
    storeKind: storeKind(config),
    bootstrapKey,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** `memory`, `redis`, `redis-cluster` or `redis-sentinel`, for the start-up line. */
function storeKind(config: HubConfig): string {
  const kind = config.store.redis?.topology.kind;
  return kind === undefined ? 'memory' : kind === 'single' ? 'redis' : `redis-${kind}`;
}
