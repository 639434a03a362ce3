import { SmsfleetError } from '../../errors';
import type { RedisClient } from './lua';

function toStoreError(e: unknown): never {
  if (e instanceof SmsfleetError) throw e;
  const why = e instanceof Error ? e.message : String(e);
  throw new SmsfleetError('SMSFLEET_ERR_STORE', `Redis failed: ${why}`, { cause: e });
}

function wrap<T extends object>(target: T): T {
  const proxy: T = new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let r: unknown;
        try {
          r = (value as (...a: unknown[]) => unknown).apply(t, args);
        } catch (e) {
          toStoreError(e);
        }
        if (r instanceof Promise) return r.catch(toStoreError);
        if (r === t) return proxy; // chained pipeline calls
        if (prop === 'multi' || prop === 'pipeline') return wrap(r as object);
        return r;
      };
    },
  });
  return proxy;
}

/**
 * The connection, with every failure of a Redis call (connection lost, timeout, a script error) turned
 * into `SMSFLEET_ERR_STORE`. Only calls to Redis are wrapped: an error thrown by a caller's update
 * function passes through unchanged.
 */
export function withStoreErrors(redis: RedisClient): RedisClient {
  return wrap(redis);
}
