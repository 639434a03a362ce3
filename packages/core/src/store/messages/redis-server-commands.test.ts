import { Redis } from 'ioredis';
import { newId } from '../../ids';
import { event, message } from '../contract/fixtures';
import { callList, startPrivateRedis, type PrivateRedis } from '../redis/private-redis';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix } from '../redis/test-support';
import type { Store } from '../port';

let redis: PrivateRedis;
let store: Store;

// A private server: its command counts are this test's alone.
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(() => redis.stop());
beforeEach(async () => {
  store = createRedisStore({ url: redis.url, prefix: randomPrefix(), partitions: 1 });
  await store.queue.size('warm-up'); // the layout check, once
});
afterEach(() => store.close());

/** The commands the server ran since the last call (the scripts' own included, not the script calls themselves). */
async function ran(): Promise<string[]> {
  const out = callList(await redis.counts(), ['evalsha', 'eval', 'script|load']);
  await redis.reset();
  return out;
}

/** A queued message kept until a fixed day: its writes include the retention's expiries. */
const retained = () => message(0, { retainUntil: '2027-01-01T00:00:00.000Z' });

describe('Redis messages: server commands', () => {
  it('writes a message with its retention and events in one HSET and one RPUSH, on create and on update', async () => {
    const m = retained();
    // A first message loads the scripts; the counted one is the steady state.
    const warm = { ...m, id: newId('msg') };
    await store.messages.create(warm, [event(warm, 'queued')]);
    await store.messages.update(warm.id, (c) => ({ message: { ...c, status: 'sent' }, events: [event(c, 'sent')] }));
    await redis.reset();
    await store.messages.create(m, [event(m, 'queued')]);
    // the script's EXISTS, HSET, RPUSH, 2 PEXPIREAT; the index's 2 ZADD
    expect(await ran()).toEqual(['exists', 'hset', 'pexpireat', 'pexpireat', 'rpush', 'zadd', 'zadd']);
    await store.messages.update(m.id, (c) => ({ message: { ...c, status: 'sent' }, events: [event(c, 'sent')] }));
    // from the copy this store wrote: the version's HGET, HSET, RPUSH, 2 PEXPIREAT
    expect(await ran()).toEqual(['hget', 'hset', 'pexpireat', 'pexpireat', 'rpush']);
  });

  it('links a gateway id in one round trip on a single node', async () => {
    const conn = new Redis(redis.url);
    const own = createRedisStore({ redis: conn, prefix: randomPrefix(), partitions: 1 });
    try {
      const m = retained();
      await own.messages.create(m, [event(m, 'queued')]);
      await own.messages.linkGatewayId('sms-gate', 'gw-warm', m.id); // loads the script
      const sent = jest.spyOn(conn, 'sendCommand');
      await redis.reset();
      await own.messages.linkGatewayId('sms-gate', 'gw-1', m.id);
      expect(sent).toHaveBeenCalledTimes(1);
      // the mark (EXISTS, HSET, HGET of the retention) and the link's SET
      expect(await ran()).toEqual(['exists', 'hget', 'hset', 'set']);
      expect(await own.messages.byGatewayId('sms-gate', 'gw-1')).toBe(m.id);
    } finally {
      await own.close();
      conn.disconnect();
    }
  });
});
