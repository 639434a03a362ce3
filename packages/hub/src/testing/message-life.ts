import { createFaultStore, type FaultStore, type FaultTarget } from '@smsfleet/core/testing';
import { figuresFromRollups, type Message, MetricsAccumulator, type StatusEvent, type Store } from '@smsfleet/core';
import { DEFAULT_TIMING, startFleet, type Fleet, type PhoneGateway } from '@smsfleet/fleet-sim';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import { FleetRegistry } from '../fleet';
import { fleetConfigFromSim } from './from-sim';
import { listenOnFreePort } from './listen-free';
import type { HubApp } from '../types';
import type { Activity } from './activity';
import { ManualClock } from './manual-clock';
import { startReceiver, type WebhookReceiver } from './receiver';
import type { StoreCase } from './stores';
import { testConfig } from './test-config';
import { judgeLife, type LifeVerdict } from './life-verdict';

/** The customer of every life; the phone numbers are the fleet's. */
export const CUSTOMER = '+14155550123';
const PHONE = 'phone-1';
/** Sim time starts at the real time (records carry retention deadlines the Redis store turns into key expiries). */
const startTime = () => Math.floor(Date.now() / 1000) * 1000;
/**
 * Sim time allowed for each step of the life, and the recovery horizon after the last one (past every lease, retry
 * and tracking deadline).
 */
const STEP_MS = 15 * 60_000;
const HORIZON_MS = 3600_000;
/** The hub's deadline for a final report (shortened from 48 h so the horizon stays short). */
const FINAL_REPORT_WINDOW_MS = 20 * 60_000;

/**
 * What one life needs: the store to run on, the gateway kind of its only phone, and the fault (none for the clean
 * run).
 */
export interface LifeOptions {
  storeCase: StoreCase;
  gateway: PhoneGateway;
  activity: Activity;
  fault?: FaultTarget;
}

/** What happened in one life: the store's trace and the verdict against ground truth. */
export interface LifeRun {
  faults: FaultStore;
  verdict: LifeVerdict;
  /** Real ms spent starting the hub and fleet, living the life, and closing (for the suite's duration report). */
  ms: { start: number; life: number; close: number; jumps: number };
}

interface Running {
  inner: Store;
  jumps: number;
  secret: string;
  t0: number;
  clock: ManualClock;
  fleet: Fleet;
  app: HubApp;
  receiver: WebhookReceiver;
  faults: FaultStore;
  base: string;
  auth: Record<string, string>;
}

const DAY_MS = 24 * 3600_000;

async function start(o: LifeOptions): Promise<Running> {
  const clock = new ManualClock(startTime());
  const inner = await o.storeCase.create();
  const faults = createFaultStore(inner);
  const fleet = await startFleet({
    // A phone picks a message up 3-6 s after hand-over, later than the dispatcher's first retry (2 s): a retry after a
    // failed hand-over record must not be saved by the phone's report arriving first.
    seed: 17,
    clock,
    timing: { ...DEFAULT_TIMING, pickupMs: [3_000, 6_000], pingIntervalMs: 0 },
    phones: [{ id: PHONE, gateway: o.gateway, sims: [{ number: '+15550100001' }], messagesPerMinute: 6000 }],
  });
  const registry = await FleetRegistry.create(fleetConfigFromSim(fleet), faults.store, { timeoutMs: 5_000 });
  const { app, base } = await listenOnFreePort((port, url) => {
    const candidate = buildApp({
      config: testConfig({
        SMSFLEET_PORT: String(port),
        SMSFLEET_PUBLIC_URL: url,
        SMSFLEET_RATE_LIMIT_PER_MIN: '1000000',
        SMSFLEET_WEBHOOK_POLL: '60s',
      }),
      store: faults.store,
      fleet: registry,
      processMetrics: false,
      clock,
      // Webhooks through the process's fetch, which the activity counts (the default node:http is not counted).
      webhookFetch: (input, init) => globalThis.fetch(input, init),
      // Loops sleep until their next due job (the queue says when), so a long idle sleep only saves empty rounds.
      pipeline: {
        // The fleet's periodic re-read and the health monitor's sweep read every device each simulated minute; they
        // are not part of a message's life, and enumerated they tripled its injection points (their own tests cover
        // their failures). A day keeps them out of the few simulated hours a life spans.
        fleetReloadEveryMs: DAY_MS,
        health: { offlineAfterMs: 0, everyMs: DAY_MS },
        dispatcher: { idleMs: 10 * 60_000, pollAfterMs: 60_000 },
        tracker: {
          idleMs: 10 * 60_000,
          pollEveryMs: 60_000,
          timeouts: { finalReportWindowMs: FINAL_REPORT_WINDOW_MS },
        },
      },
    });
    o.activity.trackApp(candidate);
    return candidate;
  });
  await registry.registerWebhooks(base);
  const { key } = await createApiKey(faults.store, 'faults');
  const receiver = await startReceiver();
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const sub = (await (
    await fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ url: receiver.url, events: ['message.status_changed', 'sms.received', 'link.clicked'] }),
    })
  ).json()) as { secret: string };
  return { inner, jumps: 0, secret: sub.secret, t0: clock.now(), clock, fleet, app, receiver, faults, base, auth };
}

