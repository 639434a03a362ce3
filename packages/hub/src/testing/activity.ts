import type { FastifyInstance } from 'fastify';

/** Something that reports store calls in flight and a count that grows with every call (a FaultStore). */
export interface StoreActivity {
  readonly inFlight: number;
  readonly trace: readonly unknown[];
  /** Resolves when the next call in flight finishes. */
  callDone(): Promise<void>;
}

/**
 * Knows when a test's system is idle: no HTTP request in flight (every `fetch` of the process, body included, and
 * every request a tracked app is serving), no store call in flight, and nothing new started for a number of event
 * loop turns. With every loop asleep on a manual clock, idle means "waiting for time to pass", so a test can jump
 * the clock to the next sleeper without any wall-clock margin: the count of turns does not depend on how fast the
 * machine is, only on whether work is still queued on the loop.
 */
export class Activity {
  private fetches = 0;
  private requests = 0;
  private started = 0;
  private readonly stores = new Set<StoreActivity>();
  /** Woken when a fetch or a served request finishes. */
  private finishedWaiters: (() => void)[] = [];

  /** Count every `fetch` of this process (and read each answer's body before handing it over). Returns `uninstall`. */
  install(): () => void {
    const real = globalThis.fetch;
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      this.fetches++;
      this.started++;
      try {
        const res = await real(input, init);
        const body = await res.arrayBuffer();
        const empty = [101, 204, 205, 304].includes(res.status);
        return new Response(empty ? null : body, {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
        });
      } finally {
        this.fetches--;
        this.finished();
      }
    }) as typeof fetch;
    return () => {
      globalThis.fetch = real;
    };
    // Several lives may run at once on one Activity: idle then means all of them are idle, which is stricter, never
    // looser.
  }

  /** Count the requests `app` serves (call before it listens). */
  trackApp(app: FastifyInstance): void {
    const open = new WeakSet<object>();
    const done = (req: object) => {
      if (open.delete(req)) {
        this.requests--;
        this.finished();
      }
    };
    app.addHook('onRequest', async (req) => {
      open.add(req);
      this.requests++;
      this.started++;
    });
    app.addHook('onResponse', async (req) => done(req));
    app.addHook('onRequestAbort', async (req) => done(req));
  }

  /** Watch this store's calls too, until the returned function is called. */
  trackStore(store: StoreActivity): () => void {
    this.stores.add(store);
    return () => {
      this.stores.delete(store);
    };
  }

  private finished(): void {
    const waiting = this.finishedWaiters;
    this.finishedWaiters = [];
    for (const resolve of waiting) resolve();
  }

  /** Resolves when a fetch, a served request or a store call now in flight finishes. */
  private somethingFinished(): Promise<void> {
    const waits: Promise<void>[] = [];
    if (this.fetches > 0 || this.requests > 0) waits.push(new Promise((resolve) => this.finishedWaiters.push(resolve)));
    for (const s of this.stores) if (s.inFlight > 0) waits.push(s.callDone());
    return Promise.race(waits);
  }

  private busy(): boolean {
    return this.fetches > 0 || this.requests > 0 || [...this.stores].some((s) => s.inFlight > 0);
  }

  private signature(): string {
    return `${this.started}|${[...this.stores].reduce((n, s) => n + s.trace.length, 0)}`;
  }

  /** Resolve once the system has been idle for `turns` consecutive event loop turns. */
  async settle(turns = 8): Promise<void> {
    let quiet = 0;
    let last = this.signature();
    for (let spins = 0; quiet < turns; spins++) {
      if (spins > 2_000_000) throw new Error('Activity.settle: the system never went idle');
      // While I/O is in flight (a Redis reply, a request), spinning turns would burn the CPU the reply needs: wait
      // for something in flight to finish. Quiet turns are still counted only once nothing is in flight.
      if (this.busy()) await this.somethingFinished();
      else await new Promise<void>((resolve) => setImmediate(resolve));
      const sig = this.signature();
      if (this.busy() || sig !== last) {
        quiet = 0;
        last = sig;
      } else quiet++;
    }
  }
}
