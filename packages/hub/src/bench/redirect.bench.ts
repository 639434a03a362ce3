/**
 * Redirect throughput: `GET /l/<code>` on the hub (classify the visitor, resolve the code and log the hit in one store
 * step, 302 with `Cache-Control: no-store`; the hit counter counts each click after the answer, in the same process)
 * against a bare fastify route answering the same 302, in alternating rounds in one run, on the memory store and on
 * Redis. Clicks are spread over LINKS links by people (a browser's user agent). After the rounds the run checks that
 * every click the hub answered was counted on its message. Targets: 0.8 of the bare route on memory, 0.6 on Redis.
 */
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { reportBench } from '@smsfleet/core/bench';
import { serveArg, startChildServer, type ChildServer } from './child-server';
import { cpuNote, cpuRatioNote, type LoadRun } from './load';
import { serveBare, serveHub } from './redirect-servers';

const ROUNDS = 3;
const ROUND_S = 4;
const CONNECTIONS = 20;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.0 Mobile/15E148 Safari/604.1';

type Info = { url: string; key?: string; codes: string[] };

/** One autocannon run of clicks; every answer must be a 302. */
async function clicks(server: ChildServer<Info>, duration: number, codes: string[]): Promise<LoadRun> {
  let i = 0;
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  const r = await autocannon({
    url: server.info.url,
    connections: CONNECTIONS,
    duration,
    headers: { 'user-agent': IPHONE },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/l/${codes[i++ % codes.length]}` }) }],
  });
  const wall = performance.now() - t0;
  const cpu1 = server.cpuMs();
  const stats = (r as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats;
  const redirects = stats['302']?.count ?? 0;
  if (r.errors > 0 || redirects !== r.requests.total)
    throw new Error(`${server.info.url}: ${r.errors} errors, answers ${JSON.stringify(stats)}`);
  const run: LoadRun = { rps: r.requests.average, total: r.requests.total };
  if (cpu0 !== undefined && cpu1 !== undefined && run.total > 0) {
    run.cpuUsPerReq = ((cpu1 - cpu0) * 1000) / run.total;
    run.cpuShare = (cpu1 - cpu0) / wall;
  }
  return run;
}

/** Runs of one server pooled: mean throughput, CPU per request weighted by requests. */
function pooled(runs: LoadRun[]): LoadRun {
  const total = runs.reduce((a, r) => a + r.total, 0);
  const out: LoadRun = { rps: runs.reduce((a, r) => a + r.rps, 0) / runs.length, total };
  if (runs.every((r) => r.cpuUsPerReq !== undefined)) {
    out.cpuUsPerReq = runs.reduce((a, r) => a + r.cpuUsPerReq! * r.total, 0) / total;
    out.cpuShare = runs.reduce((a, r) => a + r.cpuShare!, 0) / runs.length;
  }
  return out;
}

/** The clicks counted on the hub's messages (engagement), once the counter caught up with `expected`. */
async function counted(hub: ChildServer<Info>, expected: number): Promise<number> {
  const auth = { authorization: `Bearer ${hub.info.key}` };
  const deadline = Date.now() + 120_000;
  for (;;) {
    let sum = 0;
    let cursor: string | undefined;
    do {
      const q = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${hub.info.url}/v1/messages?${q}`, { headers: auth })).json()) as {
        items: { engagement?: { clicks: number } }[];
        nextCursor?: string;
      };
      for (const m of page.items) sum += m.engagement?.clicks ?? 0;
      cursor = page.nextCursor;
    } while (cursor);
    if (sum >= expected || Date.now() > deadline) return sum;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  const bare = await startChildServer<Info>(__filename, 'bare');
  const hubs = {
    memory: await startChildServer<Info>(__filename, 'hub:memory'),
    redis: await startChildServer<Info>(__filename, 'hub:redis'),
  };
  const codes = hubs.memory.info.codes;
  const rounds: { bare: LoadRun; memory: LoadRun; redis: LoadRun }[] = [];
  const answered = { memory: 0, redis: 0 };
  const seen = { memory: 0, redis: 0 };
  try {
    await clicks(bare, 2, codes); // warm-ups (JIT)
    for (const k of ['memory', 'redis'] as const) answered[k] += (await clicks(hubs[k], 2, codes)).total;
    for (let n = 0; n < ROUNDS; n++) {
      const b = await clicks(bare, ROUND_S, codes);
      const memory = await clicks(hubs.memory, ROUND_S, codes);
      const redis = await clicks(hubs.redis, ROUND_S, codes);
      answered.memory += memory.total;
      answered.redis += redis.total;
      rounds.push({ bare: b, memory, redis });
      console.error(`round ${n + 1}: bare ${b.rps} req/s, memory ${memory.rps}, redis ${redis.rps}`);
    }
    for (const k of ['memory', 'redis'] as const) seen[k] = await counted(hubs[k], answered[k]);
  } finally {
    await bare.close();
    await hubs.memory.close();
    await hubs.redis.close();
  }
  // autocannon stops with up to one request in flight per connection: the hub answered (and counted) those too.
  const runs = ROUNDS + 1;
  for (const k of ['memory', 'redis'] as const)
    if (seen[k] < answered[k] || seen[k] > answered[k] + CONNECTIONS * runs)
      throw new Error(`${k}: ${answered[k]} clicks answered, ${seen[k]} counted`);
  const baseline = pooled(rounds.map((r) => r.bare));
  const perRound = (k: 'memory' | 'redis') => rounds.map((r) => (r[k].rps / r.bare.rps).toFixed(2)).join(', ');
  for (const [k, target] of [
    ['memory', 0.8],
    ['redis', 0.6],
  ] as const) {
    const run = pooled(rounds.map((r) => r[k]));
    const ratio = run.rps / baseline.rps;
    reportBench({
      name: `redirect with click recording (GET /l/<code>, ${k} store)`,
      figure: run.rps,
      unit: 'req/s',
      baseline: { name: 'bare fastify 302 route', figure: baseline.rps, unit: 'req/s' },
      ratio,
      target: `>= ${target} of bare fastify`,
      pass: ratio >= target,
      notes:
        `autocannon, ${CONNECTIONS} connections, clicks by a browser spread over ${codes.length} links; the bare ` +
        `route and the hubs measured in ${ROUNDS} alternating rounds of ${ROUND_S} s after a warm-up (round by ` +
        `round ${perRound(k)} of the bare route; the figures are the rounds' means); each server in its own process, ` +
        `the load generator in the parent, on a machine with ${availableParallelism()} cores. Server CPU ` +
        `(from /proc): bare fastify${cpuNote(baseline)}; the hub${cpuNote(run)}${cpuRatioNote(baseline, run)}, ` +
        `counting included (the hit counter runs in the hub's process, after the 302). All ${answered[k]} ` +
        `clicks answered were counted on their messages (${seen[k]} counted: autocannon stops with requests in ` +
        'flight, which the hub answered and counted too).',
    });
  }
}

const serve = serveArg();
if (serve === 'bare') void serveBare();
else if (serve === 'hub:memory') void serveHub('memory');
else if (serve === 'hub:redis') void serveHub('redis');
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
