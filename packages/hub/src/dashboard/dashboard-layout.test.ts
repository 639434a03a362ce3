import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Message } from '@smsfleet/core';
import { startSimHub, type SimHub } from '../testing';
import { IPHONE } from './testing-browser';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..', '..');
// `SMSFLEET_SCREENSHOTS=docs` refreshes the screenshots kept in the repository; otherwise they go with the test output.
const SHOTS =
  process.env.SMSFLEET_SCREENSHOTS === 'docs'
    ? join(ROOT, 'docs', 'screenshots')
    : join(ROOT, 'test-artifacts', 'dashboard', 'layout');
const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [50, 150] as [number, number],
};

/** Each section, and what shows that it has drawn its data. */
const PAGES: [name: string, button: string, drawn: string][] = [
  ['conversations', 'Conversations', '#thread .bubble.in'],
  ['compose', 'Compose', '#compose'],
  ['templates', 'Templates', '#templates-list li'],
  ['reports', 'Reports', '#reports-table tbody tr'],
  ['metrics', 'Metrics', '#chart-volume canvas'],
  ['devices', 'Devices', '#devices-table tbody tr'],
  ['webhooks', 'Webhooks', '#subs .deliveries li'],
];

describe('dashboard layout at desktop and phone width', () => {
  let demo: SimHub;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startSimHub({ seed: 52, timing: FAST });
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
    // Something on every page: texts on every phone (with a campaign, one failing), a reply, a click, a webhook.
    const call = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${demo.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      ).json() as Promise<any>;
    const sent: Message[] = [];
    for (const [i, deviceId] of ['pixel-7', 'galaxy-a54', 'moto-g', 'redmi-12', 'nokia-g42'].entries()) {
      sent.push(
        await call('POST', '/v1/messages', {
          to: `+1415555012${i}`,
          body: `Your order A-10${40 + i} ships today: https://shop.example.com/o/${40 + i}`,
          trackLinks: true,
          campaign: 'spring-sale',
          deviceId,
        }),
      );
    }
    sent.push(
      await call('POST', '/v1/messages', { to: '+14155559991', body: 'This one fails', campaign: 'spring-sale' }),
    );
    for (
      let i = 0;
      i < 300 &&
      (await call('GET', '/v1/messages?limit=10')).items.some(
        (m: Message) => !['delivered', 'failed'].includes(m.status),
      );
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    demo.fleet.phone('pixel-7').receiveSms('+14155550120', 'Great, thanks! Can I pick it up instead?', 1);
    await fetch(`${demo.url}/l/${sent[0]!.body.split('/l/')[1]}`, {
      redirect: 'manual',
      headers: { 'user-agent': IPHONE },
    });
    const sub = await call('POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['message.status_changed', 'sms.received'],
    });
    await call('POST', `/v1/webhooks/${sub.id}/test`);
    for (let i = 0; i < 300 && (await call('GET', '/v1/inbox')).items.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${demo.url}/`);
    await page.getByLabel('API key').fill(demo.apiKey);
    await page.keyboard.press('Enter');
    await page.locator('#live.on').waitFor();
    return page;
  }
  async function visit(page: Page, [name, button, drawn]: (typeof PAGES)[number]): Promise<void> {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.locator(`#view-${name}:not([hidden])`).waitFor();
    if (name === 'conversations') await page.getByRole('button', { name: '+14155550120' }).click();
    await page.locator(drawn).first().waitFor();
  }
  const scrollWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth') as Promise<number>;

  it.each([
    [1280, 800],
    [390, 844],
  ])('has no sideways scroll on any page at %i px', async (width, height) => {
    const page = await open(width, height);
    try {
      for (const p of PAGES) {
        await visit(page, p);
        expect({ page: p[0], overflow: Math.max(0, (await scrollWidth(page)) - width) }).toEqual({
          page: p[0],
          overflow: 0,
        });
        await page.screenshot({ path: join(SHOTS, `${p[0]}-${width}.png`) });
      }
    } finally {
      await page.close();
    }
  });

  it('keeps the header short on a phone, with every section in reach', async () => {
    const page = await open(390, 844);
    try {
      const header = (await page.locator('header').boundingBox())!;
      expect(header.height).toBeLessThan(110); // was ~270 px: one button per line
      for (const [, button] of PAGES) {
        const b = (await page.getByRole('button', { name: button, exact: true }).boundingBox())!;
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(390);
        expect(b.y + b.height).toBeLessThanOrEqual(header.y + header.height);
      }
    } finally {
      await page.close();
    }
  });

  it('shows every Reports column on a phone, the Device and Campaign too', async () => {
    const page = await open(390, 844);
    try {
      await visit(page, PAGES[3]!); // Reports
      const row = page.locator('#reports-table tbody tr').filter({ hasText: '+14155550122' });
      for (const label of ['Created', 'To', 'Status', 'Device', 'Campaign']) {
        const cell = row.locator(`td[data-label="${label}"]`);
        expect(await cell.isVisible()).toBe(true);
        const box = (await cell.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
      expect(await row.locator('td[data-label="Device"]').innerText()).toMatch(/moto-g/);
      expect(await row.locator('td[data-label="Campaign"]').innerText()).toMatch(/spring-sale/);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });
});
