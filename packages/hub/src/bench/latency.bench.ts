/**
 * Hub-added latency: a signed textbee `sent` report into `POST /ingress/textbee` → the subscriber's signed
 * `message.status_changed` webhook POST out, on loopback, at a steady 1,000 reports/s (open loop: each report leaves at
 * its scheduled time whether or not earlier ones were answered), on the memory store and on Redis. The load generator
 * and the subscriber are this process, so a report's send and its webhook's receipt are read on one clock
 * (`performance.now()`); the hub runs in a child process with its webhook delivery worker. Baseline, same run: a bare
 * fastify route that answers the report and POSTs its body on to the subscriber (the two loopback hops and nothing
 * else). Target: p99 <= 10 ms on the memory store.
 */
import { createHmac } from 'node:crypto';
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import Fastify from 'fastify';
import { Webhook } from 'standardwebhooks';
import { reportBench } from '@smsfleet/core/bench';
import { announce, serveArg, startChildServer, type ChildServer } from './child-server';
import { SECRET, serveHub, smsId, SUB_SECRET } from './latency-servers';

/** Reports per second, paced on the clock (BENCH_LATENCY_RATE overrides it to try a busy machine at less). */
const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1_000);
const WARM_S = 3;
const MEASURE_S = 10;
const TOTAL = RATE * (WARM_S + MEASURE_S);
/** How long the run waits for the last webhooks after the last report left. */
const WAIT_MS = 60_000;

/** Where each report's webhook came back, by message number (its reference). */
interface Run {
  sentAt: Float64Array;
  /** When the ingress answered the report (the part of the latency before the webhook's delivery job). */
  answeredAt: Float64Array;
  receivedAt: Float64Array;
  received: number;
  bad: number;
  done?: () => void;
}
let run: Run | undefined;

