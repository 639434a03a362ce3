/**
 * Gateway-ingress throughput: signed textbee webhooks (`POST /ingress/:connectionId`: HMAC verification in constant
 * time, body validation, dedupe by event id, gateway-id lookup, status model in a compare-and-set, publish to a
 * subscription) on the memory store, against a bare fastify route that parses the same JSON, in the same run, in
 * alternating rounds. Every request is a new event (fresh idempotency key and signature) that moves a message on:
 * blocks of 2,000 messages get their `sent` reports, then their `delivered` reports, then the next block, so each
 * report is a real status change that publishes a `message.status_changed` event. The run checks that it was.
 * Target: at least 50% of bare fastify.
 */
import { createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type autocannon from 'autocannon';
import { reportBench } from '@smsfleet/core/bench';
import { serveArg, startChildServer, type ChildServer } from './child-server';
import { MESSAGES, metric, published, SECRET, serveBare, serveHub } from './ingress-servers';
import { cpuNote, cpuRatioNote, load, type LoadRun } from './load';

const DURATION_S = 8;
/**
 * The bare route and the hub are measured in alternating rounds, so a drift of the machine or the load generator hits
 * both.
 */
const ROUNDS = 3;
const ROUND_S = 4;
const CONNECTIONS = 20;
/** Messages per block: a block gets its sent reports, then its delivered reports. */
const BLOCK = 2_000;

/** Request `i`'s body: report `i` of the sequence sent(block 0), delivered(block 0), sent(block 1), … */
function body(i: number, pass: number): string {
  const n = Math.floor(i / (2 * BLOCK)) * BLOCK + (i % BLOCK);
  const delivered = Math.floor(i / BLOCK) % 2 === 1;
  return JSON.stringify({
    webhookEvent: delivered ? 'MESSAGE_DELIVERED' : 'MESSAGE_SENT',
    idempotencyKey: `evt-${pass}-${i}`,
    smsId: `sms-${n}`,
    smsBatchId: `sms-${n}`,
    deviceId: 'tb',
    status: delivered ? 'delivered' : 'sent',
    recipient: '+14155550123',
    [delivered ? 'deliveredAt' : 'sentAt']: new Date().toISOString(),
  });
}

/**
 * Where a load is in the report sequence; `pass` is part of every event id, so a second pass sends new events about the
 * same messages.
 */
interface Sequence {
  i: number;
  pass: number;
}
const hubSeq: Sequence = { i: 0, pass: 0 }; // every request the hub sees moves a message on
const otherSeq: Sequence = { i: 0, pass: 0 }; // the other servers' requests (the same bodies; they keep no state)
async function rps(
  server: ChildServer<{ url: string }>,
  sign: boolean,
  duration = DURATION_S,
  amount?: number,
  seq = otherSeq,
): Promise<LoadRun> {
  return load(server, {
    url: `${server.info.url}/ingress/textbee`,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration }),
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const b = body(seq.i++, seq.pass);
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (sign) headers['x-signature'] = createHmac('sha256', SECRET).update(b).digest('hex');
          return { ...req, body: b, headers };
        },
      },
    ],
  } as unknown as autocannon.Options);
}

/** CPU spent per request by the calibration routes, in µs. */
const SPINS_US = [10, 20] as const;

/** Runs pooled: their mean throughput, total requests, and CPU per request over all of them. */
function pooled(runs: LoadRun[]): LoadRun {
  const total = runs.reduce((a, r) => a + r.total, 0);
  const out: LoadRun = { rps: runs.reduce((a, r) => a + r.rps, 0) / runs.length, total };
  if (runs.every((r) => r.cpuUsPerReq !== undefined)) {
    out.cpuUsPerReq = runs.reduce((a, r) => a + r.cpuUsPerReq! * r.total, 0) / total;
    out.cpuShare = runs.reduce((a, r) => a + r.cpuShare!, 0) / runs.length;
  }
  return out;
}

