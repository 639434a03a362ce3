import { createRedisStore, newId, type Message } from '@smsfleet/core';
import { unlistedMessages } from './store-audit';

const redisUrl = () => {
  const u = process.env.REDIS_URL;
  if (!u) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts a redis-server');
  return u;
};

const message = (reference: string, now: Date): Message => ({
  id: newId('msg', now),
  to: '+14155550100',
  body: 'hi',
  segments: 1,
  encoding: 'GSM-7',
  priority: 0,
  status: 'queued',
  attempts: 0,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  version: 0,
  reference,
});

describe("the chaos runner's Redis audit", () => {
  it('finds the message records the API did not show, and nothing else', async () => {
    const prefix = `chaos-audit-${Date.now()}-${Math.random().toString(36).slice(2)}:`;
    const store = createRedisStore({ url: redisUrl(), prefix });
    try {
      const now = new Date();
      const a = message('k1', now);
      const b = message('k1', new Date(now.getTime() + 1));
      await store.messages.create(a, []);
      await store.messages.create(b, []);
      const port = Number(new URL(redisUrl()).port || 6379);
      expect(await unlistedMessages(port, new Set([a.id]), prefix)).toEqual([
        { id: b.id, status: 'queued', reference: 'k1', reason: 'not in the message list' },
      ]);
      expect(await unlistedMessages(port, new Set([a.id, b.id]), prefix)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
