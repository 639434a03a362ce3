/**
 * Redis work per message, end to end: messages sent through the API, handed to simulated phones, reported sent and
 * delivered through gateway webhooks, and the status events delivered to a signed webhook subscriber, on the Redis
 * store, on a single node (`REDIS_URL`) and on a 3-master Cluster (`REDIS_TEST_CLUSTER_NODES`; `npm run bench` starts
 * both). Two counts: round trips (commands the store's connection sends, a Lua script counting once), counted on
 * the client, and commands the servers execute (`INFO commandstats`, which counts the commands inside Lua scripts).
 * Both divided by the messages, and listed by command (a script by its name) so the cost can be traced. The
 * baseline is one message's bare store life (create, sent, delivered), counted the same ways.
 */
import { Cluster, Redis } from 'ioredis';
import { createRedisStore, newId, type Message } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { testClusterNodes } from '@smsfleet/core/testing';
import { DEFAULT_DISPATCHER_SETTINGS } from '../send/dispatcher';
import { rig } from '../testing/pipeline-rig';
import { DEFAULT_TRACKER_SETTINGS } from '../tracking/tracker';
import {
  countCommands,
  serverCommands,
  type Tally,
  tallyDiff,
  tallyMinus,
  tallySum,
  tallyTop,
} from './round-trips-count';

const N = 100;
const TARGET_TRIPS = 12;
const TARGET_COMMANDS = 60;

interface Topology {
  label: string;
  connect(): Redis | Cluster;
  admins(): Promise<Redis[]>;
  partitions: number;
}

const sleep = (ms: number) => new Promise((s) => setTimeout(s, ms));

async function snapshot(c: { tally: () => Tally }, admins: Redis[]) {
  return { trips: c.tally(), commands: await serverCommands(admins), t: Date.now() };
}

/** Run-minus-before, per message (and minus the idle rate over the run's length when given). */
function perMessage(
  before: { trips: Tally; commands: Tally },
  after: { trips: Tally; commands: Tally },
  idle?: { trips: Tally; commands: Tally; ms: number },
) {
  let trips = tallyDiff(after.trips, before.trips);
  let commands = tallyDiff(after.commands, before.commands);
  commands.delete('info');
  if (idle) {
    trips = tallyMinus(trips, idle.trips, idle.ms);
    commands = tallyMinus(commands, idle.commands, idle.ms);
  }
  return { trips: tallyDiff(trips, new Map(), N), commands: tallyDiff(commands, new Map(), N) };
}

async function bareLife(topo: Topology, prefix: string) {
  const conn = topo.connect();
  const counter = countCommands(conn);
  const store = createRedisStore({ redis: conn, prefix: `${prefix}base:`, partitions: topo.partitions });
  const admins = await topo.admins();
  const at = new Date().toISOString();
  const before = await snapshot(counter, admins);
  for (let i = 0; i < N; i++) {
    const m: Message = {
      id: newId('msg'),
      to: '+14155550123',
      body: 'x',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      version: 0,
    };
    await store.messages.create(m, [{ id: newId('evt'), messageId: m.id, status: 'queued', at, source: 'api' }]);
    for (const status of ['sent', 'delivered'] as const) {
      await store.messages.update(m.id, (c) => ({
        message: { ...c, status },
        events: [{ id: newId('evt'), messageId: m.id, status, at, source: 'gateway' }],
      }));
    }
  }
  const r = perMessage(before, await snapshot(counter, admins));
  await store.close();
  conn.disconnect();
  for (const a of admins) a.disconnect();
  return r;
}

