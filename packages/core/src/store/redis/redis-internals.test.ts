import { Redis } from 'ioredis';
import { event, inbound, iso, message, rejection, T0 } from '../contract/fixtures';
import type { Store } from '../port';
import { escapePart, RedisKeys, RETENTION_GRACE_MS } from './keys';
import { LuaScript } from './lua';
import { createRedisStore } from './redis-store';
import { withStoreErrors } from './store-errors';
import {
  hashTag,
  requireRedisUrl,
  randomPrefix,
  scanKeys,
  type SentCommand,
  closeRecordedStore,
  openRecordedStore,
} from './test-support';

const url = requireRedisUrl();
const HOUR = 3600_000;
let admin: Redis;
let conn: Redis;
let prefix: string;
let keys: RedisKeys;
let store: Store;
let sent: SentCommand[];

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(() => admin.quit());
beforeEach(() => {
  ({ conn, prefix, store, sent } = openRecordedStore(url));
  keys = new RedisKeys(prefix);
});
afterEach(() => closeRecordedStore(admin, { conn, prefix }));

describe('Redis store: crash leftovers', () => {
  it('skips a dangling index entry when listing, and purge removes it', async () => {
    const m = message(0, { retainUntil: iso(10 * HOUR) });
    await store.messages.create(m, []);
    await admin.zadd(keys.messagesByTime(keys.partitionOf('msg_ghost')), T0 + 5, 'msg_ghost');
    await admin.zadd(keys.messagesByRetention(keys.partitionOf('msg_ghost')), T0 + HOUR, 'msg_ghost');
    expect((await store.messages.list({})).items.map((x) => x.id)).toEqual([m.id]);
    expect(await store.purgeExpired(new Date(T0 + 2 * HOUR))).toEqual({ messages: 0, inbound: 0, links: 0 });
    expect(await admin.zscore(keys.messagesByTime(keys.partitionOf('msg_ghost')), 'msg_ghost')).toBeNull();
    expect(await admin.zscore(keys.messagesByRetention(keys.partitionOf('msg_ghost')), 'msg_ghost')).toBeNull();
    expect(await admin.zscore(keys.messagesByTime(keys.partitionOf(m.id)), m.id)).not.toBeNull();
  });

  it('takes over an idempotency claim whose message never got written', async () => {
    await admin.set(keys.idempotency('order-9'), JSON.stringify(['msg_ghost', 'f']), 'PX', 60_000);
    const m = message();
    expect(await store.messages.create(m, [], { idempotencyKey: 'order-9', fingerprint: 'f' })).toMatchObject({
      created: true,
    });
    expect(await store.messages.create(message(1), [], { idempotencyKey: 'order-9', fingerprint: 'f' })).toMatchObject({
      created: false,
      message: { id: m.id },
    });
  });
});

describe('Redis store: expiry backstop', () => {
  it('sets PEXPIREAT retainUntil + grace on per-message keys and links, and clears it with retention', async () => {
    const m = message(0, { retainUntil: iso(5 * HOUR) });
    await store.messages.create(m, [event(m, 'queued')]);
    await store.messages.linkGatewayId('sms-gate', 'gw-1', m.id);
    const at = T0 + 5 * HOUR + RETENTION_GRACE_MS;
    const k = keys.message(m.id);
    expect(await admin.pexpiretime(k.hash)).toBe(at);
    expect(await admin.pexpiretime(k.events)).toBe(at);
    expect(await admin.pexpiretime(keys.link('sms-gate', 'gw-1'))).toBe(at);
    await store.messages.update(m.id, (c) => ({
      message: { ...c, retainUntil: undefined },
      events: [event(c, 'sent')],
    }));
    expect(await admin.pexpiretime(k.hash)).toBe(-1);
    expect(await admin.pexpiretime(k.events)).toBe(-1);
    const t = inbound(0, { retainUntil: iso(5 * HOUR) });
    await store.inbound.add(t);
    expect(await admin.pexpiretime(keys.inbound(t.id))).toBe(at);
  });
});

describe('Redis store: budget expiry', () => {
  it("keeps a budget alive as long as its latest stamp needs: a later restamp extends both keys' expiry", async () => {
    const limits = [{ max: 5, windowMs: 60_000 }];
    const r = await store.budgets.reserve('sim:a:1', 1, limits, T0);
    if (!r.ok) throw new Error('expected a reservation');
    const k = keys.budget('sim:a:1');
    const before = await admin.pttl(k.log);
    expect(before).toBeGreaterThan(100_000); // window + 60 s of slack
    expect(await store.budgets.restamp('sim:a:1', r.reservationId, T0 + 300_000)).toEqual(expect.any(String));
    for (const key of [k.log, k.window]) expect(await admin.pttl(key)).toBeGreaterThan(before + 290_000);
    const earlier = await admin.pttl(k.log);
    const again = (await store.budgets.usedIn('sim:a:1', [60_000], T0 + 300_000))[0];
    expect(again).toBe(1);
    const [id] = await admin.zrange(k.log, 0, -1);
    await store.budgets.restamp('sim:a:1', id!, T0 + 1_000); // earlier: the expiry stays
    expect(await admin.pttl(k.log)).toBeGreaterThan(earlier - 5_000);
  });
});

