import { Redis } from 'ioredis';
import type { Store } from '../port';
import { createRedisStore } from './redis-store';
import { randomPrefix, scanKeys } from './test-support';

/** How {@link Faulty} fails its armed call. */
export type Mode = 'before' | 'after' | 'twice';

/**
 * A connection that fails its `n`-th call (a command, a script, or a MULTI's exec): `before` it reaches Redis, or
 * `after` it landed (the reply is lost). Or, `twice`, it runs that call again and answers with the second reply, as
 * ioredis does when a connection drops after a command landed: it resends every unanswered command on reconnect
 * (`autoResendUnfulfilledCommands`, and a Cluster's retry on a closed connection). Counting starts at
 * {@link Faulty.arm}.
 */
export class Faulty {
  /** Calls since {@link arm}. */
  calls = 0;
  /** Whether the armed call happened. */
  fired = false;
  private n = 0;
  private mode: Mode = 'before';
  readonly conn: Redis;

  constructor(readonly raw: Redis) {
    const fail = async (call: () => unknown, tx = false): Promise<unknown> => {
      this.calls++;
      if (this.calls !== this.n) return call();
      if (this.mode === 'twice') {
        if (tx) return call(); // a MULTI is aborted on a dropped connection, never resent
        this.fired = true;
        await call();
        return call();
      }
      this.fired = true;
      if (this.mode === 'after') await call();
      throw new Error(`injected failure at call ${this.n} (${this.mode})`);
    };
    const wrapTx = (tx: object): object =>
      new Proxy(tx, {
        get: (t, p) => {
          const v = Reflect.get(t, p, t) as unknown;
          if (typeof v !== 'function') return v;
          if (p === 'exec')
            return (...a: unknown[]) => fail(() => (v as (...x: unknown[]) => unknown).apply(t, a), true);
          return (...a: unknown[]) => {
            const r = (v as (...x: unknown[]) => unknown).apply(t, a);
            return r === t ? proxy : r;
          };
        },
      });
    let proxy: object;
    this.conn = new Proxy(raw, {
      get: (t, p) => {
        const v = Reflect.get(t, p, t) as unknown;
        if (typeof v !== 'function' || p === 'quit' || p === 'disconnect') return v;
        if (p === 'multi' || p === 'pipeline')
          return (...a: unknown[]) => {
            const tx = (v as (...x: unknown[]) => object).apply(t, a);
            proxy = wrapTx(tx);
            return proxy;
          };
        return (...a: unknown[]) => fail(() => (v as (...x: unknown[]) => unknown).apply(t, a));
      },
    });
  }

  /** Fail (or send twice) the `n`-th call from now on, in `mode`. */
  arm(n: number, mode: Mode): void {
    this.calls = 0;
    this.fired = false;
    this.n = n;
    this.mode = mode;
  }
  /** Let every call through again. */
  disarm(): void {
    this.n = 0;
  }
}

/** Run `run` on a fresh Redis store (at `url`) over a {@link Faulty} connection; its keys are deleted after. */
export async function withFaultyStore(
  url: string,
  admin: Redis,
  run: (store: Store, faulty: Faulty) => Promise<void>,
): Promise<void> {
  const prefix = randomPrefix();
  const raw = new Redis(url);
  const faulty = new Faulty(raw);
  const store = createRedisStore({ redis: faulty.conn, prefix });
  try {
    await run(store, faulty);
  } finally {
    await store.close();
    await raw.quit();
    const keys = await scanKeys(admin, prefix);
    if (keys.length) await admin.del(...keys);
  }
}
