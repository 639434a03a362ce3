/**
 * Send-API throughput: `POST /v1/messages` on the full hub (auth, rate-limit bookkeeping, zod validation,
 * phone normalisation, segment analysis, opt-out check, atomic create with timeline, send job enqueued) on
 * the memory store, against a bare fastify route that parses the same JSON body and answers 202, measured
 * with autocannon in the same run. Workers are off so the figure is the API alone.
 */
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { createMemoryStore } from '@smsfleet/core';
import { startFleet } from '@smsfleet/fleet-sim';
import { reportBench } from '@smsfleet/core/bench';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry, fleetConfigFromSim } from '../fleet';

const DURATION_S = 8;
const CONNECTIONS = 20;
const BODY = JSON.stringify({ to: '+14155550123', body: 'Your order A-1042 ships today. Reply STOP to opt out.', reference: 'order-1042' });

async function rps(url: string, headers: Record<string, string>): Promise<number> {
  const r = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY, connections: CONNECTIONS, duration: DURATION_S });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function main() {
  const bare = Fastify({ logger: false });
  bare.post('/v1/messages', async (req, reply) => reply.code(202).send({ ok: true, body: req.body }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const fleet = await startFleet({ seed: 1, phones: [{ id: 'p1', gateway: 'sms-gate', sims: [{ number: '+15550100001' }] }] });
  const store = createMemoryStore();
  const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), store);
  const app = buildApp({ config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }), store, fleet: registry, runWorkers: false, processMetrics: false });
  const hubUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await createApiKey(store, 'bench');

  await rps(`${bareUrl}/v1/messages`, {}); // warm-up both
  const baseline = await rps(`${bareUrl}/v1/messages`, {});
  const hub = await rps(`${hubUrl}/v1/messages`, { authorization: `Bearer ${key}` });
  const stored = (await store.messages.list({}, { limit: 1 })).items.length;
  await app.close(); await bare.close(); await fleet.close(); await store.close();
  if (!stored) throw new Error('no message was stored');
  reportBench({
    name: 'send API throughput (POST /v1/messages, memory store)', figure: hub, unit: 'req/s',
    baseline: { name: 'bare fastify POST route, same body', figure: baseline, unit: 'req/s' }, ratio: hub / baseline,
    notes: `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each, servers and load generator on the same 2-core machine.`,
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
