import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { SmsfleetError, type Message, type Store } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { QUEUES } from '../queues';
import { DEFAULT_SWEEPER_SETTINGS } from './sweeper';

type Mode = 'before' | 'after';

/** The store calls a create makes after validation: the message with its claim, then its follow-ups. */
const CREATE_PATH = new Set([
  'messages.create',
  'links.get',
  'links.create',
  'contacts.upsert',
  'messages.get',
  'queue.enqueueIfAbsent',
  'messages.settleCreate',
]);

/** Set while the hub serves an HTTP request (see {@link markRequests}). */
const inRequest = new AsyncLocalStorage<true>();

/**
 * Serve every request of `server` inside {@link inRequest}, so the faulty store counts the request's own calls only.
 * The pipeline's workers are stopped while armed, but other loops (webhooks, roll-ups, the previous message's
 * follow-ups) still make calls with these names; on a busy machine one of them took the armed failure.
 */
function markRequests(server: Server): void {
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  for (const h of server.listeners('request') as Handler[]) {
    server.removeListener('request', h);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => inRequest.run(true, () => h(req, res)));
  }
}

/**
 * The store, with the `n`-th call on the create path that a request makes failing while armed: `before` it reaches
 * the store, or `after` it landed (the answer is lost, as on a Redis timeout).
 */
