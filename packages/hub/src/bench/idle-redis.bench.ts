/**
 * Redis round trips of an idle hub: a hub with its default settings (send pipeline, tracker, sweeper, webhook worker,
 * retention) on the Redis store, a fleet of simulated phones and no traffic. Counted two ways over a wall-clock window:
 * the commands the store's connection sends (a Lua script is one round trip), and the commands the server executes
 * (`INFO stats` total_commands_processed, which also counts the commands inside Lua scripts and those of the store's
 * pub/sub connection). The hub owns this Redis alone while it runs.
 */
import { Redis } from 'ioredis';
import { createRedisStore } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { startFleet } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import { SIM_PHONES } from '../testing/sim-hub';

const WINDOW_MS = 90_000; // three safety polls

async function commandsProcessed(r: Redis): Promise<number> {
  const info = await r.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)![1]);
}

async function main() {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set (npm run bench starts a redis-server)');
  const admin = new Redis(url);
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  let trips = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...a: Parameters<Redis['sendCommand']>) => {
    trips++;
    return send(...a);
  }) as Redis['sendCommand'];
  const store = createRedisStore({ redis, prefix: `bench-idle-${Date.now()}:` });
  // Phones that send no webhooks (none registered): nothing reaches the hub but its own loops.
  const fleet = await startFleet({ seed: 3, phones: SIM_PHONES });
  const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
  const app = buildApp({ config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent' }), store, fleet: registry });
  try {
    await app.ready();
    await new Promise((s) => setTimeout(s, 2_000)); // start-up: first rounds, subscriptions
    const t0 = Date.now();
    const before = { trips, commands: await commandsProcessed(admin) };
    await new Promise((s) => setTimeout(s, WINDOW_MS));
    const s = (Date.now() - t0) / 1000;
    const perS = (trips - before.trips) / s;
    const serverPerS = ((await commandsProcessed(admin)) - before.commands - 1) / s;
    reportBench({
      name: 'Redis round trips per second of an idle hub (default settings)',
      figure: perS,
      unit: 'round trips/s',
      target: '<= 1',
      pass: perS <= 1,
      notes:
        `One hub, default settings, ${SIM_PHONES.length} simulated phones, no traffic, ${s.toFixed(0)} s. ` +
        `Round trips ` +
        `are the commands the store's connection sends; the server executed ${serverPerS.toFixed(2)} commands/s ` +
        `(including those inside Lua scripts and on the pub/sub connection).`,
    });
  } finally {
    await app.close();
    await fleet.close();
    await store.close();
    redis.disconnect();
    await admin.quit();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
