import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisStore } from '../redis/redis-store';
import type { Store } from '../port';
import { RedisKeys } from '../redis/keys';
import { RedisSignals } from './redis';

/** Resolves when `check` holds, checking at every message or gap (no time margins; jest's timeout is the net). */
function waiter() {
  let wake = () => {};
  return {
    poke: () => wake(),
    until: async (check: () => boolean) => {
      while (!check()) await new Promise<void>((r) => (wake = r));
    },
  };
}

describe('Redis signals after a reconnect', () => {
  let store: Store;
  let admin: Redis;
  beforeAll(() => {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error('REDIS_URL is not set');
    store = createRedisStore({ url, prefix: `test:sig:${randomBytes(6).toString('hex')}:` });
    admin = new Redis(url);
  });
  afterAll(async () => {
    await store.close();
    await admin.quit();
  });

  it('subscribes again and tells the handler it may have missed messages, then delivers again', async () => {
    const subscribers = async () =>
      ((await admin.client('LIST')) as string)
        .split('\n')
        .filter((l) => / sub=[1-9]/.test(l))
        .map((l) => /\bid=(\d+)/.exec(l)![1]!);
    const others = new Set(await subscribers());
    const got: string[] = [];
    let gaps = 0;
    const w = waiter();
    const off = await store.signals.subscribe(
      'reconnect',
      (m) => {
        got.push(m);
        w.poke();
      },
      () => {
        gaps++;
        w.poke();
      },
    );
    await store.signals.publish('reconnect', 'before');
    await w.until(() => got.length === 1);
    // Kill this store's subscriber connection (the one that appeared with the subscription), as a network cut would.
    const ids = (await subscribers()).filter((id) => !others.has(id));
    expect(ids).toHaveLength(1);
    await admin.client('KILL', 'ID', ids[0]!);
    await w.until(() => gaps === 1);
    await store.signals.publish('reconnect', 'after');
    await w.until(() => got.length === 2);
    expect(got).toEqual(['before', 'after']);
    await off();
  });
});

describe('Redis signals heard across hubs', () => {
  const url = process.env.REDIS_URL!;
  const prefix = `test:heard:${randomBytes(6).toString('hex')}:`;
  // A mark that never runs out within the test: only a notice (or a gap) can make a channel heard again.
  // Each hub's connections carry its name (a duplicate keeps it), so a test can drop that hub's subscriber alone.
  const hub = () => {
    const client = new Redis(url, { connectionName: `heard-${randomBytes(4).toString('hex')}` });
    return { client, signals: new RedisSignals(client, client, new RedisKeys(prefix, 1), 3_600_000) };
  };
  const a = hub();
  const b = hub();
  afterAll(async () => {
    for (const h of [a, b]) {
      await h.signals.close();
      await h.client.quit();
    }
  });
  /** Publish on `ch` from `h` until a publish that reached nobody counted (its watch over notices set up first). */
  const untilUnheard = async (h: typeof a, ch: string) => {
    while (h.signals.heard(ch)) {
      await h.signals.publish(ch, 'nobody');
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  /** Resolves once `check` holds (a notice or a drop arrives on another connection: there is no event to await). */
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 1));
  };

  it('hears a channel again once another hub subscribes to it, and that hub gets what is published then', async () => {
    await untilUnheard(a, 'live');
    const got: string[] = [];
    const w = waiter();
    const off = await b.signals.subscribe('live', (m) => {
      got.push(m);
      w.poke();
    });
    await until(() => a.signals.heard('live'));
    await a.signals.publish('live', 'tick');
    await w.until(() => got.length === 1);
    expect(got).toEqual(['tick']);
    await off();
  });

  it('hears every channel again when its own subscriber connection drops (notices may be lost)', async () => {
    await untilUnheard(a, 'gap');
    const admin = new Redis(url);
    try {
      const mine = ((await admin.client('LIST')) as string)
        .split('\n')
        .filter((l) => l.includes(` name=${a.client.options.connectionName} `) && / sub=[1-9]/.test(l));
      expect(mine).toHaveLength(1);
      await admin.client('KILL', 'ID', /\bid=(\d+)/.exec(mine[0]!)![1]!);
    } finally {
      await admin.quit();
    }
    await until(() => a.signals.heard('gap'));
    expect(a.signals.heard('gap')).toBe(true);
  });
});