function faulty(store: Store) {
  const s = { armed: false, calls: 0, n: 0, mode: 'before' as Mode, fired: undefined as string | undefined };
  const repo = (name: string, target: object) =>
    new Proxy(target, {
      get(t, p) {
        const v = Reflect.get(t, p, t) as unknown;
        if (typeof v !== 'function') return v;
        const f = v as (...a: unknown[]) => Promise<unknown>;
        const call = `${name}.${String(p)}`;
        return async (...a: unknown[]) => {
          if (!s.armed || !CREATE_PATH.has(call) || inRequest.getStore() !== true || ++s.calls !== s.n)
            return f.apply(t, a);
          s.fired = call;
          if (s.mode === 'after') await f.apply(t, a);
          throw new SmsfleetError('SMSFLEET_ERR_STORE', `injected failure of ${call} (${s.mode})`);
        };
      },
    });
  const wrapped = new Proxy(store, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (p === 'messages' || p === 'links' || p === 'contacts' || p === 'queue') return repo(p, v as object);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return {
    store: wrapped,
    arm(n: number, mode: Mode) {
      Object.assign(s, { armed: true, calls: 0, n, mode, fired: undefined });
    },
    disarm() {
      s.armed = false;
      return s.fired;
    },
  };
}

const POINTS: { n: number; mode: Mode }[] = [];
for (let n = 1; n <= 7; n++) for (const mode of ['before', 'after'] as const) POINTS.push({ n, mode });

describe.each(storeCases({ cluster: true }).map((s) => [s.name, s] as const))(
  'a create that fails part-way is finished, never lost nor doubled (%s store)',
  (_name, sc) => {
    let r: Rig;
    let f: ReturnType<typeof faulty>;
    let phone = 0;
    const covered = new Set<string>();
    beforeAll(async () => {
      f = faulty(await sc.create());
      r = await rig(f.store);
      markRequests(r.app.server);
      const p = r.app.pipeline;
      await Promise.all([p.dispatcher.stop(), p.tracker.stop(), p.sweeper.stop()]);
    });
    afterAll(async () => {
      await r.close();
      console.log(`create path: ${covered.size} injection points covered (${[...covered].join(', ')})`);
    });

    const post = (to: string, key: string) =>
      fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: { ...r.auth, 'idempotency-key': key },
        body: JSON.stringify({ to, body: 'Your code ships: https://example.com/track/42', trackLinks: true }),
      });
    const listed = async (to: string) =>
      (
        (await (await fetch(`${r.base}/v1/messages?to=${encodeURIComponent(to)}`, { headers: r.auth })).json()) as {
          items: Message[];
        }
      ).items;
    const texts = (to: string) => r.fleet.truth.messages().filter((m) => m.recipient === to);

    /** Let the dispatcher send what is queued, and check the one message reached its phone exactly once. */
    async function deliveredOnce(to: string): Promise<void> {
      const items = await listed(to);
      expect(items).toHaveLength(1);
      expect(await r.store.queue.size(QUEUES.send)).toBe(1); // its job, and only one
      // The tracker too: a report that overtakes the hand-over's link waits in its orphan queue.
      const { dispatcher, tracker } = r.app.pipeline;
      dispatcher.start();
      tracker.start();
      try {
        await waitForStatus(r, items[0]!.id, ['delivered']);
      } finally {
        await Promise.all([dispatcher.stop(), tracker.stop()]);
      }
      expect(texts(to)).toHaveLength(1);
      expect(await r.store.messages.pendingCreates(new Date(Date.now() + 3600_000), 10)).toEqual([]);
    }

    /** The first attempt at point (n, mode); undefined when the create path has fewer calls. */
    async function firstAttempt(n: number, mode: Mode, to: string, key: string): Promise<string | undefined> {
      f.arm(n, mode);
      const res = await post(to, key);
      const fired = f.disarm();
      if (!fired) {
        expect(res.status).toBe(202);
        return undefined;
      }
      covered.add(`${fired}/${mode}`);
      const body = (await res.json()) as { error?: { code: string } };
      // Only the outbox's removal is not worth a 503: everything is done, the sweeper drops it later.
      if (fired === 'messages.settleCreate') expect(res.status).toBe(202);
      else expect([res.status, body.error?.code]).toEqual([503, 'SMSFLEET_ERR_STORE']);
      return fired;
    }

    it.each(POINTS)('a retry with the same key finishes it: call $n fails $mode it lands', async ({ n, mode }) => {
      const to = `+1415555${String(1000 + phone++)}`;
      const key = `retry-${n}-${mode}`;
      if (!(await firstAttempt(n, mode, to, key))) return deliveredOnce(to); // past the last call: it simply succeeded
      const retry = await post(to, key);
      expect([200, 202]).toContain(retry.status);
      await deliveredOnce(to);
      expect((await post(to, key)).status).toBe(200);
    });

    it.each(POINTS)('the sweeper finishes it without a retry: call $n fails $mode it lands', async ({ n, mode }) => {
      const to = `+1415555${String(1000 + phone++)}`;
      const key = `sweep-${n}-${mode}`;
      const fired = await firstAttempt(n, mode, to, key);
      if (!fired) return deliveredOnce(to);
      // Inside the grace period the sweeper leaves a create alone (its request may still be finishing it).
      await r.app.pipeline.sweeper.runOnce(new Date());
      const written = (await r.store.messages.pendingCreates(new Date(Date.now() + 3600_000), 10)).length > 0;
      await r.app.pipeline.sweeper.runOnce(new Date(Date.now() + DEFAULT_SWEEPER_SETTINGS.graceMs));
      if (fired === 'messages.create' && mode === 'before') {
        // Nothing was written, nothing was accepted: nobody is texted, and the retry creates it.
        expect(written).toBe(false);
        expect(await listed(to)).toEqual([]);
        expect((await post(to, key)).status).toBe(202);
      }
      await deliveredOnce(to);
    });

    it('a queued message whose send job vanished is re-enqueued at its tracking deadline, and sent once', async () => {
      const to = `+1415555${String(1000 + phone++)}`;
      const res = await post(to, 'vanished');
      const m = (await res.json()) as Message;
      expect(await r.store.queue.remove(QUEUES.send, m.id)).toBe(true);
      const at = new Date(Date.now() + 10 * 60_000);
      // every deadline due by then (each looked-at one moves past it)
      while ((await r.app.pipeline.tracker.runOnce(at)) > 0);
      await deliveredOnce(to);
    });

    it('a send job a dispatcher holds is left alone at the deadline: its lease is not reset', async () => {
      const to = `+1415555${String(1000 + phone++)}`;
      const m = (await (await post(to, 'held')).json()) as Message;
      // another hub is on it
      const [held] = await r.store.queue.claim<{ messageId: string }>(QUEUES.send, Date.now(), 1, 3600_000);
      expect(held?.id).toBe(m.id);
      const at = new Date(Date.now() + 10 * 60_000);
      while ((await r.app.pipeline.tracker.runOnce(at)) > 0);
      // still leased: nobody else may take it
      expect(await r.store.queue.claim(QUEUES.send, Date.now(), 1, 60_000)).toEqual([]);
      await r.store.queue.reschedule(QUEUES.send, m.id, Date.now()); // the holder lets go
      await deliveredOnce(to);
    });

    it('polls a hand-over with no recorded outcome at its deadline, then marks it unknown, saying why', async () => {
      const to = `+1415555${String(1000 + phone++)}`;
      const m = (await (await post(to, 'lost-hand-over')).json()) as Message;
      // What a crash right after the gateway accepted it leaves: the message pending on a gateway id nobody links or
      // polls.
      await r.store.queue.remove(QUEUES.send, m.id);
      await r.store.messages.update(m.id, (c) => ({
        message: {
          ...c,
          status: 'pending',
          from: { deviceId: 'pixel-a', sim: 1 },
          gateway: 'sms-gate',
          gatewayMessageId: 'never-linked',
        },
        events: [],
      }));
      const t = Date.now();
      await r.app.pipeline.tracker.runOnce(new Date(t + 60_000));
      expect((await r.store.messages.get(m.id))!.status).toBe('pending'); // before the deadline: polled, kept
      await r.app.pipeline.tracker.runOnce(new Date(t + 48 * 3600_000 + 120_000));
      const after = await r.store.messages.get(m.id);
      expect(after!.status).toBe('unknown');
      const events = await r.store.messages.events(m.id);
      expect(events.at(-1)).toMatchObject({
        status: 'unknown',
        source: 'timeout',
        note: expect.stringContaining('handed over to the gateway (pending)'),
      });
    });
  },
);
