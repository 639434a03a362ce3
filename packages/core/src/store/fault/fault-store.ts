import { SmsfleetError } from '../../errors';
import type { Store } from '../port';

/**
 * How an armed call fails. `throw-before`: the call never reaches the store and the caller gets
 * `SMSFLEET_ERR_STORE`, as in a Redis outage. `fail-after`: the call lands, then the caller gets
 * `SMSFLEET_ERR_STORE`, as when a command times out after Redis applied it.
 */
export type FaultMode = 'throw-before' | 'fail-after';

/** One store call seen by a {@link FaultStore}. */
export interface StoreCall {
  /** 1-based number among the injectable calls (0 for an idle poll, which is never failed). */
  n: number;
  /** `repo.method`, with the queue name for queue calls: `queue.claim(send)`, `messages.update`. */
  label: string;
  /** 1-based occurrence of `label` among the injectable calls. */
  occurrence: number;
  /** A short summary of the arguments, for reports. */
  args: string;
  /** `ok`, `error` (the store itself failed), or the injected mode. */
  outcome?: 'ok' | 'error' | FaultMode;
}

/**
 * Which call to fail: by number among injectable calls, or by label and occurrence (stable when unrelated calls
 * interleave).
 */
export type FaultTarget = { call: number; mode: FaultMode } | { label: string; occurrence: number; mode: FaultMode };

/** A Store that numbers its calls, records them, and fails one armed call. */
export interface FaultStore {
  /** The wrapped store, to hand to the code under test. */
  readonly store: Store;
  /** Every call since the last {@link reset}, in the order they started. */
  readonly trace: readonly StoreCall[];
  /** Store calls started and not finished yet. */
  readonly inFlight: number;
  /** Resolves when the next store call in flight finishes (a test waits for it instead of spinning). */
  callDone(): Promise<void>;
  /** Injectable calls seen since the last {@link reset}. */
  readonly count: number;
  /** The call the armed fault hit, once it did. */
  readonly fired: StoreCall | undefined;
  /** Fail the call named by `target`, once. Replaces an earlier arming. */
  arm(target: FaultTarget): void;
  disarm(): void;
  /** Start numbering (and tracing) again from 1; disarms. */
  reset(): void;
}

/** Calls that only poll (a worker deciding how long to sleep) are traced but never numbered or failed. */
const IDLE_POLLS = new Set(['queue.nextDueAt', 'queue.size']);
// Signals are hints between hubs, never state: a lost one is covered by the workers' safety poll, so not a fault point.
const UNCOUNTED = new Set(['store.close', 'signals.publish', 'signals.subscribe', 'signals.heard']);

function summarise(v: unknown, depth = 0): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'fn';
  if (typeof v === 'string') return v.length > 40 ? `${JSON.stringify(v.slice(0, 37))}…` : JSON.stringify(v);
  if (typeof v !== 'object' || v === null) return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return depth > 0 ? `[${v.length}]` : `[${v.map((x) => summarise(x, depth + 1)).join(', ')}]`;
  const o = v as Record<string, unknown>;
  if (depth > 0) return typeof o.id === 'string' ? `{id:${o.id}}` : '{…}';
  return `{${Object.keys(o)
    .slice(0, 4)
    .map((k) => `${k}:${summarise(o[k], depth + 1)}`)
    .join(',')}}`;
}

/**
 * Wrap any Store for fault injection (tests only). Every call of every repo goes through a Proxy that numbers it and
 * records it; an armed call fails once, before or after reaching the store (see {@link FaultMode}). Idle polls
 * (`queue.nextDueAt`, `queue.size`, a `queue.claim` with nothing due, `links.pendingHits` of an empty partition) are
 * traced but not numbered: they depend on how often a worker wakes up, not on the message's life, so numbering them
 * would make the points unstable.
 */
