import type { Page } from 'playwright-core';
import { createApiKey } from '../auth/api-keys';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// The dashboard shows what the logged-in key may do and hides the sections it may not open (headless Chromium).

describe('dashboard: scopes of the logged-in key', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;

  beforeAll(async () => {
    session = await openDashboard(52);
    ({ hub, page } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  const logInWith = async (key: string) => {
    await page.goto(`${hub.url}/dashboard/`);
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  };
  const sections = async () => page.getByRole('navigation', { name: 'Sections' }).getByRole('button').allInnerTexts();

  it('shows every section to an admin key, and says so', async () => {
    await logInWith(hub.apiKey);
    await page.locator('#live.on').waitFor();
    expect(await sections()).toEqual([
      'Conversations',
      'Compose',
      'Templates',
      'Reports',
      'Metrics',
      'Devices',
      'Webhooks',
    ]);
    expect(await page.locator('#key-scopes').innerText()).toBe('demo: admin');
  });

  it('gives a send-only key Compose alone, opened at once, and no 403 on the way in', async () => {
    const { key } = await createApiKey(hub.store, 'sender', new Date(), { scopes: ['send'] });
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(r.url());
    });
    await logInWith(key);
    await page.locator('#view-compose:not([hidden])').waitFor();
    expect(await sections()).toEqual(['Compose']);
    expect(await page.locator('#key-scopes').innerText()).toBe('sender: send');
    expect(refused).toEqual([]);
  });

  it('hides Compose and Webhooks from a read-only key', async () => {
    const { key } = await createApiKey(hub.store, 'viewer', new Date(), { scopes: ['read'] });
    await logInWith(key);
    await page.locator('#view-conversations:not([hidden])').waitFor();
    expect(await sections()).toEqual(['Conversations', 'Templates', 'Reports', 'Metrics', 'Devices']);
    await page.locator('#live.on').waitFor();
  });
});
