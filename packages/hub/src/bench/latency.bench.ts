/**
 * Hub-added latency: a signed textbee `sent` report into `POST /ingress/textbee` → the subscriber's signed
 * `message.status_changed` webhook POST out, on loopback, at a steady 1,000 reports/s, on the memory store and on
 * Redis. Baseline, same run: a bare fastify route that answers the report and POSTs its body on to the subscriber
 * (the two loopback hops and nothing else). Target: p99 <= 10 ms on the memory store.
 *
 * Each part has a process of its own: the servers (relay, memory hub, Redis hub, each with its webhook worker), the
 * load generator (`latency-generator`), and the subscriber in this one. The generator keeps an open-loop schedule of
 * absolute send times and latency is measured from each report's intended time on the machine's monotonic clock, so
 * a generator that falls behind counts against the figure instead of hiding (its lag is reported beside it). The
 * servers are measured in alternating rounds, the order rotating, so that a load spike on the machine falls on all.
 */
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import Fastify from 'fastify';
import { reportBench } from '@smsfleet/core/bench';
import { announce, serveArg, startChildServer, type ChildServer } from './child-server';
import { describeFigures, roundSamples, summarise, type Figures, type RoundSamples } from './latency-figures';
import { startGenerator, type Generator } from './latency-generator';
import { intendedAt, monotonicMs, type Schedule } from './latency-schedule';
import { serveHub } from './latency-servers';
import { startSubscriber, type Subscriber } from './latency-subscriber';
import { describeReading, mergeReadings, readProbe, startProbe, type ProbeReading } from './latency-probe';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Reports per second (BENCH_LATENCY_RATE tries a busy machine at less). */
const RATE = env('BENCH_LATENCY_RATE', 1_000);
/** Rounds per server, and each round's warm-up and measured seconds. */
const ROUNDS = env('BENCH_LATENCY_ROUNDS', 3);
const WARM_S = 1;
const MEASURE_S = env('BENCH_LATENCY_SECONDS', 4);
/** Unmeasured rounds per server first: a cold server's first seconds (JIT, pools) are start-up, not steady load. */
const WARMUP_ROUNDS = env('BENCH_LATENCY_WARMUP_ROUNDS', 1);
const PER_ROUND = RATE * (WARM_S + MEASURE_S);
/** How long a round waits for its last webhooks after its last report was answered. */
const WAIT_MS = 30_000;
/** The generator gets this long to sign a round's reports before the first is due. */
const LEAD_MS = 500;
/** The servers: the relay always; BENCH_LATENCY_STORES=memory leaves Redis out (e.g. to profile the memory hub). */
const NAMES = ['relay', ...(process.env.BENCH_LATENCY_STORES ?? 'memory,redis').split(',')] as const;
type Name = 'relay' | 'memory' | 'redis';
/** A server child's announcement: its URL, and its probe's (latency-probe.ts). */
type Info = { url: string; probe: string };

interface Rig {
  sub: Subscriber;
  gen: Generator;
}

/** One round against `server`: reports for messages from `base`, and the samples after its warm-up. */
async function round(
  rig: Rig,
  name: Name,
  server: ChildServer<Info>,
  base: number,
): Promise<{ samples: RoundSamples; probe?: ProbeReading }> {
  const schedule: Schedule = { t0: monotonicMs() + LEAD_MS, rate: RATE, total: PER_ROUND };
  const sink = rig.sub.expect(name, base, PER_ROUND);
  let cpu0: number | undefined;
  const warmed = setTimeout(
    () => {
      cpu0 = server.cpuMs();
      void readProbe(server.info.probe); // from here on
    },
    intendedAt(schedule, WARM_S * RATE) - monotonicMs(),
  );
  const sent = await rig.gen.run({ url: `${server.info.url}/ingress/textbee`, base, schedule });
  clearTimeout(warmed);
  if (sent.error) throw new Error(`${name}: ${sent.error}`);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([sink.all, new Promise((resolve) => (timer = setTimeout(resolve, WAIT_MS)))]);
  clearTimeout(timer);
  const endedAt = monotonicMs();
  const cpu1 = server.cpuMs();
  const probe = await readProbe(server.info.probe);
  const cpuUs =
    cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1000) / (PER_ROUND - WARM_S * RATE) : undefined;
  const samples = roundSamples(schedule, WARM_S * RATE, { ...sent, receivedAt: sink.receivedAt, endedAt }, cpuUs);
  return probe ? { samples, probe } : { samples };
}