/** The subscriber: checks every delivery's Standard Webhooks signature and notes when it arrived. */
function subscriber(): Promise<{ server: Server; url: string }> {
  const wh = new Webhook(SUB_SECRET);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString();
      res.writeHead(204).end();
      const r = run;
      if (!r) return;
      try {
        // The relay passes the report on as it came; the hub's event names the message's reference.
        const n = req.headers['x-relay']
          ? Number((JSON.parse(body) as { smsId: string }).smsId.slice(4))
          : Number((wh.verify(body, req.headers as never) as { data: { reference: string } }).data.reference);
        if (!(r.receivedAt[n]! > 0)) {
          r.receivedAt[n] = at;
          if (++r.received === TOTAL) r.done?.();
        }
      } catch {
        r.bad++;
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` }),
    ),
  );
}

/** Report `n`: textbee's `sent` webhook for message n, signed. */
function report(n: number): { body: string; signature: string } {
  const body = JSON.stringify({
    webhookEvent: 'MESSAGE_SENT',
    idempotencyKey: `evt-${n}`,
    smsId: smsId(n),
    smsBatchId: smsId(n),
    deviceId: 'tb',
    status: 'sent',
    recipient: '+14155550123',
    sentAt: new Date().toISOString(),
  });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('hex') };
}

/** A measured run's figures, in ms; CPU in µs per report over the measured window. */
interface Figures {
  p50: number;
  p99: number;
  max: number;
  /** p50 and p99 of the report's answer by the ingress. */
  answerP50: number;
  answerP99: number;
  /** Webhooks that arrived (of TOTAL) before the wait ended. */
  arrived: number;
  cpuUs?: number;
  lateSends: number;
}

/** Send TOTAL reports to `server` at RATE per second and wait for every webhook. */
async function measure(server: ChildServer<{ url: string }>): Promise<Figures> {
  const r: Run = {
    sentAt: new Float64Array(TOTAL),
    answeredAt: new Float64Array(TOTAL),
    receivedAt: new Float64Array(TOTAL),
    received: 0,
    bad: 0,
  };
  run = r;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(`${server.info.url}/ingress/textbee`);
  const all = new Promise<void>((resolve) => {
    r.done = resolve;
  });
  let failed: Error | undefined;
  let sent = 0;
  let lateSends = 0;
  let cpu0: number | undefined;
  const t0 = performance.now() + 20;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(TOTAL, Math.floor(((now - t0) * RATE) / 1000));
      if (sent < WARM_S * RATE && due >= WARM_S * RATE) cpu0 = server.cpuMs();
      for (; sent < due; sent++) {
        const n = sent;
        const { body, signature } = report(n);
        if (performance.now() - (t0 + (n * 1000) / RATE) > 2) lateSends++;
        const req = request(target, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'x-signature': signature },
        });
        req.on('response', (res) => {
          r.answeredAt[n] = performance.now();
          if (res.statusCode! >= 300) failed ??= new Error(`report ${n}: HTTP ${res.statusCode}`);
          res.resume();
        });
        req.on('error', (e) => {
          failed ??= e;
        });
        r.sentAt[n] = performance.now();
        req.end(body);
      }
      if (sent < TOTAL) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 20);
  });
  // A machine too busy to keep the pace never catches up: after WAIT_MS the missing webhooks count as that late.
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS).unref());
  await Promise.race([all, timeout]);
  const arrived = r.received;
  const cpu1 = server.cpuMs();
  agent.destroy();
  run = undefined;
  if (failed) throw failed;
  if (r.bad > 0) throw new Error(`${r.bad} webhooks failed their signature check`);
  const lat: number[] = [];
  const answer: number[] = [];
  const waited = performance.now();
  for (let n = WARM_S * RATE; n < TOTAL; n++) {
    lat.push((r.receivedAt[n]! || waited) - r.sentAt[n]!);
    answer.push((r.answeredAt[n]! || waited) - r.sentAt[n]!);
  }
  lat.sort((a, b) => a - b);
  answer.sort((a, b) => a - b);
  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  return {
    p50: q(lat, 0.5),
    p99: q(lat, 0.99),
    max: lat[lat.length - 1]!,
    answerP50: q(answer, 0.5),
    answerP99: q(answer, 0.99),
    arrived,
    lateSends,
    ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuUs: ((cpu1 - cpu0) * 1000) / (MEASURE_S * RATE) } : {}),
  };
}

const fmt = (f: Figures) =>
  `p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms, max ${f.max.toFixed(1)} ms (the report answered at ` +
  `p50 ${f.answerP50.toFixed(2)} ms, p99 ${f.answerP99.toFixed(2)} ms)` +
  (f.cpuUs === undefined ? '' : `, ${f.cpuUs.toFixed(0)} µs of server CPU per report`) +
  (f.arrived < TOTAL ? `, only ${f.arrived} of ${TOTAL} webhooks within ${WAIT_MS / 1000} s of the last report` : '');

async function main() {
  const sub = await subscriber();
  const figures: Partial<Record<'relay' | 'memory' | 'redis', Figures>> = {};
  const load0 = loadavg()[0]!;
  try {
    for (const what of ['relay', 'memory', 'redis'] as const) {
      const server = await startChildServer<{ url: string }>(__filename, `${what}|${sub.url}`);
      try {
        figures[what] = await measure(server);
        console.log(`${what}: ${fmt(figures[what]!)}`);
      } finally {
        await server.close();
      }
    }
  } finally {
    sub.server.close();
  }
  const { relay, memory, redis } = figures as Required<typeof figures>;
  const notes =
    `${RATE} signed textbee sent reports per second, open loop (each leaves at its scheduled time), ` +
    `${WARM_S} s of warm-up then ${MEASURE_S} s measured, one subscription; latency from the report's send to the ` +
    `subscriber's receipt of its signed status_changed POST (signature checked), both in the load generator's ` +
    `process on one clock; the hub in a child process, only its webhook worker running, default settings; ` +
    `${availableParallelism()} cores, load average ${load0.toFixed(1)} at the start. Bare relay (fastify answering ` +
    `and POSTing the body on): ${fmt(relay)}. Memory store: ${fmt(memory)}. Redis store: ${fmt(redis)}. ` +
    `Reports sent over 2 ms behind schedule (the load generator's own lag): relay ${relay.lateSends}, memory ` +
    `${memory.lateSends}, Redis ${redis.lateSends}.`;
  const base = { name: 'bare fastify relay (answer, then POST the body on): p99', figure: relay.p99, unit: 'ms' };
  reportBench({
    name: `hub-added latency, report in to webhook out at ${RATE} reports/s (memory store)`,
    figure: memory.p99,
    unit: 'ms p99',
    baseline: base,
    ratio: memory.p99 / relay.p99,
    target: 'p99 <= 10 ms',
    pass: memory.p99 <= 10,
    notes,
  });
  reportBench({
    name: `hub-added latency, report in to webhook out at ${RATE} reports/s (Redis store)`,
    figure: redis.p99,
    unit: 'ms p99',
    baseline: base,
    ratio: redis.p99 / relay.p99,
    notes,
  });
}

/** Child: the bare relay. */
async function serveRelay(hookUrl: string): Promise<void> {
  const app = Fastify({ logger: false });
  app.post('/ingress/textbee', async (req) => {
    void fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-relay': '1' },
      body: JSON.stringify(req.body),
    }).then((res) => res.body?.cancel());
    return { ok: true };
  });
  announce({ url: await app.listen({ host: '127.0.0.1', port: 0 }) });
}

const serve = serveArg();
if (serve) {
  const [what, hookUrl] = serve.split('|') as [string, string];
  if (what === 'relay') void serveRelay(hookUrl);
  else void serveHub(what as 'memory' | 'redis', TOTAL, hookUrl);
} else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
