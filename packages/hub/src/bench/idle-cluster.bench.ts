/**
 * Redis round trips of an idle hub on the 3-master Redis Cluster (`REDIS_TEST_CLUSTER_NODES`; `npm run bench` starts
 * one): idle-redis.bench.ts's measure with the store's Cluster defaults (16 partitions). Round trips are the commands
 * the store's Cluster connection sends (a Lua script is one); the servers' executed commands are summed over the
 * masters (INFO total_commands_processed, which also counts those inside Lua scripts and the pub/sub connection's).
 */
import { createRedisStore } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { startFleet } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import { SIM_PHONES } from '../testing/sim-hub';
import { connect, countTrips, loadAverage, serverConnections, serverStats } from './cluster-rig';

const WINDOW_MS = 90_000; // three safety polls

async function main() {
  const servers = serverConnections('cluster');
  const redis = connect('cluster');
  const trips = countTrips(redis);
  const store = createRedisStore({ redis, prefix: `bench-idle-cluster-${Date.now()}:`, closeConnection: true });
  const fleet = await startFleet({ seed: 3, phones: SIM_PHONES });
  const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
  const app = buildApp({ config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent' }), store, fleet: registry });
  try {
    await app.ready();
    await new Promise((s) => setTimeout(s, 2_000)); // start-up: first rounds, subscriptions
    const t0 = Date.now();
    const before = { trips: trips(), commands: (await serverStats(servers)).commands };
    await new Promise((s) => setTimeout(s, WINDOW_MS));
    const s = (Date.now() - t0) / 1000;
    const perS = (trips() - before.trips) / s;
    const serverPerS = ((await serverStats(servers)).commands - before.commands - servers.length) / s;
    reportBench({
      name: 'Redis round trips per second of an idle hub on a 3-master Cluster (default settings)',
      figure: perS,
      unit: 'round trips/s',
      target: '<= 1',
      pass: perS <= 1,
      notes:
        `One hub, default settings (16 partitions), ${SIM_PHONES.length} simulated phones, no traffic, ` +
        `${s.toFixed(0)} s. The masters executed ${serverPerS.toFixed(2)} commands/s (including those inside Lua ` +
        `scripts and on the pub/sub connection). Load average ${loadAverage()}.`,
    });
  } finally {
    await app.close();
    await fleet.close();
    await store.close();
    for (const c of servers) c.disconnect();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
