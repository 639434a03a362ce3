import { Redis } from 'ioredis';
import { event, message } from '../contract/fixtures';
import type { Store } from '../port';
import { createRedisStore } from '../redis/redis-store';
import { randomPrefix, recordCommands, requireRedisUrl, scanKeys, type SentCommand } from '../redis/test-support';
import { KeptCopies } from './redis-copies';

const url = requireRedisUrl();
let admin: Redis;
let prefix: string;
let conns: Redis[];
let sent: SentCommand[];
/** This hub's store (its commands recorded in `sent`) and another hub's, on the same Redis and prefix. */
let hub: Store;
let other: Store;

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(() => admin.quit());
beforeEach(async () => {
  prefix = randomPrefix();
  conns = [new Redis(url), new Redis(url)];
  sent = [];
  recordCommands(conns[0]!, sent);
  hub = createRedisStore({ redis: conns[0]!, prefix });
  other = createRedisStore({ redis: conns[1]!, prefix });
  // Load the scripts and the layout check, so the counts below are the steady state's.
  const m = message(1);
  await hub.messages.create(m, []);
  await hub.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }), undefined, { report: 'w' });
  await hub.messages.update(m.id, () => null, undefined, { report: 'w' });
});
afterEach(async () => {
  await Promise.all(conns.map((c) => c.quit()));
  const left = await scanKeys(admin, prefix);
  if (left.length) await admin.del(...left);
});

describe('Redis messages: the copies a store keeps', () => {
  it('updates a message it just wrote or read with the compare-and-set alone', async () => {
    const m = message();
    await hub.messages.create(m, [event(m, 'queued')]);
    sent.length = 0;
    const r = await hub.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }));
    expect(r).toMatchObject({ changed: true, value: { attempts: 1, version: 1 } });
    expect(sent.map((c) => c.name)).toEqual(['evalsha']);
    await other.messages.update(m.id, (c) => ({ message: { ...c, attempts: 5 }, events: [] }));
    expect(await hub.messages.get(m.id)).toMatchObject({ attempts: 5 });
    sent.length = 0;
    await hub.messages.update(m.id, (c) => ({ message: { ...c, attempts: c.attempts + 1 }, events: [] }));
    expect(sent.map((c) => c.name)).toEqual(['evalsha']); // the copy the get read
    expect(await other.messages.get(m.id)).toMatchObject({ attempts: 6, version: 3 });
  });

  it('records a report with its change in the one compare-and-set, and a repeat with one round trip', async () => {
    const m = message();
    await hub.messages.create(m, [event(m, 'queued')]);
    const sentReport = () =>
      hub.messages.update(
        m.id,
        (c) => (c.status === 'sent' ? null : { message: { ...c, status: 'sent' }, events: [event(c, 'sent')] }),
        undefined,
        { report: 'report:sms-gate:c1:e1' },
      );
    sent.length = 0;
    expect(await sentReport()).toMatchObject({ changed: true, seen: false });
    expect(sent.map((c) => c.name)).toEqual(['evalsha']);
    sent.length = 0;
    expect(await sentReport()).toMatchObject({ changed: false, seen: true });
    expect(sent.map((c) => c.name)).toEqual(['hmget', 'evalsha']); // its kept copy said "no change": read, then mark
  });

  it('applies to the current message when another hub wrote since: a failed compare-and-set, a read', async () => {
    const m = message();
    await hub.messages.create(m, [event(m, 'queued')]);
    await other.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }));
    sent.length = 0;
    const r = await hub.messages.update(m.id, (c) => ({ message: { ...c, attempts: c.attempts + 1 }, events: [] }));
    expect(r).toMatchObject({ changed: true, value: { attempts: 2, version: 2 } });
    expect(sent.map((c) => c.name)).toEqual(['evalsha', 'hmget', 'evalsha']);
  });

  it('reads again when its copy is left unchanged or refused: a stale copy never hides a change', async () => {
    const m = message();
    await hub.messages.create(m, [event(m, 'queued')]);
    await other.messages.update(m.id, (c) => ({ message: { ...c, status: 'sent' }, events: [event(c, 'sent')] }));
    // Applies only to a sent message: the kept copy (queued) says "no change", the current one changes.
    const r = await hub.messages.update(m.id, (c) =>
      c.status === 'sent' ? { message: { ...c, status: 'delivered' }, events: [event(c, 'delivered')] } : null,
    );
    expect(r).toMatchObject({ changed: true, value: { status: 'delivered', version: 2 } });
    await other.messages.update(m.id, (c) => ({ message: { ...c, attempts: 3 }, events: [] }));
    const t = await hub.messages.update(m.id, (c) => {
      if (c.attempts !== 3) throw new Error('not on the current message');
      return { message: { ...c, attempts: 4 }, events: [] };
    });
    expect(t).toMatchObject({ changed: true, value: { attempts: 4, version: 4 } });
    expect((await hub.messages.events(m.id)).map((e) => e.status)).toEqual(['queued', 'sent', 'delivered']);
  });

  it('answers undefined for a message another hub deleted, whatever copy it kept', async () => {
    const m = message();
    await hub.messages.create(m, [event(m, 'queued')]);
    await admin.del(...(await scanKeys(admin, prefix)));
    expect(await hub.messages.update(m.id, (c) => ({ message: { ...c, attempts: 1 }, events: [] }))).toBeUndefined();
  });
});

describe('KeptCopies', () => {
  it('keeps the newest copies up to its size, and never an older version over a newer one', () => {
    const kept = new KeptCopies(2);
    kept.keep('a', { json: 'a0', version: 0 });
    kept.keep('b', { json: 'b0', version: 0 });
    expect(kept.get('a')).toEqual({ json: 'a0', version: 0 }); // now the most recently used
    kept.keep('c', { json: 'c0', version: 0 });
    expect(kept.get('b')).toBeUndefined();
    kept.keep('a', { json: 'a2', version: 2 });
    kept.keep('a', { json: 'a1', version: 1 });
    expect(kept.get('a')).toEqual({ json: 'a2', version: 2 });
    kept.forget('a');
    expect(kept.get('a')).toBeUndefined();
    expect(kept.get('c')).toEqual({ json: 'c0', version: 0 });
  });
});
