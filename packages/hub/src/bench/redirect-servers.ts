// The child servers of the redirect benchmark: a bare fastify 302, and the hub on the memory or the Redis store.
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { createMemoryStore, createRedisStore, newId, type Message, type ShortLink, type Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { loadConfig } from '../config';
import { FleetRegistry } from '../fleet';
import { announce } from './child-server';

/** Tracked links (one message each) the load spreads its clicks over. */
export const LINKS = 500;
/** Where every link points. */
export const TARGET = 'https://shop.example.com/orders/A-1042?utm_source=sms';

/** Child: the bare fastify route answering the same 302. */
export async function serveBare(): Promise<void> {
  const bare = Fastify({ logger: false });
  bare.get('/l/:code', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.redirect(TARGET, 302);
  });
  announce({ url: await bare.listen({ host: '127.0.0.1', port: 0 }), codes: [] });
}

/** Child: the hub (workers off except the hit counter) on `kind`'s store, with LINKS messages and their links. */
export async function serveHub(kind: 'memory' | 'redis'): Promise<void> {
  const store: Store =
    kind === 'memory'
      ? createMemoryStore()
      : createRedisStore({
          url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          prefix: `bench:redirect:${randomBytes(4).toString('hex')}:`,
        });
  const at = new Date().toISOString();
  const retainUntil = new Date(Date.now() + 86400_000).toISOString();
  const codes: string[] = [];
  for (let n = 0; n < LINKS; n++) {
    const m: Message = {
      id: newId('msg'),
      to: '+14155550123',
      body: 'Track it',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'delivered',
      attempts: 1,
      createdAt: at,
      updatedAt: at,
      retainUntil,
      version: 0,
      engagement: { links: 1, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 },
    };
    await store.messages.create(m, []);
    const link: ShortLink = {
      code: `Bench${String(n).padStart(7, '0')}`,
      id: `lnk_bench${n}`,
      messageId: m.id,
      to: m.to,
      url: TARGET,
      originalUrl: TARGET,
      createdAt: at,
      retainUntil,
    };
    await store.links.create([link]);
    codes.push(link.code);
  }
  const app = buildApp({
    config: loadConfig({ SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1000000' }),
    store,
    // A phone is never reached (the dispatcher is off); the hub needs a fleet to start.
    fleet: await FleetRegistry.create(
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
    ),
    runWorkers: false,
    processMetrics: false,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  app.hitCounter.start(); // counting is part of the cost per click, though it runs after the 302
  const { key } = await createApiKey(store, 'bench');
  announce({ url, key, codes });
}
