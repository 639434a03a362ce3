import { readFileSync } from 'node:fs';
import { connectRedis, createRedisStore, type Store } from '@smsfleet/core';
import type { Fleet } from '@smsfleet/fleet-sim';
import { Redis } from 'ioredis';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import { listenOnFreePort } from '../testing/listen-free';
import { testConfig } from '../testing/test-config';
import type { HubApp } from '../types';

/** Where a bench's Redis lives: one node (`REDIS_URL`) or the 3-master Cluster (`REDIS_TEST_CLUSTER_NODES`). */
export type Topology = 'single' | 'cluster';

/** The nodes of the test Cluster (scripts/bench.cjs starts one unless REDIS_TEST_CLUSTER_NODES is set). */
export function clusterNodes(): { host: string; port: number }[] {
  const v = process.env.REDIS_TEST_CLUSTER_NODES;
  if (!v) throw new Error('REDIS_TEST_CLUSTER_NODES is not set (npm run bench starts a 3-master Cluster)');
  return v
    .split(',')
    .map((a) => ({ host: a.slice(0, a.lastIndexOf(':')), port: Number(a.slice(a.lastIndexOf(':') + 1)) }));
}

/** A connection to `t`, as `smsfleet serve` makes it. */
export function connect(t: Topology): ReturnType<typeof connectRedis> {
  if (t === 'cluster') return connectRedis({ kind: 'cluster', nodes: clusterNodes() });
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set (npm run bench starts a redis-server)');
  return connectRedis({ kind: 'single', url });
}

/** One plain connection per Redis server of `t` (every master of a Cluster), for INFO. */
export function serverConnections(t: Topology): Redis[] {
  if (t === 'single') return [new Redis(process.env.REDIS_URL!)];
  return clusterNodes().map((n) => new Redis(n.port, n.host));
}

/** Commands executed and CPU seconds (user + sys, from INFO) summed over the servers. */
export async function serverStats(servers: Redis[]): Promise<{ commands: number; cpuS: number }> {
  let commands = 0;
  let cpuS = 0;
  for (const s of servers) {
    const info = await s.info();
    commands += Number(/total_commands_processed:(\d+)/.exec(info)![1]);
    cpuS += Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_user:([\d.]+)/.exec(info)![1]);
  }
  return { commands, cpuS };
}

/** Count the round trips a connection sends (a Lua script is one; a Cluster counts per node command). */
export function countTrips(redis: ReturnType<typeof connectRedis>): () => number {
  let trips = 0;
  const send = redis.sendCommand.bind(redis) as (...a: unknown[]) => unknown;
  (redis as { sendCommand: (...a: unknown[]) => unknown }).sendCommand = (...a: unknown[]) => {
    trips++;
    return send(...a);
  };
  return () => trips;
}

/** A hub in this process on its own connection to a shared store. */
export interface BenchHub {
  app: HubApp;
  base: string;
  store: Store;
}

/** Start `n` hubs on one store (prefix) of topology `t`, the phones reporting to the first; and an API key. */
export async function startHubs(
  t: Topology,
  n: number,
  fleet: Fleet,
  prefix: string,
): Promise<{ hubs: BenchHub[]; apiKey: string }> {
  const hubs: BenchHub[] = [];
  for (let i = 0; i < n; i++) {
    const store = createRedisStore({ redis: connect(t), prefix, closeConnection: true });
    const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store, { timeoutMs: 10_000 });
    const { app, base } = await listenOnFreePort((port, url) =>
      buildApp({
        config: testConfig({
          SMSFLEET_PORT: String(port),
          SMSFLEET_PUBLIC_URL: url,
          SMSFLEET_RATE_LIMIT_PER_MIN: '1000000',
        }),
        store,
        fleet: registry,
        // The simulated SIMs take 1000 segments a minute: the default pacing (10 per 10 s per SIM, for phones that
        // sustain 30 a minute) would cap the campaign at 1 text a second per SIM and measure nothing else.
        pipeline: { router: { burstWindowMs: 0 } },
        processMetrics: false,
      }),
    );
    if (i === 0) await registry.registerWebhooks(base);
    hubs.push({ app, base, store });
  }
  const { key } = await createApiKey(hubs[0]!.store, 'bench');
  return { hubs, apiKey: key };
}

/** CPU ms (user + sys) of this process so far. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The machine's load averages, for the notes of a bench on a shared machine. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