async function main() {
  const bare = await startChildServer<{ url: string }>(__filename, 'bare');
  const hub = await startChildServer<{ url: string; key: string }>(__filename, 'hub');
  const empty = await startChildServer<{ url: string; key: string }>(__filename, 'hub-empty');
  const spins: { us: number; ratio: number; cpuUsPerReq?: number }[] = [];
  const rounds: { bare: LoadRun; hub: LoadRun }[] = [];
  let baseline: LoadRun;
  let hubRun: LoadRun;
  let emptyRun: LoadRun;
  let requests: number;
  let changes: number;
  let repeatRun: LoadRun;
  let batchSize: number;
  try {
    await rps(empty, true, 2); // warm-up
    emptyRun = await rps(empty, true);
    await empty.close();
    // The load generator signs in every run, so it costs the same; the bare route ignores the header.
    await rps(bare, true, 2); // warm-ups (JIT)
    const warm = await rps(hub, true, 2, undefined, hubSeq);
    for (let k = 0; k < ROUNDS; k++) {
      const b = await rps(bare, true, ROUND_S);
      rounds.push({ bare: b, hub: await rps(hub, true, ROUND_S, undefined, hubSeq) });
    }
    baseline = pooled(rounds.map((r) => r.bare));
    hubRun = pooled(rounds.map((r) => r.hub));
    for (const us of SPINS_US) {
      const spin = await startChildServer<{ url: string }>(__filename, `spin:${us}`);
      try {
        await rps(spin, true, 2);
        const run = await rps(spin, true);
        spins.push({
          us,
          ratio: run.rps / baseline.rps,
          ...(run.cpuUsPerReq === undefined ? {} : { cpuUsPerReq: run.cpuUsPerReq }),
        });
      } finally {
        await spin.close();
      }
    }
    requests = warm.total + hubRun.total;
    changes = await published(hub.info.url, hub.info.key);
    batchSize =
      (await metric(hub.info.url, hub.info.key, 'smsfleet_ingress_webhooks_total')) /
      (await metric(hub.info.url, hub.info.key, 'smsfleet_ingress_batches_total'));
    // The same reports again as new events (a gateway re-sending, or a per-segment delivered): all no-ops now.
    hubSeq.i = 0;
    hubSeq.pass = 1;
    repeatRun = await rps(hub, true, DURATION_S, requests, hubSeq);
    if ((await published(hub.info.url, hub.info.key)) !== changes)
      throw new Error('the repeated reports changed messages');
  } finally {
    await bare.close();
    await hub.close();
    await empty.close();
  }
  if (requests > 2 * MESSAGES) throw new Error(`${requests} reports outran the ${MESSAGES} messages: raise MESSAGES`);
  if (changes < requests)
    throw new Error(
      `${requests} reports but ${changes} status changes published: the run did not measure real changes`,
    );
  const hubRps = hubRun.rps;
  const emptyRps = emptyRun.rps;
  const repeatRps = repeatRun.rps;
  // 1/ratio grows about linearly with the CPU a route spends per request: fit 1/r = 1 + k·µs through the calibration
  // routes, and the target (1/0.5 = 2) leaves a route 1/k µs of its own work.
  const k = spins.reduce((a, s) => a + s.us * (1 / s.ratio - 1), 0) / spins.reduce((a, s) => a + s.us * s.us, 0);
  // The hub's own work in the same terms: its CPU per request less what the busiest calibration route spent besides
  // its spin (the HTTP stack, and the wake-ups a slower server pays).
  const ref = spins[spins.length - 1]!;
  const hubWork =
    ref.cpuUsPerReq !== undefined && hubRun.cpuUsPerReq !== undefined
      ? hubRun.cpuUsPerReq - (ref.cpuUsPerReq - ref.us)
      : undefined;
  reportBench({
    name: 'gateway ingress throughput (signed textbee webhooks, memory store)',
    figure: hubRps,
    unit: 'req/s',
    baseline: { name: 'bare fastify POST route, same bodies', figure: baseline.rps, unit: 'req/s' },
    ratio: hubRps / baseline.rps,
    target: '>= 0.5 of bare fastify',
    pass: hubRps / baseline.rps >= 0.5,
    notes:
      `autocannon, ${CONNECTIONS} connections; the bare route and the hub measured in ${ROUNDS} alternating rounds ` +
      `of ${ROUND_S} s after a warm-up (round by round, the hub reached ` +
      `${rounds.map((r) => (r.hub.rps / r.bare.rps).toFixed(2)).join(', ')} of the bare route; the figures are the ` +
      `rounds' means), the other runs ${DURATION_S} s each; a new signed event per request, each a real status ` +
      `change (sent, then delivered, in blocks of ${BLOCK} messages; ${requests} reports answered and ${changes} ` +
      `status_changed events published, the few extra for requests still in flight when a run stopped), one ` +
      `subscription receiving the changes (delivery worker off); the hub applied the webhooks in batches of ` +
      `${batchSize.toFixed(1)} on average (webhooks whose bodies arrive in the same turn of the event loop are ` +
      `applied back to back and answered together, each only once its own reports are stored); each server runs in ` +
      `its own process, the load generator (which signs every request in every run) in the parent, on a machine with ` +
      `${availableParallelism()} cores. Server CPU (from /proc): bare fastify${cpuNote(baseline)}; the ` +
      `hub${cpuNote(hubRun)}${cpuRatioNote(baseline, hubRun)}. What the target leaves: the bare route burning ` +
      `${spins.map((x) => `${x.us} µs of CPU per request reaches ${x.ratio.toFixed(2)}`).join(', and ')} of the ` +
      `plain one, so on this machine, against this load generator, a route may spend about ${Math.round(1 / k)} µs ` +
      `of work of its own per request to stay at 0.5 (every µs of work also costs the server a wake-up of the idle ` +
      `load generator per response, a system-time cost the plain route does not pay)` +
      (hubWork === undefined
        ? ''
        : `; the hub's report path spends about ${Math.round(hubWork)} µs (its CPU per request less the ` +
          `${(ref.cpuUsPerReq! - ref.us).toFixed(1)} µs the ${ref.us} µs route spent besides its work)`) +
      `. ` +
      `Where the time goes: the hub with an ingress that accepts without verifying or parsing (its HTTP stack, ` +
      `hooks, auth, metrics and response schema) answers ${Math.round(emptyRps)} req/s, ` +
      `${(emptyRps / baseline.rps).toFixed(2)} of bare fastify${cpuNote(emptyRun)}; the same reports sent again as ` +
      `new events, which change nothing (signature, JSON, schema, dedupe, lookup and a compare-and-set that finds ` +
      `nothing to do), ${Math.round(repeatRps)} req/s, ` +
      `${(repeatRps / baseline.rps).toFixed(2)}${cpuNote(repeatRun)}; the rest is the work of each report (HMAC ` +
      `check, JSON and schema validation, dedupe, gateway-id lookup, the status model's compare-and-set on the ` +
      `message, the status_changed event and its delivery job).`,
  });
}

const serve = serveArg();
if (serve === 'bare') void serveBare();
else if (serve?.startsWith('spin:')) void serveBare(Number(serve.slice(5)));
else if (serve === 'hub') void serveHub();
else if (serve === 'hub-empty') void serveHub(true);
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
