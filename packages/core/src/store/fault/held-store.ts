import type { Store } from '../port';

/** Holds real I/O so simulated time stands still meanwhile (fleet-sim's `VirtualSimClock.hold` fits). */
export type HoldIo = <T>(work: Promise<T>) => Promise<T>;

/**
 * Wrap a Store so that every call's promise is passed to `hold` (tests only). A simulated clock waits for an idle
 * event loop before it moves time on, and a Redis reply under a busy CPU can take longer than its quiet turns: time
 * would then pass while the hub awaits the store (a 60 s claim expiring mid-publish). Held, time moves only once every
 * store call has answered, as it would for a store that answered at once.
 */
export function holdStore(inner: Store, hold: HoldIo): Store {
  const wrapFn =
    (fn: (...a: unknown[]) => unknown, self: object) =>
    (...args: unknown[]): unknown => {
      const out = fn.apply(self, args);
      return out instanceof Promise ? hold(out) : out;
    };
  const repos = new Map<string, object>();
  const wrapRepo = (name: string, target: object): object => {
    let proxy = repos.get(name);
    if (!proxy) {
      proxy = new Proxy(target, {
        get(t, prop, receiver) {
          const value = Reflect.get(t, prop, receiver) as unknown;
          return typeof value === 'function' ? wrapFn(value as (...a: unknown[]) => unknown, t) : value;
        },
      });
      repos.set(name, proxy);
    }
    return proxy;
  };
  return new Proxy(inner, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof prop !== 'string') return value;
      if (typeof value === 'function') return wrapFn(value as (...a: unknown[]) => unknown, t);
      if (typeof value === 'object' && value !== null) return wrapRepo(prop, value);
      return value;
    },
  });
}