async function main() {
  const load0 = loadavg();
  const sub = await startSubscriber();
  const servers = new Map<Name, ChildServer<Info>>();
  const rounds = new Map<Name, RoundSamples[]>(NAMES.map((n) => [n as Name, []]));
  const probes = new Map<Name, ProbeReading[]>(NAMES.map((n) => [n as Name, []]));
  const gen = startGenerator();
  try {
    for (const name of NAMES as readonly Name[])
      servers.set(
        name,
        await startChildServer(__filename, `${name}|${sub.url}${name}|${(ROUNDS + WARMUP_ROUNDS) * PER_ROUND}`),
      );
    for (let w = 0; w < WARMUP_ROUNDS; w++)
      for (const name of NAMES as readonly Name[]) {
        const r = await round({ sub, gen }, name, servers.get(name)!, (ROUNDS + w) * PER_ROUND);
        console.log(`warm-up round ${w + 1} ${name} (not counted): ${describeFigures(summarise([r.samples]))}`);
      }
    for (let k = 0; k < ROUNDS; k++) {
      const order = NAMES.map((_, i) => NAMES[(i + k) % NAMES.length] as Name);
      for (const name of order) {
        const r = await round({ sub, gen }, name, servers.get(name)!, k * PER_ROUND);
        rounds.get(name)!.push(r.samples);
        if (r.probe) probes.get(name)!.push(r.probe);
        console.log(`round ${k + 1} ${name}: ${describeFigures(summarise([r.samples]))}${describeReading(r.probe)}`);
      }
    }
  } finally {
    gen.close();
    for (const s of servers.values()) await s.close();
    sub.close();
  }
  if (sub.bad() > 0) throw new Error(`${sub.bad()} webhooks failed their signature check`);
  const figures = new Map<Name, Figures>([...rounds].map(([n, rs]) => [n, summarise(rs)]));
  const relay = figures.get('relay')!;
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const notes =
    `${RATE} signed textbee sent reports per second, open loop on absolute send times; after ${WARMUP_ROUNDS} ` +
    `unmeasured round(s) per server (start-up: JIT, pools), ${ROUNDS} alternating rounds per server (order ` +
    `rotating) of ${WARM_S} s warm-up then ${MEASURE_S} s measured, one subscription; ` +
    `latency from each report's intended send time to the subscriber's receipt of its signed status_changed POST ` +
    `(signature checked), on the machine's monotonic clock; the load generator, the subscriber and each server in ` +
    `processes of their own, the hubs with only their webhook worker running, default settings; ` +
    `${availableParallelism()} cores, load average ${la(load0)} at the start, ${la(loadavg())} at the end ` +
    `(timed figures move with the machine's load). ` +
    [...figures]
      .map(([n, f]) => {
        const probe = describeReading(mergeReadings(probes.get(n)!));
        return `${n === 'relay' ? 'Bare relay' : `${n} store`}: ${describeFigures(f)}${probe}.`;
      })
      .join(' ');
  // Latency counts from the intended send time, so a late generator inflates the figures rather than hiding them;
  // say so where it happened.
  const lagP99 = Math.max(...[...figures.values()].map((f) => f.lagP99));
  const verdict =
    lagP99 <= 2
      ? ` The generator kept its schedule (lag p99 ${lagP99.toFixed(2)} ms at worst).`
      : ` The generator fell behind its schedule (lag p99 up to ${lagP99.toFixed(0)} ms): the machine was too busy, ` +
        'and the figures carry that lag; re-measure on a quiet machine.';
  const base = { name: 'bare fastify relay (answer, then POST the body on): p99', figure: relay.p99, unit: 'ms' };
  for (const [name, f] of figures) {
    if (name === 'relay') continue;
    const storeName = name === 'memory' ? 'memory' : 'Redis';
    reportBench({
      name: `hub-added latency, report in to webhook out at ${RATE} reports/s (${storeName} store)`,
      figure: f.p99,
      unit: 'ms p99',
      baseline: base,
      ratio: f.p99 / relay.p99,
      ...(name === 'memory' ? { target: 'p99 <= 10 ms', pass: f.p99 <= 10 } : {}),
      notes: notes + verdict,
    });
  }
}

/**
 * Child: the bare relay. It POSTs on with node:http over a keep-alive agent, the client the hub's webhook delivery
 * uses (fetch through undici costs several times the CPU per POST, which the baseline should not carry).
 */
async function serveRelay(hookUrl: string): Promise<void> {
  const app = Fastify({ logger: false });
  const agent = new Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' });
  app.post('/ingress/textbee', async (req) => {
    const body = JSON.stringify(req.body);
    request(hookUrl, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'x-relay': '1', 'content-length': Buffer.byteLength(body) },
    })
      .on('response', (res) => res.resume())
      .on('error', () => {}) // a lost relay POST shows as a missing webhook
      .end(body);
    return { ok: true };
  });
  announce({ url: await app.listen({ host: '127.0.0.1', port: 0 }), probe: await startProbe() });
}

const serve = serveArg();
if (serve) {
  const [what, hookUrl, messages] = serve.split('|') as [string, string, string];
  if (what === 'relay') void serveRelay(hookUrl);
  else void serveHub(what as 'memory' | 'redis', Number(messages), hookUrl);
} else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
