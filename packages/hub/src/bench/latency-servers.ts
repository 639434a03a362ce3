// The child server of the latency benchmark: the hub on the memory or the Redis store, its webhook worker running.
import { randomBytes } from 'node:crypto';
import { createMemoryStore, createRedisStore, newId, rollupState, type Message, type Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { announce } from './child-server';
import { startProbe } from './latency-probe';
import { SECRET, SUB_SECRET, smsId } from './latency-protocol';

/**
 * Child: the hub on `kind`'s store with `messages` messages handed over to textbee (each waits for its `sent` report)
 * and one subscription to `hookUrl`. Only the webhook delivery worker runs (no phone is ever reached).
 */
export async function serveHub(kind: 'memory' | 'redis', messages: number, hookUrl: string): Promise<void> {
  const store: Store =
    kind === 'memory'
      ? createMemoryStore()
      : createRedisStore({
          url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          prefix: `bench:latency:${randomBytes(4).toString('hex')}:`,
        });
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
  const retainUntil = new Date(Date.now() + 86400_000).toISOString();
  const batch: Promise<unknown>[] = [];
  for (let n = 0; n < messages; n++) {
    const m: Message = {
      id: newId('msg'),
      to: '+14155550123',
      body: 'hello',
      reference: String(n),
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'pending',
      from: { deviceId: 'tb', sim: 1 },
      gateway: 'textbee',
      gatewayMessageId: smsId(n),
      attempts: 1,
      createdAt: at,
      updatedAt: at,
      retainUntil,
      version: 0,
    };
    // As the send path leaves it: counted in the roll-ups (its report then moves a few fields, not a whole new
    // contribution), its gateway id linked.
    batch.push(
      store.messages
        .create(m, [])
        .then(() =>
          Promise.all([store.messages.linkGatewayId('textbee', smsId(n), m.id), store.rollups.record(rollupState(m))]),
        ),
    );
    if (batch.length >= 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await store.subscriptions.create({
    id: 'sub_bench',
    url: hookUrl,
    events: ['message.status_changed'],
    secret: SUB_SECRET,
    createdAt: at,
    failing: false,
    consecutiveFailures: 0,
  });
  const app = buildApp({
    config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }),
    store,
    fleet,
    runWorkers: false,
    processMetrics: false,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  app.webhooks.worker.start(); // the path under test ends with its POST
  const { key } = await createApiKey(store, 'bench');
  announce({ url, key, probe: await startProbe() });
}
