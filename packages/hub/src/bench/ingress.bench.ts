/**
 * Gateway-ingress throughput: signed textbee webhooks (`POST /ingress/:connectionId`: HMAC verification in
 * constant time, body validation, dedupe by event id, gateway-id lookup, status model in a compare-and-set,
 * publish to a subscription) on the memory store, against a bare fastify route that parses the same JSON,
 * in the same run. Every request is a new event (fresh idempotency key and signature) over 2,000 messages,
 * alternating sent and delivered reports. Target: at least 50% of bare fastify.
 */
import { createHmac } from 'node:crypto';
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { createMemoryStore, newId, type Message } from '@smsfleet/core';
import { reportBench } from '@smsfleet/core/bench';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';

const DURATION_S = 8;
const CONNECTIONS = 20;
const N = 2_000;
const SECRET = 'bench-secret';

function body(i: number): string {
  const n = i % N;
  const delivered = Math.floor(i / N) % 2 === 1;
  return JSON.stringify({
    webhookEvent: delivered ? 'MESSAGE_DELIVERED' : 'MESSAGE_SENT', idempotencyKey: `evt-${i}`, smsId: `sms-${n}`, smsBatchId: `sms-${n}`,
    deviceId: 'tb', status: delivered ? 'delivered' : 'sent', recipient: '+14155550123',
    [delivered ? 'deliveredAt' : 'sentAt']: new Date().toISOString(),
  });
}

async function rps(url: string, sign: boolean): Promise<number> {
  let i = 0;
  const r = await autocannon({
    url, connections: CONNECTIONS, duration: DURATION_S,
    requests: [{
      method: 'POST',
      setupRequest: (req: Record<string, unknown>) => {
        const b = body(i++);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (sign) headers['x-signature'] = createHmac('sha256', SECRET).update(b).digest('hex');
        return { ...req, body: b, headers };
      },
    }],
  } as unknown as autocannon.Options);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function main() {
  const bare = Fastify({ logger: false });
  bare.post('/ingress/textbee', async (req) => ({ ok: true, n: Object.keys(req.body as object).length }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const store = createMemoryStore();
  const fleet = await FleetRegistry.create({
    connections: [{ id: 'textbee', connection: { kind: 'textbee', baseUrl: 'http://127.0.0.1:9', apiKey: 'k', webhookSigningSecret: SECRET } }],
    devices: [{ id: 'tb', name: 'tb', connectionId: 'textbee', gatewayDeviceId: 'tb', sims: [{ slot: 1 }] }],
  }, store);
  const at = new Date().toISOString();
  for (let n = 0; n < N; n++) {
    const m: Message = { id: newId('msg'), to: '+14155550123', body: 'hello', segments: 1, encoding: 'GSM-7', priority: 0, status: 'pending',
      from: { deviceId: 'tb', sim: 1 }, gateway: 'textbee', gatewayMessageId: `sms-${n}`, attempts: 1, createdAt: at, updatedAt: at, version: 0 };
    await store.messages.create(m, []);
    await store.messages.linkGatewayId('textbee', `sms-${n}`, m.id);
  }
  const app = buildApp({ config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent' }), store, fleet, runWorkers: false, processMetrics: false });
  const hubUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  await app.store.subscriptions.create({ id: 'sub_bench', url: 'http://127.0.0.1:9/hook', events: ['message.status_changed'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: at, failing: false, consecutiveFailures: 0 });

  // The load generator signs in both runs, so it costs the same on this shared machine; the bare route ignores the header.
  await rps(`${bareUrl}/ingress/textbee`, true); // warm-up
  const baseline = await rps(`${bareUrl}/ingress/textbee`, true);
  const hub = await rps(`${hubUrl}/ingress/textbee`, true);
  const delivered = (await store.messages.list({ status: ['delivered'] }, { limit: 500 })).items.length;
  await app.close(); await bare.close(); await store.close();
  if (delivered === 0) throw new Error('no report was applied');
  reportBench({
    name: 'gateway ingress throughput (signed textbee webhooks, memory store)', figure: hub, unit: 'req/s',
    baseline: { name: 'bare fastify POST route, same bodies', figure: baseline, unit: 'req/s' }, ratio: hub / baseline,
    target: '>= 0.5 of bare fastify', pass: hub / baseline >= 0.5,
    notes: `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each, a new signed event per request over ${N} messages, one subscription receiving the changes (delivery worker off); servers and load generator (which signs every request in both runs) share one process on the 2-core machine.`,
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
