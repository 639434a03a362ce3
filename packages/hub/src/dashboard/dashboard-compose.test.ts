import type { Message } from '@smsfleet/core';
import type { Page, Route } from 'playwright-core';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// Compose in headless Chromium against a hub with simulated phones: field errors, a delivered and a failed text, and
// the live stream outrunning the API's answers.

describe('dashboard: composing a text and following its status live', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  let api: DashboardSession['api'];
  let shot: DashboardSession['shot'];

  beforeAll(async () => {
    session = await openDashboard(53);
    ({ hub, page, api, shot } = session);
    await session.logIn();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows field errors for bad input, once each, drops each when its field is edited, sends nothing', async () => {
    await page.getByRole('button', { name: 'Compose' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#err-to').getByText('Enter a phone number').waitFor();
    await page.locator('#err-body').getByText('Write a message.').waitFor();
    await page.getByLabel('To').fill('12');
    await page.locator('#err-to:empty').waitFor({ state: 'attached' }); // fixed (or at least changed): no stale error
    expect(await page.locator('#err-body').textContent()).toBe('Write a message.'); // that field was not touched
    await page.getByLabel('Message').fill('Hello');
    await page.locator('#err-body:empty').waitFor({ state: 'attached' });
    // Counted though the number is bad.
    await page.locator('#counter').getByText('5 characters · 1 part · GSM-7').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#err-to').filter({ hasText: /./ }).waitFor();
    const text = (await page.locator('#err-to').textContent())!;
    expect(text).toMatch(/^The phone number has no country code/);
    expect(text.split('no country code').length - 1).toBe(1); // the API's reason is inside its message: shown once
    expect(text).not.toContain('body.to');
    await shot('compose-error');
    await page.getByLabel('To').fill('+14155550190');
    await page.locator('#err-to:empty').waitFor({ state: 'attached' });
    expect((await api('/v1/messages?limit=5')).items).toEqual([]);
  });

  it('sends a text and its tick turns to delivered without a reload', async () => {
    await page.getByLabel('To').fill('+14155550190');
    await page.getByLabel('Message').fill('Your order ships today 😀');
    await page.locator('#counter').getByText('UCS-2 because of: 😀').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    const tick = page.locator('.bubble.out .tick').first();
    await tick.waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.locator('.bubble.out .tick[data-status="delivered"]').waitFor({ timeout: 15_000 });
    expect(await tick.textContent()).toBe('✓✓ delivered');
    expect(navigations).toEqual([]); // live, no reload
    await shot('conversation-delivered');
  });

  it('shows a failed text with its reason', async () => {
    await page.getByRole('button', { name: 'Compose' }).click();
    await page.getByLabel('To').fill('+14155559995');
    await page.getByLabel('Message').fill('This one fails');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.bubble.out .tick[data-status="failed"]').waitFor({ timeout: 15_000 });
    const text = await page.locator('.bubble.out .tick[data-status="failed"]').textContent();
    expect(text).toMatch(/^✗ failed: .{8,}/);
    const m = (await api('/v1/messages?to=%2B14155559995')).items[0] as Message;
    expect(text).toContain(m.failure!.explanation); // the catalogue's words, the same on every gateway
  });

  it("keeps the newest status when the live stream outruns the API's answers", async () => {
    // The order a fast phone can produce: the send is answered (queued) and the conversation list is read while the
    // message is still on its way, but the page gets the live `delivered` first. Held-back real answers recreate it.
    const isList = (u: URL) => u.pathname === '/v1/messages' && u.searchParams.get('limit') === '200';
    let heldList: Awaited<ReturnType<Route['fetch']>> | undefined;
    await page.route(
      (u) => u.pathname === '/v1/messages' && u.search === '',
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const answer = await route.fetch();
        heldList = await route.fetch({ url: `${hub.url}/v1/messages?limit=200`, method: 'GET', postData: '' });
        const { id } = (await answer.json()) as { id: string };
        await page.waitForFunction(
          (msg) =>
            (
              (globalThis as unknown as { __statusEvents?: { messageId: string; status: string }[] }).__statusEvents ??
              []
            ).some((e) => e.messageId === msg && e.status === 'delivered'),
          id,
          { timeout: 15_000 },
        ); // the page has had the live `delivered`
        await route.fulfill({ response: answer });
      },
    );
    await page.route(isList, async (route) => (heldList ? route.fulfill({ response: heldList }) : route.continue()));
    try {
      await page.getByRole('button', { name: 'Compose' }).click();
      await page.getByLabel('To').fill('+14155550188');
      await page.getByLabel('Message').fill('Overtaken');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Sent to +14155550188').waitFor({ state: 'attached' });
      const tick = page.locator('.bubble.out .tick').last();
      await tick.waitFor();
      expect(await tick.getAttribute('data-status')).toBe('delivered');
    } finally {
      await page.unrouteAll();
    }
  });
});
