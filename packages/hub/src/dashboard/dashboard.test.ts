import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import type { Message } from '@smsfleet/core';
import { startDemo, type Demo } from '../testing';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'test-artifacts', 'dashboard');
const FAST = { pickupMs: [5, 20] as [number, number], partSendMs: [5, 20] as [number, number], interMessageMs: [5, 20] as [number, number], deliveryMs: [300, 600] as [number, number] };

describe('dashboard in Chromium against smsfleet demo', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  const api = async (path: string) => (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<any>;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 51, timing: FAST });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  });
  afterAll(async () => { await browser?.close(); await demo?.close(); });

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
    await shot('login-1280');
  });

  it('shows field errors for bad input and sends nothing', async () => {
    await page.getByRole('button', { name: 'Compose' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#err-to').getByText('Enter a phone number').waitFor();
    await page.locator('#err-body').getByText('Write a message.').waitFor();
    await page.getByLabel('To').fill('12');
    await page.getByLabel('Message').fill('Hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#err-to').filter({ hasText: /./ }).waitFor();
    expect(await page.locator('#err-to').textContent()).toMatch(/phone|number|short/i);
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
    expect(text).toContain(m.failure!.rawReason ?? m.failure!.explanation);
  });

  it('keeps the newest status when the live stream outruns the API\'s answers', async () => {
    // The order a fast phone can produce: the send is answered (queued) and the conversation list is read while the
    // message is still on its way, but the page gets the live `delivered` first. Held-back real answers recreate it.
    const isList = (u: URL) => u.pathname === '/v1/messages' && u.searchParams.get('limit') === '200';
    let heldList: Awaited<ReturnType<Route['fetch']>> | undefined;
    await page.route((u) => u.pathname === '/v1/messages' && u.search === '', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const answer = await route.fetch();
      heldList = await route.fetch({ url: `${demo.url}/v1/messages?limit=200`, method: 'GET', postData: '' });
      const { id } = (await answer.json()) as { id: string };
      for (let i = 0; i < 200 && (await api(`/v1/messages/${id}`)).message.status !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500)); // and the live event reaches the page
      await route.fulfill({ response: answer });
    });
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

  it('shows replies in the conversation as they arrive', async () => {
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: '+14155550190' }).click();
    demo.fleet.phone('pixel-7').receiveSms('+14155550190', 'Thanks, got it!', 1);
    await page.locator('.bubble.in').getByText('Thanks, got it!').waitFor({ timeout: 10_000 });
  });

  it('filters the delivery reports, opens a timeline, and exports a CSV whose rows match the API', async () => {
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('#reports-table tbody tr');
    await rows.first().waitFor();
    const failedNow = async () => ((await (await fetch(`${demo.url}/v1/messages?status=failed`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json()) as { items: Message[] }).items;
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
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const file = join(ARTIFACTS, 'failed.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^id,created_at,to,status/);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(api.map((m) => m.id).sort());
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

  it('lists devices and webhooks, and sends a test event', async () => {
    await page.getByRole('button', { name: 'Devices' }).click();
    await page.locator('#devices-table tbody tr').nth(4).waitFor();
    await fetch(`${demo.url}/v1/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', events: ['message.status_changed'] }) });
    await page.getByRole('button', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.locator('#subs li li').filter({ hasText: 'webhook.test' }).first().waitFor();
  });

  it('fits a phone-sized screen and works from the keyboard', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${demo.url}/dashboard/`);
    await phone.getByLabel('API key').fill(demo.apiKey);
    await phone.keyboard.press('Enter');
    await phone.getByRole('navigation', { name: 'Sections' }).waitFor();
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
    expect(overflow).toBeLessThanOrEqual(1);
    await phone.getByRole('button', { name: 'Reports' }).focus();
    await phone.keyboard.press('Enter');
    await phone.locator('#view-reports:not([hidden])').waitFor();
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-390.png'), fullPage: true });
    await phone.close();
  });
});
