import { startFleet, type Fleet, type FaultConfig, type PhoneSpec } from '@smsfleet/fleet-sim';
import type { Clock, Message, RouterPolicyInput, Store } from '@smsfleet/core';
import { buildApp } from '../app';
import { createApiKey } from '../auth/api-keys';
import type { Env } from '../config';
import { FleetRegistry, type FleetConfigInput } from '../fleet';
import { fleetConfigFromSim } from './from-sim';
import type { DispatcherSettings } from '../send/dispatcher';
import type { TrackerSettings } from '../tracking/tracker';
import type { HubApp } from '../types';
import { startReceiver, type WebhookReceiver } from './receiver';
import { listenOnFreePort } from './listen-free';
import { testConfig } from './test-config';

/**
 * An end-to-end rig for tests: a real hub listening on 127.0.0.1 with fast simulated phones of every gateway,
 * an API key, and a webhook receiver subscribed to `events`.
 */
export const FAST: {
  pickupMs: [number, number];
  partSendMs: [number, number];
  interMessageMs: [number, number];
  deliveryMs: [number, number];
  pingIntervalMs: number;
} = { pickupMs: [5, 15], partSendMs: [2, 5], interMessageMs: [1, 3], deliveryMs: [10, 30], pingIntervalMs: 300 };
export const INVALID = '+14155559999';

import { freePort } from '../net/free-port';
export { freePort };

export interface Rig {
  app: HubApp;
  base: string;
  auth: Record<string, string>;
  fleet: Fleet;
  store: Store;
  receiver: WebhookReceiver;
  close(): Promise<void>;
}

/** The rig's phones: one of each gateway kind. */
export const RIG_PHONES: PhoneSpec[] = [
  { id: 'pixel-a', gateway: 'sms-gate', sims: [{ number: '+15550100001' }, { number: '+15550100002' }] },
  { id: 'pixel-b', gateway: 'sms-gate-local', sims: [{ number: '+15550200001' }] },
  { id: 'moto', gateway: 'httpsms', sims: [{ number: '+15550300001' }], messagesPerMinute: 6000 },
  { id: 'tb', gateway: 'textbee', sims: [{ number: '+15550400001' }] },
  { id: 'mg', gateway: 'mysmsgate', sims: [{ number: '+15550500001' }] },
];

/**
 * The adapters' request timeout in the rig: a safety net for a phone that never answers, not a measure of speed (on a
 * loaded machine the local sim can take seconds to answer). {@link RIG_RECONCILE_AFTER_MS} stays well past it, so an
 * open hand-over is only ever reconciled once the request that may have delivered it is surely over.
 */
export const RIG_GATEWAY_TIMEOUT_MS = 5_000;
/** When the rig's dispatcher reconciles a hand-over left open (its gateway answer never recorded). */
export const RIG_RECONCILE_AFTER_MS = 8_000;

export async function rig(
  store: Store,
  faults: Partial<FaultConfig> = {},
  opts: {
    env?: Env;
    events?: string[];
    pickupTimeoutMs?: number;
    receiverAnswer?: (n: number) => number | 'hang';
    workerIdleMs?: number;
    clock?: Clock;
    dispatcher?: Partial<DispatcherSettings>;
    tracker?: Partial<TrackerSettings>;
    /** The router's policy (pacing, margins). */
    router?: RouterPolicyInput;
    /** Other phones than RIG_PHONES. */
    phones?: PhoneSpec[];
    /** Change the fleet config made from the simulator (extra connections, say). */
    fleetConfig?: (c: FleetConfigInput) => FleetConfigInput;
    /** Connections whose webhooks are not registered with their gateway. */
    unregistered?: string[];
  } = {},
): Promise<Rig> {
  const fleet = await startFleet({
    seed: 7,
    timing: FAST,
    faults: { invalidNumbers: [INVALID], ...faults },
    phones: opts.phones ?? RIG_PHONES,
  });
  // A rig that fails half-way (a port taken, a phone not answering) closes what it started: a fleet left running
  // keeps jest from exiting, and the suite would never end.
  let app: HubApp | undefined;
  let receiver: WebhookReceiver | undefined;
  try {
    const cfg = fleetConfigFromSim(fleet);
    const registry = await FleetRegistry.create(opts.fleetConfig ? opts.fleetConfig(cfg) : cfg, store, {
      timeoutMs: RIG_GATEWAY_TIMEOUT_MS,
    });
    const started = await listenOnFreePort((port, base) =>
      buildApp({
        config: testConfig({
          SMSFLEET_PORT: String(port),
          SMSFLEET_PUBLIC_URL: base,
          SMSFLEET_RATE_LIMIT_PER_MIN: '1000000',
          ...opts.env,
        }),
        store,
        fleet: registry,
        processMetrics: false,
        ...(opts.clock ? { clock: opts.clock } : {}),
        pipeline: {
          dispatcher: {
            idleMs: opts.workerIdleMs ?? 20,
            pollAfterMs: 500,
            reconcileAfterMs: RIG_RECONCILE_AFTER_MS,
            ...(opts.pickupTimeoutMs ? { pickupTimeoutMs: opts.pickupTimeoutMs } : {}),
            ...opts.dispatcher,
          },
          tracker: { idleMs: opts.workerIdleMs ?? 20, pollEveryMs: 500, ...opts.tracker },
          ...(opts.router ? { router: opts.router } : {}),
        },
      }),
    );
    app = started.app;
    const { base } = started;
    if (!opts.unregistered) await registry.registerWebhooks(base);
    else {
      for (const c of registry.config.connections)
        if (!opts.unregistered.includes(c.id))
          await registry.forConnection(c.id)!.adapter.registerWebhooks(`${base}/ingress/${c.id}`);
    }
    const { key } = await createApiKey(store, 'test');
    receiver = await startReceiver(opts.receiverAnswer);
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const sub = (await (
      await fetch(`${base}/v1/webhooks`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: receiver.url, events: opts.events ?? ['message.status_changed'] }),
      })
    ).json()) as { secret: string };
    receiver.setSecret(sub.secret);
    const hub: HubApp = app;
    const rx: WebhookReceiver = receiver;
    return {
      app: hub,
      base,
      auth,
      fleet,
      store,
      receiver: rx,
      close: async () => {
        await hub.close();
        await fleet.close();
        await rx.close();
        await store.close();
      },
    };
  } catch (e) {
    await app?.close();
    await fleet.close();
    await receiver?.close();
    throw e;
  }
}

/**
 * Poll the API until the message has one of `statuses`; the timeout is a safety net for a busy machine, not a
 * measure.
 */
export async function waitForStatus(r: Rig, id: string, statuses: string[], timeoutMs = 30_000): Promise<Message> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${r.base}/v1/messages/${id}`, { headers: r.auth });
    const body = (await res.json()) as { message?: Message; error?: { code: string } };
    if (!body.message) throw new Error(`GET /v1/messages/${id} answered ${res.status} ${JSON.stringify(body.error)}`);
    const m = body.message;
    if (statuses.includes(m.status)) return m;
    if (Date.now() > end) throw new Error(`message ${id} stayed ${m.status}, wanted ${statuses.join('/')}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}