async function endToEnd(topo: Topology, prefix: string) {
  const conn = topo.connect();
  const counter = countCommands(conn);
  const admins = await topo.admins();
  const store = createRedisStore({ redis: conn, prefix: `${prefix}e2e:`, partitions: topo.partitions });
  // The hub's own tracking intervals, not the test rig's half-second ones: those look at every waiting message twice
  // a second, which a production hub does every ten minutes.
  const r = await rig(
    store,
    {},
    {
      workerIdleMs: 1_000,
      tracker: { pollEveryMs: DEFAULT_TRACKER_SETTINGS.pollEveryMs },
      dispatcher: { pollAfterMs: DEFAULT_DISPATCHER_SETTINGS.pollAfterMs },
    },
  );
  try {
    // Measure what an idle hub does first and take it out of the run's counts.
    await sleep(1_000);
    const idle0 = await snapshot(counter, admins);
    await sleep(5_000);
    const idle1 = await snapshot(counter, admins);
    const idleMs = idle1.t - idle0.t;
    const idleTrips = tallyDiff(idle1.trips, idle0.trips, idleMs);
    const idleCommands = tallyDiff(idle1.commands, idle0.commands, idleMs);
    idleCommands.delete('info');
    const before = await snapshot(counter, admins);
    const res = await fetch(`${r.base}/v1/messages/bulk`, {
      method: 'POST',
      headers: r.auth,
      body: JSON.stringify({
        messages: Array.from({ length: N }, (_, i) => ({ to: `+1415555${String(6000 + i)}`, body: `Bench ${i}` })),
      }),
    });
    if (res.status !== 202) throw new Error(`bulk send: ${res.status}`);
    // Done when the subscriber has every delivered event (no API polling, which would be counted too).
    const deliveredEvents = () =>
      new Set(
        r.receiver.received
          .map((w) => w.verified as { data?: { status?: string; messageId?: string } } | undefined)
          .filter((e) => e?.data?.status === 'delivered')
          .map((e) => e!.data!.messageId),
      ).size;
    for (let t = 0; t < 1200 && deliveredEvents() < N; t++) await sleep(50);
    if (deliveredEvents() < N) throw new Error(`only ${deliveredEvents()} of ${N} delivered events arrived`);
    const after = await snapshot(counter, admins);
    const ms = after.t - before.t;
    const per = perMessage(before, after, { trips: idleTrips, commands: idleCommands, ms });
    return { ...per, ms, idleTripsPerS: tallySum(idleTrips) * 1000 };
  } finally {
    await r.close();
    conn.disconnect();
    for (const a of admins) a.disconnect();
  }
}

async function measure(topo: Topology) {
  const prefix = `bench-${Date.now()}:`;
  const base = await bareLife(topo, prefix);
  const e2e = await endToEnd(topo, prefix);
  const trips = tallySum(e2e.trips);
  const commands = tallySum(e2e.commands);
  const baseTrips = tallySum(base.trips);
  console.error(`[bench] ${topo.label}: round trips per message by command: ${tallyTop(e2e.trips)}`);
  console.error(`[bench] ${topo.label}: server commands per message by command: ${tallyTop(e2e.commands)}`);
  reportBench({
    name: `Redis round trips per message, end to end, ${topo.label}`,
    figure: trips,
    unit: 'round trips/message',
    baseline: {
      name: 'bare store life of one message (create, sent, delivered)',
      figure: baseTrips,
      unit: 'round trips/message',
    },
    ratio: trips / baseTrips,
    target: `≤ ${TARGET_TRIPS} round trips, ≤ ${TARGET_COMMANDS} commands`,
    pass: trips <= TARGET_TRIPS && commands <= TARGET_COMMANDS,
    notes:
      `${topo.label} (${topo.partitions} partition${topo.partitions > 1 ? 's' : ''}): ${N} messages sent in one ` +
      `bulk request to 5 simulated phones (6 SIMs, paced at 10 segments per 10 s each, so most of the burst waits ` +
      `for SIM budget), the hub's default tracking intervals, one signed webhook subscriber receiving every ` +
      `status change (sent and delivered); ` +
      `${(e2e.ms / 1000).toFixed(1)} s. Round trips are the commands the store's connection sends (a Lua script is ` +
      `one; the few MULTI blocks count each command); the idle hub's own traffic ` +
      `(${e2e.idleTripsPerS.toFixed(1)} round trips/s, measured before the run) is subtracted. Commands executed ` +
      `on the server(s), including those inside Lua scripts: ${commands.toFixed(1)} per message (bare store life: ` +
      `${tallySum(base.commands).toFixed(1)}). Round trips by command: ${tallyTop(e2e.trips, 12)}.`,
  });
}

const single = (url: string): Topology => ({
  label: 'single node',
  connect: () => new Redis(url, { maxRetriesPerRequest: 3 }),
  admins: async () => [new Redis(url)],
  partitions: 1,
});

const cluster = (): Topology => ({
  label: '3-master Cluster',
  connect: () => new Cluster(testClusterNodes(), { redisOptions: { maxRetriesPerRequest: 3 } }),
  admins: async () => testClusterNodes().map((n) => new Redis(n.port, n.host)),
  partitions: Number(process.env.BENCH_CLUSTER_PARTITIONS ?? 16),
});

async function main() {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set (npm run bench starts a redis-server)');
  await measure(single(url));
  if (process.env.REDIS_TEST_CLUSTER_NODES) await measure(cluster());
  else console.error('[bench] REDIS_TEST_CLUSTER_NODES is not set: no Cluster figure (npm run bench starts one)');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
