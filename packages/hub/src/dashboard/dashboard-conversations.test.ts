import type { Message } from '@smsfleet/core';
import type { Page } from 'playwright-core';
import { IPHONE } from './testing-browser';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// Conversations in headless Chromium against a hub with simulated phones: replies next to the texts sent, and link
// clicks kept through a redraw.

describe('dashboard: conversations', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  let shot: DashboardSession['shot'];

  beforeAll(async () => {
    session = await openDashboard(54);
    ({ hub, page, shot } = session);
    await session.logIn();
    // The text the customer replies to, sent as any client would send it.
    await session.send({ to: '+14155550190', body: 'Your order ships today 😀' });
    await session.settled('+14155550190');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows replies with the texts sent, in time order, as they arrive and after a reload', async () => {
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: '+14155550190' }).click();
    hub.fleet.phone('pixel-7').receiveSms('+14155550190', 'Thanks, got it!', 1);
    await page.locator('.bubble.in').getByText('Thanks, got it!').waitFor({ timeout: 10_000 });
    // More of the fleet's inbox than the conversation list reads at once (200), all newer than this reply: the
    // contact's thread still has it, read for that contact.
    const now = Date.now();
    for (let i = 0; i < 210; i++) {
      await hub.store.inbound.add({
        id: `in_busy${String(i).padStart(4, '0')}`,
        from: `+1415555${String(3000 + i)}`,
        deviceId: 'pixel-7',
        body: `busy ${i}`,
        receivedAt: new Date(now + 1000 + i).toISOString(),
        gateway: 'sms-gate',
        retainUntil: new Date(now + 86400_000).toISOString(),
      });
    }
    await page.reload();
    await page.getByRole('button', { name: '+14155550190' }).click();
    await page.locator('.bubble.in').getByText('Thanks, got it!').waitFor();
    const order = await page
      .locator('#thread .bubble')
      .evaluateAll((bs) =>
        bs.map((b) => `${b.classList.contains('out') ? 'out' : 'in'}:${b.childNodes[1]?.textContent}`),
      );
    expect(order).toEqual(['out:Your order ships today 😀', 'in:Thanks, got it!']);
    // Someone who only ever texted in is a conversation too.
    await page.getByRole('button', { name: '+14155553209' }).click();
    await page.locator('#thread .bubble.in').getByText('busy 209').waitFor();
  });

  it("keeps a link's click count through a redraw of the thread", async () => {
    const m = (await (
      await fetch(`${hub.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+14155550177', body: 'Track it: https://shop.example.com/o/1', trackLinks: true }),
      })
    ).json()) as Message;
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: '+14155550177' }).click();
    const clicks = page.locator(`.clicks[data-message-id="${m.id}"]`);
    await clicks.waitFor({ state: 'attached' });
    await fetch(`${hub.url}/l/${m.body.split('/l/')[1]}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });
    await page.locator(`.clicks[data-message-id="${m.id}"]`).getByText('1 click').waitFor(); // live
    hub.fleet.phone('pixel-7').receiveSms('+14155550177', 'Clicked it', 1); // a reply redraws the thread
    await page.locator('.bubble.in').getByText('Clicked it').waitFor();
    expect(await clicks.textContent()).toBe('1 click');
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.locator('.bubble.in').getByText('Clicked it').waitFor();
    expect(await clicks.textContent()).toBe('1 click');
    await shot('conversation-reply-click');
  });
});