export function createFaultStore(inner: Store): FaultStore {
  let trace: StoreCall[] = [];
  let count = 0;
  let inFlight = 0;
  let perLabel = new Map<string, number>();
  let armed: FaultTarget | undefined;
  let fired: StoreCall | undefined;
  let doneWaiters: (() => void)[] = [];

  const hits = (c: StoreCall): boolean => {
    if (!armed || c.n === 0) return false;
    return 'call' in armed ? armed.call === c.n : armed.label === c.label && armed.occurrence === c.occurrence;
  };
  const injected = (c: StoreCall, mode: FaultMode) =>
    new SmsfleetError('SMSFLEET_ERR_STORE', `Store failed: injected fault (${mode}) at call #${c.n} ${c.label}`, {
      reason: `fault injection: ${mode}`,
    });

  async function isIdle(label: string, method: string, args: unknown[]): Promise<boolean> {
    if (IDLE_POLLS.has(label.replace(/\(.*$/, ''))) return true;
    // The hit counter's read of an empty hit-log partition is an idle poll too.
    if (label === 'links.pendingHits') return (await inner.links.pendingHits(args[0] as number, 1)).length === 0;
    if (method !== 'claim') return false;
    // A claim with nothing due is an idle poll; ask the real store without tracing.
    const next = await inner.queue.nextDueAt(args[0] as string);
    return next === undefined || next > (args[1] as number);
  }

  function wrapMethod(repo: string, method: string, fn: (...a: unknown[]) => Promise<unknown>, self: object) {
    return async (...args: unknown[]): Promise<unknown> => {
      const base = `${repo}.${method}`;
      if (UNCOUNTED.has(base)) return fn.apply(self, args);
      const label = repo === 'queue' ? `${base}(${String(args[0])})` : base;
      inFlight++;
      try {
        const call: StoreCall = { n: 0, label, occurrence: 0, args: args.map((a) => summarise(a)).join(', ') };
        trace.push(call);
        if (!(await isIdle(label, method, args))) {
          call.n = ++count;
          call.occurrence = (perLabel.get(label) ?? 0) + 1;
          perLabel.set(label, call.occurrence);
        }
        const fault = hits(call) ? armed!.mode : undefined;
        if (fault) {
          armed = undefined;
          fired = call;
        }
        if (fault === 'throw-before') {
          call.outcome = fault;
          throw injected(call, fault);
        }
        let result: unknown;
        try {
          result = await fn.apply(self, args);
        } catch (e) {
          call.outcome = 'error';
          throw e;
        }
        if (fault === 'fail-after') {
          call.outcome = fault;
          throw injected(call, fault);
        }
        call.outcome = 'ok';
        return result;
      } finally {
        inFlight--;
        const waiting = doneWaiters;
        doneWaiters = [];
        for (const resolve of waiting) resolve();
      }
    };
  }

  const repoCache = new Map<string, object>();
  function wrapRepo(name: string, target: object): object {
    const cached = repoCache.get(name);
    if (cached) return cached;
    const proxy = new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return wrapMethod(name, prop, value as (...a: unknown[]) => Promise<unknown>, t);
      },
    });
    repoCache.set(name, proxy);
    return proxy;
  }

  const store = new Proxy(inner, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof prop !== 'string') return value;
      if (typeof value === 'function')
        return wrapMethod('store', prop, value as (...a: unknown[]) => Promise<unknown>, t);
      if (typeof value === 'object' && value !== null) return wrapRepo(prop, value);
      return value;
    },
  });

  return {
    store,
    get trace() {
      return trace;
    },
    get inFlight() {
      return inFlight;
    },
    get count() {
      return count;
    },
    get fired() {
      return fired;
    },
    callDone() {
      return new Promise<void>((resolve) => doneWaiters.push(resolve));
    },
    arm(target) {
      armed = target;
      fired = undefined;
    },
    disarm() {
      armed = undefined;
    },
    reset() {
      trace = [];
      count = 0;
      perLabel = new Map();
      armed = undefined;
      fired = undefined;
    },
  };
}
