import { Redis } from 'ioredis';
import { newId } from '../../ids';
import type { Message, StatusEvent } from '../../schemas';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix, requireRedisUrl } from '../redis/test-support';
import type { Store } from '../port';

const url = requireRedisUrl();
let store: Store;
let base: Redis;
let monitor: Redis;
let prefix: string;
/** The commands the server ran on this test's keys, inside scripts too (MONITOR shows both), by name. */
let ran: string[];

beforeEach(async () => {
  prefix = randomPrefix();
  store = createRedisStore({ url, prefix, partitions: 1 });
  await store.queue.size('warm-up'); // the layout check, once
  ran = [];
  base = new Redis(url);
  monitor = await base.monitor(); // a connection of its own
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.length > 1 && String(args[1]).startsWith(prefix)) ran.push(String(args[0]).toLowerCase());
  });
});
afterEach(async () => {
  monitor.disconnect();
  base.disconnect();
  await store.close();
});

/** The commands run so far, once MONITOR has shown a mark sent after them (it reports in order). */
async function settled(): Promise<string[]> {
  const mark = `${prefix}mark`;
  const seen = new Promise<void>((done) =>
    monitor.on('monitor', (_t: string, args: string[]) => args[1] === mark && done()),
  );
  const r = new Redis(url);
  await r.exists(mark);
  await seen;
  r.disconnect();
  const out = ran.slice(0, -1); // the mark's EXISTS comes last
  ran = [];
  return out;
}

const at = '2026-01-01T00:00:00.000Z';
const event = (m: Message, status: Message['status']): StatusEvent => ({
  id: newId('evt'),
  messageId: m.id,
  status,
  at,
  source: 'gateway',
});

describe('Redis messages: server commands', () => {
  it('writes a message with its retention and events in one HSET and one RPUSH, on create and on update', async () => {
    const m: Message = {
      id: newId('msg'),
      to: '+14155550123',
      body: 'x',
      segments: 1,
      encoding: 'GSM-7',
      priority: 0,
      status: 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      retainUntil: '2027-01-01T00:00:00.000Z',
      version: 0,
    };
    await store.messages.create(m, [event(m, 'queued')]);
    // the script's EXISTS, HSET, RPUSH, 2 PEXPIREAT; the index's 2 ZADD
    expect((await settled()).sort()).toEqual(['exists', 'hset', 'pexpireat', 'pexpireat', 'rpush', 'zadd', 'zadd']);
    await store.messages.update(m.id, (c) => ({ message: { ...c, status: 'sent' }, events: [event(c, 'sent')] }));
    // from the copy this store wrote: the version's HGET, HSET, RPUSH, 2 PEXPIREAT
    expect((await settled()).sort()).toEqual(['hget', 'hset', 'pexpireat', 'pexpireat', 'rpush']);
  });
});