describe('Redis store: failures and configuration', () => {
  it('reports Redis failures as SMSFLEET_ERR_STORE, never calling the update function', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const broken = createRedisStore({ redis: dead, prefix });
    const fn = jest.fn();
    for (const p of [
      broken.messages.get('msg_x'),
      broken.messages.update('msg_x', fn),
      broken.queue.claim('q', 1, 1, 1),
      broken.budgets.reserve('k', 1, [{ max: 1, windowMs: 1 }], 1),
      broken.messages.list({}),
    ]) {
      const e = await rejection(p);
      expect(e).toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
      expect((e as Error).cause).toBeInstanceOf(Error);
    }
    expect(fn).not.toHaveBeenCalled();
    dead.disconnect();
  });

  it('refuses a prefix that would break hash tags, and a missing connection', () => {
    expect(() => createRedisStore({ redis: conn, prefix: 'a{b}' })).toThrow(
      expect.objectContaining({ code: 'SMSFLEET_ERR_CONFIG' }),
    );
    expect(() => createRedisStore({ prefix })).toThrow(expect.objectContaining({ code: 'SMSFLEET_ERR_CONFIG' }));
  });

  it('opens and closes its own connection from a URL', async () => {
    const own = createRedisStore({ url, prefix });
    await own.counters.incr('x');
    await own.close();
    expect(await store.counters.get(['x'])).toEqual({ x: 1 });
    expect(await rejection(own.counters.incr('x'))).toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
  });

  it('loads a script Redis does not know (NOSCRIPT) and runs it by sha afterwards', async () => {
    const script = new LuaScript('probe', `return ARGV[1] .. ':${randomPrefix()}'`, 1);
    expect(await admin.script('EXISTS', script.sha)).toEqual([0]);
    await conn.ping(); // connected: nothing goes through the offline queue (which would record commands twice)
    sent.length = 0;
    expect(await script.run(withStoreErrors(conn), [keys.counters()], ['x'])).toMatch(/^x:sftest:/);
    expect(await admin.script('EXISTS', script.sha)).toEqual([1]);
    expect(sent.map((c) => c.name)).toEqual(['evalsha', 'eval']);
  });
});

describe('Redis store: keys', () => {
  it('escapes user-supplied parts injectively, keeping one hash tag per key', async () => {
    expect(escapePart('{')).not.toBe(escapePart('%7B'));
    expect(escapePart('a}b{c%')).toBe('a%7Db%7Bc%25');
    await store.queue.enqueue('a}b{c', { id: 'x', dueAt: 1, payload: 1 });
    await store.budgets.reserve('{dev}:1', 1, [{ max: 5, windowMs: 1000 }], 1);
    await store.dedupe.firstSeen('}', 1000);
    expect(await store.queue.size('a}b{c')).toBe(1);
    const left = await scanKeys(admin, prefix);
    expect(left.map(hashTag).sort()).toEqual([
      'b:%7Bdev%7D:1',
      'b:%7Bdev%7D:1',
      'dd:%7D',
      'lm',
      ...Array(3).fill('q:a%7Db%7Bc'), // one partition (the default): the queue's own tag, no due board
    ]);
  });

  it('costs 7 round trips (8 commands) for a send -> sent -> delivered life with two gateway webhooks', async () => {
    const life = async () => {
      const m = message();
      await store.messages.create(m, [event(m, 'queued')]);
      await store.messages.update(m.id, (c) => ({
        message: { ...c, status: 'accepted', gateway: 'sms-gate', gatewayMessageId: `g-${m.id}` },
        events: [event(c, 'accepted')],
      }));
      await store.messages.linkGatewayId('sms-gate', `g-${m.id}`, m.id);
      for (const status of ['sent', 'delivered'] as const) {
        const id = (await store.messages.byGatewayId('sms-gate', `g-${m.id}`))!;
        await store.messages.update(id, (c) => ({ message: { ...c, status }, events: [event(c, status)] }));
      }
    };
    await life(); // loads the scripts
    sent.length = 0;
    await life();
    // create: EVALSHA + the index's EVALSHA; 3 updates x EVALSHA (from the copy this store wrote: no read); link:
    // EVALSHA (its SET inside, on a single node); 2 lookups: GET.
    expect(sent.map((c) => c.name)).toEqual([
      'evalsha',
      'evalsha',
      'evalsha',
      'evalsha',
      'get',
      'evalsha',
      'get',
      'evalsha',
    ]);
  });

  it("sets a new contact's first text from a known copy in one round trip", async () => {
    const phone = '+14155550111';
    await store.contacts.upsert(phone, () => null); // loads the layout check
    // Another contact's write loads the script: the server's script cache is shared, so without it this test counted
    // an EVAL after NOSCRIPT whenever no earlier test on the server had written a contact.
    const other = '+14155550112';
    await store.contacts.upsert(other, (c) => ({ ...(c ?? { phone: other, optedOut: false }), firstMessageAt: iso() }));
    sent.length = 0;
    const r = await store.contacts.upsert(
      phone,
      (c) => ({ ...(c ?? { phone, optedOut: false }), firstMessageAt: iso() }),
      null,
    );
    expect(r.changed).toBe(true);
    expect(sent.map((c) => c.name)).toEqual(['evalsha']);
  });

  it('updates from a current known copy in one round trip, and reads again when that copy is stale', async () => {
    const m = message();
    const { message: created } = await store.messages.create(m, [event(m, 'queued')]);
    const first = await store.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }));
    sent.length = 0;
    const next = await store.messages.update(
      m.id,
      (c) => ({ message: { ...c, attempts: 2 }, events: [] }),
      first!.value,
    );
    expect(sent.map((c) => c.name)).toEqual(['evalsha']);
    expect(next!.value).toMatchObject({ attempts: 2, version: 2 });
    sent.length = 0;
    const stale = await store.messages.update(
      m.id,
      (c) => ({ message: { ...c, attempts: c.attempts + 1 }, events: [] }),
      created,
    );
    expect(sent.map((c) => c.name)).toEqual(['evalsha', 'hmget', 'evalsha']);
    expect(stale!.value).toMatchObject({ attempts: 3, version: 3 });
  });
});