/** Jump the clock from sleeper to sleeper (waiting for idle each time) until `done` holds or `until` is reached. */
async function advance(
  r: Running,
  activity: Activity,
  until: number,
  done: () => Promise<boolean> | boolean = () => false,
): Promise<boolean> {
  for (;;) {
    await activity.settle();
    if (await done()) return true;
    const next = r.clock.nextWakeAt();
    if (next === undefined || next > until) {
      r.clock.set(until);
      await activity.settle();
      return done();
    }
    r.clock.set(Math.ceil(next)); // a real clock reads whole ms; the store refuses fractional due times
    r.jumps++;
  }
}

/** A client call that retries on 5xx and network errors, as a real client would, a simulated second apart. */
async function withRetries(
  r: Running,
  activity: Activity,
  call: () => Promise<Response>,
  log: string[],
  what: string,
): Promise<Response | undefined> {
  for (let attempt = 1; attempt <= 6; attempt++) {
    let res: Response | undefined;
    try {
      res = await call();
    } catch (e) {
      log.push(`${what} #${attempt}: ${(e as Error).message}`);
    }
    if (res && res.status < 500) return res;
    if (res) log.push(`${what} #${attempt}: ${res.status} ${(await res.text()).slice(0, 120)}`);
    await advance(r, activity, r.clock.now() + 1_000);
  }
  return undefined;
}

/**
 * One message's whole life through a real hub and fleet-sim, on a manual clock shared by both: API send with an
 * Idempotency-Key (retried on 5xx), dispatch, hand-over, reports, webhook deliveries, a short-link click, an
 * inbound reply, then recovery up to the horizon. With `fault`, that one store call fails once. The verdict
 * compares the hub's records with fleet-sim's ground truth.
 */
