import type { OutboundEvent, Store, Subscription } from '@smsfleet/core';
import {
  ManualClock,
  startReceiver,
  startTestHub,
  type ReceivedWebhook,
  type StoreCase,
  type TestHub,
  type WebhookReceiver,
} from '../testing';

/** Env of the operations tests: four attempts per delivery (1s, 2s, 4s), alarm at 3, disabled at 4 in a row. */
export const OPS_ENV = { SMSFLEET_WEBHOOK_DISABLE_AFTER_FAILURES: '4', SMSFLEET_WEBHOOK_DISABLE_AFTER: '0' };

/** The webhook-id and verified event of what a receiver got. */
export function seen(r: WebhookReceiver): { id: unknown; verified: boolean; type: unknown }[] {
  return r.received.map((x: ReceivedWebhook) => ({
    id: x.headers['webhook-id'],
    verified: x.verifyError === undefined && (x.verified as OutboundEvent | undefined)?.id === x.headers['webhook-id'],
    type: (x.verified as OutboundEvent | undefined)?.type,
  }));
}

/**
 * The rig of the webhook operations tests (jest globals): per test a fresh store of `storeCase`, a manual clock
 * (`startAgoMs` before now) and a hub listening on 127.0.0.1 that the tests call over real HTTP (its worker
 * is driven with `drain()`).
 */
export function useOpsRig(storeCase: StoreCase, env: Record<string, string> = OPS_ENV, startAgoMs = 0) {
  let store: Store;
  let clock: ManualClock;
  let hub: TestHub;
  let base: string;
  const receivers: WebhookReceiver[] = [];

  beforeEach(async () => {
    store = await storeCase.create();
    // Receivers verify signatures against the wall clock (5 min tolerance): tests spanning hours start in the past.
    clock = new ManualClock(Date.now() - startAgoMs);
    hub = await startTestHub({ store, clock, env });
    base = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await hub.close();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await store.close();
  });

  /** Call the hub's API over HTTP; resolves with the status and the parsed JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...hub.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  /** A receiver on 127.0.0.1 subscribed to `events` through the API, verifying signatures with its secret. */
  async function subscriber(
    events: string[],
    answer?: (n: number) => number,
  ): Promise<{ r: WebhookReceiver; sub: Subscription }> {
    const r = await startReceiver(answer);
    receivers.push(r);
    const res = await api('POST', '/v1/webhooks', { url: r.url, events });
    expect(res.status).toBe(201);
    r.setSecret(res.json.secret);
    return { r, sub: res.json as Subscription };
  }

  return {
    current: () => ({ store, clock, hub }),
    /** The hub's address, e.g. `http://127.0.0.1:40123`. */
    base: () => base,
    /** Replace the hub by one with `env` instead (same store and clock). */
    restart: async (over: Record<string, string>) => {
      await hub.close();
      hub = await startTestHub({ store, clock, env: over });
      base = await hub.app.listen({ host: '127.0.0.1', port: 0 });
    },
    api,
    subscriber,
    publish: (e: OutboundEvent) => hub.app.webhooks.publisher.publish(e),
    drain: () => hub.app.webhooks.worker.drain(),
  };
}
