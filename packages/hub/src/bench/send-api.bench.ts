/**
 * Send-API throughput: `POST /v1/messages` on the full hub (auth, rate-limit bookkeeping, zod validation,
 * phone normalisation, segment analysis, opt-out check, atomic create with timeline, send job enqueued) on
 * the memory store, against a bare fastify route that parses the same JSON body and answers 202, measured
 * with autocannon in the same run, in alternating rounds (a busy machine then slows both alike). Each server runs in
 * its own process (the load generator in this one), and the hub's workers are off, so the figure is the API alone.
 */
import { availableParallelism } from 'node:os';
import Fastify from 'fastify';
import { createMemoryStore } from '@smsfleet/core';
import { startFleet } from '@smsfleet/fleet-sim';
import { reportBench } from '@smsfleet/core/bench';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from '../testing/from-sim';
import { announce, serveArg, startChildServer, type ChildServer } from './child-server';
import { cpuNote, cpuRatioNote, load, pooledRuns, type LoadRun } from './load';

const ROUNDS = 3;
const ROUND_S = 4;
/**
 * Unmeasured warm-up of each server, in requests. V8 optimises a function after enough calls; until then each send
 * runs at several times its cost (over 1 ms of CPU a send for its first ~2,000 sends at a load average of 12, then
 * 200-300 µs), which is not what a long-running hub pays. Counted in requests, not seconds, since that is what the
 * optimiser counts: a busy machine answers fewer in a given time.
 */
const WARM_REQUESTS = 6000;
/** Issue 21's target for the send API, as a share of the bare route's throughput. */
const TARGET = 0.4;
const CONNECTIONS = 20;
const BODY = JSON.stringify({
  to: '+14155550123',
  body: 'Your order A-1042 ships today. Reply STOP to opt out.',
  reference: 'order-1042',
});

/** One run: `ROUND_S` seconds, or until `amount` requests were answered. */
function rps(server: ChildServer<{ url: string }>, headers: Record<string, string>, amount?: number): Promise<LoadRun> {
  return load(server, {
    url: `${server.info.url}/v1/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: BODY,
    connections: CONNECTIONS,
    ...(amount === undefined ? { duration: ROUND_S } : { amount }),
  });
}

/** Child: the bare fastify route. */
async function serveBare(): Promise<void> {
  const bare = Fastify({ logger: false });
  bare.post('/v1/messages', async (req, reply) => reply.code(202).send({ ok: true, body: req.body }));
  announce({ url: await bare.listen({ host: '127.0.0.1', port: 0 }) });
}

/** Child: the hub on the memory store with one simulated phone (never reached: the dispatcher is off). */
async function serveHub(): Promise<void> {
  const fleet = await startFleet({
    seed: 1,
    phones: [{ id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550100001' }] }],
  });
  const store = createMemoryStore();
  const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
  const app = buildApp({
    config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }),
    store,
    fleet: registry,
    runWorkers: false,
    processMetrics: false,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await createApiKey(store, 'bench');
  announce({ url, key });
}

async function main() {
  const bare = await startChildServer<{ url: string }>(__filename, 'bare');
  const hub = await startChildServer<{ url: string; key: string }>(__filename, 'hub');
  const auth = { authorization: `Bearer ${hub.info.key}` };
  const rounds: { bare: LoadRun; hub: LoadRun }[] = [];
  let stored: number;
  try {
    await rps(bare, {}, WARM_REQUESTS);
    await rps(hub, auth, WARM_REQUESTS);
    for (let n = 0; n < ROUNDS; n++) {
      const b = await rps(bare, {});
      const h = await rps(hub, auth);
      rounds.push({ bare: b, hub: h });
      console.error(`round ${n + 1}: bare ${b.rps} req/s, hub ${h.rps}`);
    }
    const page = (await (await fetch(`${hub.info.url}/v1/messages?limit=1`, { headers: auth })).json()) as {
      items: unknown[];
    };
    stored = page.items.length;
  } finally {
    await bare.close();
    await hub.close();
  }
  if (!stored) throw new Error('no message was stored');
  const baseline = pooledRuns(rounds.map((r) => r.bare));
  const run = pooledRuns(rounds.map((r) => r.hub));
  const ratio = run.rps / baseline.rps;
  const perRound = rounds.map((r) => (r.hub.rps / r.bare.rps).toFixed(2)).join(', ');
  reportBench({
    name: 'send API throughput (POST /v1/messages, memory store)',
    figure: run.rps,
    unit: 'req/s',
    baseline: { name: 'bare fastify POST route, same body', figure: baseline.rps, unit: 'req/s' },
    ratio,
    target: `>= ${TARGET} of bare fastify`,
    pass: ratio >= TARGET,
    notes:
      `autocannon, ${CONNECTIONS} connections; the bare route and the hub measured in ${ROUNDS} alternating rounds ` +
      `of ${ROUND_S} s after an unmeasured warm-up of ${WARM_REQUESTS} requests each (round by round ` +
      `${perRound} of the bare route; the figures are the ` +
      `rounds' means); each server runs in its own process, the load generator in the parent, on a machine with ` +
      `${availableParallelism()} cores. Server CPU ` +
      `(from /proc): bare fastify${cpuNote(baseline)}; the hub${cpuNote(run)}${cpuRatioNote(baseline, run)}.`,
  });
}

const serve = serveArg();
if (serve === 'bare') void serveBare();
else if (serve === 'hub') void serveHub();
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