export async function runLife(o: LifeOptions): Promise<LifeRun> {
  const t = Date.now();
  const r = await start(o);
  const untrack = o.activity.trackStore(r.faults);
  const ms = { start: Date.now() - t, life: 0, close: 0, jumps: 0 };
  const { activity } = o;
  const log: string[] = [];
  try {
    await activity.settle();
    r.faults.reset(); // setup (devices, key, subscription) is not part of the message's life
    if (o.fault) r.faults.arm(o.fault);
    const store = r.inner; // the harness's own reads bypass the wrapper: they are not part of the life, and never fail
    let id: string | undefined;
    let answered4xx: string | undefined;
    const sent = await withRetries(
      r,
      activity,
      () =>
        fetch(`${r.base}/v1/messages`, {
          method: 'POST',
          headers: { ...r.auth, 'idempotency-key': 'life-1' },
          body: JSON.stringify({
            to: CUSTOMER,
            body: 'Your order A-1042 ships today: https://shop.example.com/track/A-1042',
            trackLinks: true,
            deviceId: PHONE,
          }),
        }),
      log,
      'send',
    );
    if (sent?.ok) id = ((await sent.json()) as Message).id;
    else if (sent) answered4xx = `${sent.status} ${await sent.text()}`;
    const truthOf = () => r.fleet.truth.messages({ phoneId: PHONE }).filter((m) => m.recipient === CUSTOMER);
    const settled = (m?: Message) =>
      !!m && ['delivered', 'failed', 'expired', 'cancelled', 'unknown'].includes(m.status);
    const hubMessage = async () => (id ? store.messages.get(id).catch(() => undefined) : undefined);
    await advance(
      r,
      activity,
      r.clock.now() + STEP_MS,
      async () => truthOf().some((t) => t.finalState === 'delivered') && settled(await hubMessage()),
    );

    let clicked = false;
    const m = await hubMessage();
    const code = m?.body.match(/\/l\/([A-Za-z0-9_-]+)/)?.[1];
    if (code) {
      const res = await withRetries(
        r,
        activity,
        () =>
          fetch(`${r.base}/l/${code}`, {
            redirect: 'manual',
            headers: {
              'user-agent':
                'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 ' +
                'Mobile/15E148 Safari/604.1',
            },
          }),
        log,
        'click',
      );
      clicked = res?.status === 302;
      if (res && !clicked) log.push(`click answered ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
    const sim = r.fleet.phone(PHONE).sims[0]!;
    r.fleet.phone(PHONE).receiveSms(CUSTOMER, 'Thanks, got it', sim.slot);
    const inboxHas = async () =>
      ((await store.inbound.list({ from: CUSTOMER }).catch(() => undefined))?.items.length ?? 0) > 0;
    await advance(r, activity, r.clock.now() + STEP_MS, inboxHas);
    await advance(r, activity, r.t0 + HORIZON_MS);
    r.faults.disarm();

    const events: StatusEvent[] = id ? await store.messages.events(id) : [];
    const final = id ? await store.messages.get(id) : undefined;
    const verdict = judgeLife({
      ...(final ? { rollups: await rollupFigures(store, final) } : {}),
      accepted: id !== undefined,
      ...(answered4xx ? { answered4xx } : {}),
      message: id ? await store.messages.get(id) : undefined,
      events,
      listed: (await store.messages.list({ to: CUSTOMER })).items,
      truth: truthOf(),
      inbound: (await store.inbound.list({ from: CUSTOMER })).items,
      truthInbound: r.fleet.truth.inbound({ phoneId: PHONE }).filter((x) => x.from === CUSTOMER),
      received: r.receiver.received,
      secret: r.secret,
      clicked,
      clickTried: !!code,
      log,
    });
    ms.life = Date.now() - t - ms.start;
    ms.jumps = r.jumps;
    return { faults: r.faults, verdict, ms };
  } finally {
    const c = Date.now();
    r.faults.disarm();
    await r.app.close();
    await r.fleet.close();
    await r.receiver.close();
    await r.faults.store.close();
    untrack();
    ms.close = Date.now() - c;
  }
}

/** The message's figures from the roll-ups of its hour and from the message itself (see {@link LifeFacts}). */
async function rollupFigures(store: Store, m: Message): Promise<{ fromRollups: object; fromMessage: object }> {
  const pricing = { perSegment: 1, currency: 'USD' };
  const hour = Math.floor(Date.parse(m.createdAt) / 3600_000) * 3600_000;
  const acc = new MetricsAccumulator(pricing);
  acc.add(m);
  const { timeToDeliverMs: _a, ...fromMessage } = acc.result();
  const { timeToDeliverMs: _b, ...fromRollups } = figuresFromRollups(
    await store.rollups.sum('all', hour, hour + 3600_000),
    pricing,
  );
  return { fromRollups, fromMessage };
}
