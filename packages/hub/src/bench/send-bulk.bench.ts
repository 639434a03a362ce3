/**
 * Bulk-send figures (issue 21 item 3), in seconds per 10,000 recipients on the memory store: 10 `POST
 * /v1/messages/bulk` requests of 1,000 messages each, and the same 10,000 rows through `smsfleet send --csv` (the real
 * CLI in its own process, with its progress bar, one idempotent POST per row, 4 at a time). Baseline, same run: a bare
 * fastify route answering the same requests (the bulk bodies parsed and answered; the CLI's rows answered 202 with an
 * id). The hub's workers are off: the figure is the API's acceptance of the messages (validated, stored, queued).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createMemoryStore } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { announce, serveArg, startChildServer, type ChildServer } from './child-server';

const RECIPIENTS = 10_000;
const PER_REQUEST = 1_000;
const BODY = 'Your order ships today. Reply STOP to opt out.';
/** Recipient i: a distinct San Francisco number. */
const to = (i: number) => `+1415${String(2_000_000 + i)}`;

type Info = { url: string; key: string };

/** Child: the bare route, answering a bulk body or a row as the hub would (202). */
async function serveBare(): Promise<void> {
  const bare = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  bare.post('/v1/messages/bulk', async (req, reply) =>
    reply.code(202).send({ n: (req.body as { messages: unknown[] }).messages.length }),
  );
  let n = 0;
  bare.post('/v1/messages', async (_req, reply) => reply.code(202).send({ id: `msg_${n++}`, status: 'queued' }));
  announce({ url: await bare.listen({ host: '127.0.0.1', port: 0 }), key: 'bare' });
}

/** Child: the hub on the memory store (a phone is never reached: the dispatcher is off). */
async function serveHub(): Promise<void> {
  const store = createMemoryStore();
  const fleet = await FleetRegistry.create(
    {
      connections: [
        {
          id: 'tb',
          connection: { kind: 'textbee', baseUrl: 'http://127.0.0.1:9', apiKey: 'k', webhookSigningSecret: 's' },
        },
      ],
      devices: [{ id: 'tb', name: 'tb', connectionId: 'tb', gatewayDeviceId: 'tb', sims: [{ slot: 1 }] }],
    },
    store,
  );
  const app = buildApp({
    config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }),
    store,
    fleet,
    runWorkers: false,
    processMetrics: false,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await createApiKey(store, 'bench');
  announce({ url, key });
}

/** Wall seconds and server CPU seconds of `fn` against `server`. */
async function timed(server: ChildServer<Info>, fn: () => Promise<void>): Promise<{ s: number; cpuS?: number }> {
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  const cpu1 = server.cpuMs();
  return { s, ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuS: (cpu1 - cpu0) / 1000 } : {}) };
}

/** The 10 bulk requests, one after another; `offset` makes the recipients of a second pass new ones. */
async function bulk(server: ChildServer<Info>, offset: number): Promise<void> {
  for (let r = 0; r < RECIPIENTS / PER_REQUEST; r++) {
    const messages = Array.from({ length: PER_REQUEST }, (_, i) => ({
      to: to(offset + r * PER_REQUEST + i),
      body: BODY,
      reference: `r-${offset + r * PER_REQUEST + i}`,
    }));
    const res = await fetch(`${server.info.url}/v1/messages/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.info.key}` },
      body: JSON.stringify({ messages }),
    });
    if (res.status !== 202) throw new Error(`bulk request ${r}: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}

/** `smsfleet send --csv file` against `server`, its progress bar on a pipe. */
function cli(server: ChildServer<Info>, file: string): Promise<void> {
  const main = join(__dirname, '..', 'cli', 'main.js');
  const child = spawn(
    process.execPath,
    [main, 'send', '--csv', file, '--url', server.info.url, '--key', server.info.key],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', () => undefined); // the progress bar, redrawn per row
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`smsfleet send --csv exited with ${code}: ${out}`)),
    ),
  );
}

const per10k = (x: { s: number }) => (x.s * 10_000) / RECIPIENTS;
const cpuNote = (x: { s: number; cpuS?: number }) =>
  x.cpuS === undefined ? '' : `, ${((x.cpuS * 1e6) / RECIPIENTS).toFixed(0)} µs of server CPU per recipient`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'smsfleet-bulk-'));
  const file = join(dir, 'list.csv');
  writeFileSync(
    file,
    ['to,body,reference', ...Array.from({ length: RECIPIENTS }, (_, i) => `${to(50_000 + i)},${BODY},c-${i}`)].join(
      '\n',
    ),
  );
  const load0 = loadavg()[0]!;
  const bare = await startChildServer<Info>(__filename, 'bare');
  const hub = await startChildServer<Info>(__filename, 'hub');
  let r: Record<'bareBulk' | 'hubBulk' | 'bareCsv' | 'hubCsv', { s: number; cpuS?: number }>;
  try {
    // Warm-up (JIT) on recipients the measured runs do not use.
    await bulk(bare, 200_000);
    await bulk(hub, 200_000);
    const bareBulk = await timed(bare, () => bulk(bare, 0));
    const hubBulk = await timed(hub, () => bulk(hub, 0));
    const bareCsv = await timed(bare, () => cli(bare, file));
    const hubCsv = await timed(hub, () => cli(hub, file));
    r = { bareBulk, hubBulk, bareCsv, hubCsv };
    const page = (await (
      await fetch(`${hub.info.url}/v1/messages?limit=1`, { headers: { authorization: `Bearer ${hub.info.key}` } })
    ).json()) as { items: unknown[] };
    if (page.items.length !== 1) throw new Error('no message was stored');
  } finally {
    await bare.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const notes =
    `memory store, workers off; ${RECIPIENTS} distinct recipients; ${availableParallelism()} cores, load average ` +
    `${load0.toFixed(1)} at the start. Bulk: ${RECIPIENTS / PER_REQUEST} requests of ${PER_REQUEST}, one after ` +
    `another: the hub ${per10k(r.hubBulk).toFixed(2)} s${cpuNote(r.hubBulk)}; the bare route ` +
    `${per10k(r.bareBulk).toFixed(2)} s${cpuNote(r.bareBulk)}. smsfleet send --csv (one POST per row with its ` +
    `idempotency key, 4 in flight, the progress bar drawn per row): the hub ${per10k(r.hubCsv).toFixed(2)} s` +
    `${cpuNote(r.hubCsv)}; the bare route ${per10k(r.bareCsv).toFixed(2)} s${cpuNote(r.bareCsv)}.`;
  reportBench({
    name: 'bulk send, 10,000 recipients in requests of 1,000 (POST /v1/messages/bulk, memory store)',
    figure: per10k(r.hubBulk),
    unit: 's per 10k',
    baseline: { name: 'bare fastify route, same bodies', figure: per10k(r.bareBulk), unit: 's per 10k' },
    ratio: r.bareBulk.s / r.hubBulk.s,
    notes,
  });
  reportBench({
    name: 'bulk send through smsfleet send --csv (10,000 rows, memory store)',
    figure: per10k(r.hubCsv),
    unit: 's per 10k',
    baseline: { name: 'the same CLI run against a bare fastify route', figure: per10k(r.bareCsv), unit: 's per 10k' },
    ratio: r.bareCsv.s / r.hubCsv.s,
    notes,
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
