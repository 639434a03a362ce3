import { Redis } from 'ioredis';
import { contact, inbound, message, rejection } from '../contract/fixtures';
import { RedisKeys } from './keys';
import { createRedisStore } from './redis-store';
import { hashTag, randomPrefix, recordCommands, requireRedisUrl, scanKeys, type SentCommand } from './test-support';

const url = requireRedisUrl();
let admin: Redis;
let prefix: string;

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(() => admin.quit());
beforeEach(() => {
  prefix = randomPrefix();
});
afterEach(async () => {
  const left = await scanKeys(admin, prefix);
  if (left.length) await admin.del(...left);
});

describe('Redis store: partition layout', () => {
  it('records its partition count once, and refuses a hub that opens the store with another', async () => {
    const first = createRedisStore({ redis: admin, prefix, partitions: 8 });
    await first.queue.enqueue('send', { id: 'a', dueAt: 1, payload: 1 });
    expect(await admin.get(new RedisKeys(prefix).layout())).toBe('8');
    const other = createRedisStore({ redis: admin, prefix, partitions: 16 });
    for (const call of [
      other.queue.claim('send', 5, 1, 1000),
      other.messages.list({}),
      other.messages.create(message(), []),
      other.inbound.list({}),
      other.purgeExpired(new Date()),
    ])
      expect(await rejection(call)).toMatchObject({ code: 'SMSFLEET_ERR_CONFIG', field: 'partitions' });
    expect((await rejection(other.queue.size('send'))).message).toMatch(/SMSFLEET_REDIS_PARTITIONS=8/);
    const same = createRedisStore({ redis: admin, prefix, partitions: 8 });
    expect((await same.queue.claim('send', 5, 1, 1000)).map((j) => j.id)).toEqual(['a']);
  });

  it('refuses a store of the unpartitioned layout unless opened with partitions: 1, which reads it as is', async () => {
    const legacy = new RedisKeys(prefix, 1);
    const m = message();
    // Today's layout, written as a store from before partitions did: no layout record, the one {mi} and {q:} keys.
    const old = createRedisStore({ redis: admin, prefix, partitions: 1 });
    await old.messages.create(m, []);
    await old.queue.enqueue('send', { id: m.id, dueAt: 1, payload: { messageId: m.id } });
    await admin.del(legacy.layout());
    expect(await admin.exists(legacy.messagesByTime(0), legacy.queue('send', 0).meta)).toBe(2);

    const partitioned = createRedisStore({ redis: admin, prefix, partitions: 16 });
    const e = await rejection(partitioned.messages.list({}));
    expect(e).toMatchObject({ code: 'SMSFLEET_ERR_CONFIG', field: 'partitions' });
    expect(e.message).toMatch(/unpartitioned layout/);
    expect(await admin.get(legacy.layout())).toBeNull(); // nothing recorded for the refused count

    const reopened = createRedisStore({ redis: admin, prefix, partitions: 1 });
    expect((await reopened.messages.list({})).items.map((x) => x.id)).toEqual([m.id]);
    expect((await reopened.queue.claim('send', 5, 5, 1000)).map((j) => j.id)).toEqual([m.id]);
    expect(await admin.get(legacy.layout())).toBe('1');
  });

  it('spreads the message, pending-create, inbound and contact indexes over partitions by id', async () => {
    const store = createRedisStore({ redis: admin, prefix, partitions: 16 });
    for (let i = 0; i < 48; i++) {
      await store.messages.create(message(i), [], { outbox: 'o' });
      await store.inbound.add(inbound(i));
      const phone = `+1415555${String(3000 + i)}`;
      await store.contacts.upsert(phone, () => contact(phone));
    }
    const tags = (await scanKeys(admin, prefix)).map((k) => hashTag(k)!);
    for (const family of ['mi', 'mo', 'ii', 'co'])
      expect(new Set(tags.filter((t) => t.startsWith(`${family}:`))).size).toBeGreaterThanOrEqual(10);
    expect(tags.filter((t) => ['mi', 'mo', 'ii', 'co'].includes(t))).toEqual([]); // no unpartitioned key
    expect((await store.messages.pendingCreates(new Date(Date.now() + 60_000), 100)).length).toBe(48);
  });

  it('takes an unpartitioned contact index alone for the old layout too', async () => {
    await createRedisStore({ redis: admin, prefix, partitions: 1 }).contacts.upsert('+14155550100', () =>
      contact('+14155550100'),
    );
    await admin.del(new RedisKeys(prefix).layout());
    const e = await rejection(createRedisStore({ redis: admin, prefix, partitions: 16 }).contacts.get('+14155550100'));
    expect(e).toMatchObject({ code: 'SMSFLEET_ERR_CONFIG', field: 'partitions' });
  });

  it.each([0, -1, 1.5, 257, Number.NaN])('refuses partitions: %s when the store is made', (partitions) => {
    expect(() => createRedisStore({ redis: admin, prefix, partitions })).toThrow(
      expect.objectContaining({ code: 'SMSFLEET_ERR_CONFIG', field: 'partitions' }),
    );
  });

  it('checks the layout once per store: later calls cost no round trip for it', async () => {
    const conn = new Redis(url);
    const sent: SentCommand[] = [];
    recordCommands(conn, sent);
    const store = createRedisStore({ redis: conn, prefix, partitions: 16 });
    await store.queue.size('send');
    expect(sent.map((c) => c.name)).toContain('get');
    sent.length = 0;
    await store.queue.size('send');
    await store.messages.list({});
    expect(sent.filter((c) => c.keys.includes(new RedisKeys(prefix).layout()))).toEqual([]);
    await conn.quit();
  });
});
