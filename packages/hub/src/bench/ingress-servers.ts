// The child servers of the ingress benchmark (a bare fastify route, the hub) and the hub's counters it reads.
import Fastify from 'fastify';
import { createMemoryStore, newId, type Message } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { announce } from './child-server';

/** Messages tracked by the hub: enough for two reports each over the hub's warm-up and measured rounds. */
export const MESSAGES = 160_000;
/** The textbee webhook signing secret the hub is configured with and the load generator signs with. */
export const SECRET = 'bench-secret';

/**
 * Child: the bare fastify route; with `spinUs`, the same route burning that much CPU per request first (a calibration:
 * what a route with that much work of its own reaches on this machine, against the same load generator).
 */
export async function serveBare(spinUs = 0): Promise<void> {
  const bare = Fastify({ logger: false });
  bare.post('/ingress/textbee', async (req) => {
    if (spinUs > 0) {
      const until = process.hrtime.bigint() + BigInt(spinUs * 1000);
      while (process.hrtime.bigint() < until); // busy: CPU, not waiting
    }
    return { ok: true, n: Object.keys(req.body as object).length };
  });
  announce({ url: await bare.listen({ host: '127.0.0.1', port: 0 }) });
}

/**
 * Child: the hub with MESSAGES tracked messages and one subscription. With `empty`, the gateway adapter accepts every
 * webhook without verifying or parsing it (a measurement of the hub's HTTP stack alone, never a configuration).
 */
export async function serveHub(empty = false): Promise<void> {
  const store = createMemoryStore();
  const fleet = await FleetRegistry.create(
    {
      connections: [
        {
          id: 'textbee',
          connection: { kind: 'textbee', baseUrl: 'http://127.0.0.1:9', apiKey: 'k', webhookSigningSecret: SECRET },
        },
      ],
      devices: [{ id: 'tb', name: 'tb', connectionId: 'textbee', gatewayDeviceId: 'tb', sims: [{ slot: 1 }] }],
    },
    store,
  );
  const at = new Date().toISOString();
  for (let n = 0; n < MESSAGES; n++) {
    const m: Message = {
      id: newId('msg'),
      to: '+14155550123',
      body: 'hello',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'pending',
      from: { deviceId: 'tb', sim: 1 },
      gateway: 'textbee',
      gatewayMessageId: `sms-${n}`,
      attempts: 1,
      createdAt: at,
      updatedAt: at,
      version: 0,
    };
    await store.messages.create(m, []);
    await store.messages.linkGatewayId('textbee', `sms-${n}`, m.id);
  }
  const app = buildApp({
    config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }),
    store,
    fleet,
    runWorkers: false,
    processMetrics: false,
  });
  if (empty) {
    await app.ready();
    const adapter = app.pipeline.fleet.forConnection('textbee')!.adapter;
    adapter.parseWebhook = () => [];
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await app.store.subscriptions.create({
    id: 'sub_bench',
    url: 'http://127.0.0.1:9/hook',
    events: ['message.status_changed'],
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    createdAt: at,
    failing: false,
    consecutiveFailures: 0,
  });
  const { key } = await createApiKey(store, 'bench');
  announce({ url, key });
}

/** A counter or gauge from the hub's /metrics. */
export async function metric(url: string, key: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`${name} missing from /metrics`);
  return Number(m[1]);
}

/** The number of status_changed events the hub published: its webhook queue (the delivery worker is off). */
export const published = (url: string, key: string) => metric(url, key, 'smsfleet_webhook_queue_size');
