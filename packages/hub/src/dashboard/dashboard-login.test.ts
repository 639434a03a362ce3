import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SimHub } from '../testing';
import { ARTIFACTS, type DashboardSession, openDashboard } from './testing-browser';

// The dashboard in headless Chromium against a hub with simulated phones: where it is, logging in, a phone's screen.

describe('dashboard: the way in, on a desktop and a phone', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  let shot: DashboardSession['shot'];
  let browser: Browser;

  beforeAll(async () => {
    session = await openDashboard(51);
    ({ hub, page, shot, browser } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("is where the hub's bare address leads", async () => {
    const res = await fetch(`${hub.url}/`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([302, '/dashboard/']);
    await page.goto(`${hub.url}/`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    await page.getByLabel('API key').waitFor();
  });

  it('refuses a wrong key and logs in with the right one', async () => {
    await page.goto(`${hub.url}/dashboard`);
    await page.getByLabel('API key').fill('sf_live_wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That key was refused by the hub.').waitFor();
    await page.getByLabel('API key').fill(hub.apiKey);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await page.locator('#live.on').waitFor();
    expect(await page.locator('#login').isVisible()).toBe(false);
    // The default fleet name is the brand: said once.
    expect((await page.locator('header').innerText()).match(/smsfleet/gi)).toHaveLength(1);
    await shot('login-1280');
  });

  it('fits a phone-sized screen and works from the keyboard', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${hub.url}/dashboard/`);
    await phone.getByLabel('API key').fill(hub.apiKey);
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
