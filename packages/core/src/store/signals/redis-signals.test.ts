import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisStore } from '../redis/redis-store';
import type { Store } from '../port';

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
