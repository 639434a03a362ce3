import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import type { Message } from '@smsfleet/core';
import { startSimHub, type SimHub } from '../testing';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'test-artifacts', 'dashboard');
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [300, 600] as [number, number],
};

describe('dashboard in Chromium against smsfleet demo', () => {
  let demo: SimHub;
  let browser: Browser;
  let page: Page;
  const api = async (path: string) =>
    (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<any>;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    demo = await startSimHub({ seed: 51, timing: FAST });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // Record the live stream's status events as the page gets them (this listener runs first, in the same dispatch as
    // the page's own), so a test can wait for the page to have had one instead of guessing how long it takes.
    await page.addInitScript(`{
      const ES = window.EventSource;
      window.EventSource = class extends ES {
        constructor(...a) { super(...a); this.addEventListener('message.status_changed', (e) => (window.__statusEvents ||= []).push(JSON.parse(e.data).data)); }
      };
    }`);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("is where the hub's bare address leads", async () => {
    const res = await fetch(`${demo.url}/`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([302, '/dashboard/']);
    await page.goto(`${demo.url}/`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    await page.getByLabel('API key').waitFor();
  });

  it('refuses a wrong key and logs in with the right one', async () => {
    await page.goto(`${demo.url}/dashboard`);
    await page.getByLabel('API key').fill('sf_live_wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That key was refused by the hub.').waitFor();
    await page.getByLabel('API key').fill(demo.apiKey);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await page.locator('#live.on').waitFor();
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect((await page.locator('header').innerText()).match(/smsfleet/gi)).toHaveLength(1); // the default fleet name is the brand: said once
    await shot('login-1280');
  });

  it('shows field errors for bad input, once each, drops each when its field is edited, and sends nothing', async () => {
    await page.getByRole('button', { name: 'Compose' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#err-to').getByText('Enter a phone number').waitFor();
    await page.locator('#err-body').getByText('Write a message.').waitFor();
    await page.getByLabel('To').fill('12');
    await page.locator('#err-to:empty').waitFor({ state: 'attached' }); // fixed (or at least changed): no stale error
    expect(await page.locator('#err-body').textContent()).toBe('Write a message.'); // that field was not touched
    await page.getByLabel('Message').fill('Hello');
    await page.locator('#err-body:empty').waitFor({ state: 'attached' });
    await page.locator('#counter').getByText('5 characters · 1 part · GSM-7').waitFor(); // counted though the number is bad
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
        heldList = await route.fetch({ url: `${demo.url}/v1/messages?limit=200`, method: 'GET', postData: '' });
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

  it('shows replies in the conversation with the texts sent, in time order, as they arrive and after a reload', async () => {
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: '+14155550190' }).click();
    demo.fleet.phone('pixel-7').receiveSms('+14155550190', 'Thanks, got it!', 1);
    await page.locator('.bubble.in').getByText('Thanks, got it!').waitFor({ timeout: 10_000 });
    // More of the fleet's inbox than the conversation list reads at once (200), all newer than this reply: the
    // contact's thread still has it, read for that contact.
    const now = Date.now();
    for (let i = 0; i < 210; i++) {
      await demo.store.inbound.add({
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
      await fetch(`${demo.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+14155550177', body: 'Track it: https://shop.example.com/o/1', trackLinks: true }),
      })
    ).json()) as Message;
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: '+14155550177' }).click();
    const clicks = page.locator(`.clicks[data-message-id="${m.id}"]`);
    await clicks.waitFor({ state: 'attached' });
    await fetch(`${demo.url}/l/${m.body.split('/l/')[1]}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });
    await page.locator(`.clicks[data-message-id="${m.id}"]`).getByText('1 click').waitFor(); // live
    demo.fleet.phone('pixel-7').receiveSms('+14155550177', 'Clicked it', 1); // a reply redraws the thread
    await page.locator('.bubble.in').getByText('Clicked it').waitFor();
    expect(await clicks.textContent()).toBe('1 click');
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.locator('.bubble.in').getByText('Clicked it').waitFor();
    expect(await clicks.textContent()).toBe('1 click');
    await shot('conversation-reply-click');
  });

  it('filters the delivery reports, opens a timeline, and exports a CSV whose rows match the API', async () => {
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('#reports-table tbody tr');
    await rows.first().waitFor();
    const failedNow = async () =>
      (
        (await (
          await fetch(`${demo.url}/v1/messages?status=failed`, { headers: { authorization: `Bearer ${demo.apiKey}` } })
        ).json()) as { items: Message[] }
      ).items;
    // A text of an earlier test may fail while this one runs (the phones answer at their own pace): filter again
    // until the table and the API agree on a settled set.
    let api = await failedNow();
    for (let i = 0; i < 20 && (await rows.count()) !== api.length; i++) {
      await page.waitForTimeout(250);
      await page.getByRole('button', { name: 'Filter' }).click();
      await rows.first().waitFor();
      api = await failedNow();
    }
    expect(await rows.count()).toBe(api.length);
    await rows.first().click();
    await page.locator('#timeline li').filter({ hasText: 'failed' }).first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const file = join(ARTIFACTS, 'failed.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^id,created_at,to,status/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(api.map((m) => m.id).sort());
    await shot('reports');
  });

  it('renders the charts with data', async () => {
    await page.getByRole('button', { name: 'Metrics' }).click();
    await page.locator('#chart-volume canvas').waitFor();
    expect(Number(await page.locator('#view-metrics').getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.kpi').filter({ hasText: 'Sent' }).locator('b').textContent()).toMatch(/^[1-9]/);
    await page.locator('#failures').getByText('invalid number: 1').waitFor();
    await shot('metrics');
  });

  it('lists devices once by name, with when each phone that sent a text was last seen', async () => {
    // One text from every phone, each answered by the phone's own report (cloud phones' servers are no sign of them).
    for (const d of ['pixel-7', 'galaxy-a54', 'moto-g', 'redmi-12', 'nokia-g42']) {
      await fetch(`${demo.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+14155550166', body: `from ${d}`, deviceId: d }),
      });
    }
    for (
      let i = 0;
      i < 300 && (await api('/v1/messages?to=%2B14155550166')).items.some((m: Message) => m.status !== 'delivered');
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    await page.getByRole('button', { name: 'Devices' }).click();
    const rows = page.locator('#devices-table tbody tr');
    await rows.nth(4).waitFor();
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((td) => (td as unknown as { innerText: string }).innerText)),
    );
    expect(table.map((r) => r[0])).toEqual([
      'galaxy-a54 sms-gate',
      'moto-g httpsms',
      'nokia-g42 mysmsgate',
      'pixel-7 sms-gate',
      'redmi-12 textbee',
    ]); // each gateway once
    for (const r of table) expect(r[2]).not.toBe('–');
  });

  it('lists webhooks, each a card with its deliveries as plain rows, and sends a test event', async () => {
    await fetch(`${demo.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', events: ['message.status_changed'] }),
    });
    await page.getByRole('button', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    const row = page.locator('#subs .deliveries li').filter({ hasText: 'webhook.test' }).first();
    await row.waitFor();
    const style = (p: string) =>
      row.evaluate(
        (li, prop) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(li)[
            prop
          ],
        p,
      );
    const look = {
      bullet: await style('listStyleType'),
      left: await style('borderLeftWidth'),
      radius: await style('borderTopLeftRadius'),
    };
    expect(look).toEqual({ bullet: 'none', left: '0px', radius: '0px' }); // not a card in a card, no bullet
    await shot('webhooks');
  });

  it('fits a phone-sized screen and works from the keyboard', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${demo.url}/dashboard/`);
    await phone.getByLabel('API key').fill(demo.apiKey);
    await phone.keyboard.press('Enter');
    await phone.getByRole('navigation', { name: 'Sections' }).waitFor();
    const overflow = (await phone.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    expect(overflow).toBeLessThanOrEqual(1);
    await phone.getByRole('button', { name: 'Reports' }).focus();
    await phone.keyboard.press('Enter');
    await phone.locator('#view-reports:not([hidden])').waitFor();
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-390.png'), fullPage: true });
    await phone.close();
  });
});
