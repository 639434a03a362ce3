import type { DeliveryAttempt, OutboundEvent, Subscription } from '@smsfleet/core';
import type { Page } from 'playwright-core';
import { startReceiver, type SimHub, type WebhookReceiver } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// The webhooks view in headless Chromium: a subscription disabled for failing shows why and since when, is enabled
// again with its button, and a held delivery is replayed with its button (the receiver gets the original webhook-id).

describe('dashboard: disabled webhooks, enable and replay', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    session = await openDashboard(56);
    ({ hub, page } = session);
    receiver = await startReceiver();
    await session.logIn();
  });
  afterAll(async () => {
    await receiver?.close();
    await session?.close();
  });

  it('flags a disabled subscription, enables it, and replays a held delivery with its webhook-id', async () => {
    const res = await fetch(`${hub.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['message.status_changed'] }),
    });
    const sub = (await res.json()) as Subscription;
    receiver.setSecret(sub.secret);
    // The state a long failure leaves: disabled, and a delivery held since.
    const disabledAt = '2026-11-24T10:00:00.000Z';
    await hub.store.subscriptions.update(sub.id, (s) => ({
      ...s,
      consecutiveFailures: 20,
      failing: true,
      disabledAt,
      disabledReason: '20 failed attempts in a row (last: HTTP 500)',
    }));
    const at = new Date().toISOString();
    const event: OutboundEvent = {
      id: 'evt_01jd3k2m4n5p6q7r8s9t0v1w2x',
      type: 'message.status_changed',
      timestamp: at,
      data: {
        messageId: 'msg_01jd3k2m4n5p6q7r8s9t0v1w2x',
        to: '+14155550123',
        status: 'delivered',
        previousStatus: 'sent',
        segments: 1,
        at,
      },
    };
    const held: DeliveryAttempt = {
      id: 'dlv_01jd3k2m4n5p6q7r8s9t0v1w2x',
      subscriptionId: sub.id,
      eventId: event.id,
      eventType: event.type,
      attempt: 1,
      at,
      ok: false,
      error: 'not sent: the subscription is disabled',
      durationMs: 0,
      deadLettered: true,
      held: true,
      event,
    };
    await hub.store.deliveries.record(held);

    await page.getByRole('button', { name: 'Webhooks' }).click();
    const card = page.locator(`#subs > li[data-id="${sub.id}"]`);
    const flag = card.locator('.disabled');
    await flag.waitFor();
    expect(await flag.textContent()).toContain('Disabled: 20 failed attempts in a row (last: HTTP 500), since ');
    const replay = card.locator(`.deliveries li[data-id="${held.id}"] button.replay`);
    expect(await replay.isDisabled()).toBe(true); // enable first
    await session.shot('webhooks-disabled');

    await card.getByRole('button', { name: 'Enable' }).click();
    await flag.waitFor({ state: 'detached' });
    expect(await hub.store.subscriptions.get(sub.id)).not.toHaveProperty('disabledAt');

    await card.locator(`.deliveries li[data-id="${held.id}"] button.replay`).click();
    await card.getByRole('status').filter({ hasText: 'Replay: 1 queued' }).waitFor();
    const [got] = await receiver.waitFor(1, 30_000);
    expect(got!.headers['webhook-id']).toBe(event.id);
    expect(got!.verifyError).toBeUndefined();
    expect(got!.verified).toEqual(event);
  });
});
