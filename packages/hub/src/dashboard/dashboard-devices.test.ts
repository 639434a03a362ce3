import type { Page } from 'playwright-core';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// The Devices page in headless Chromium: a phone removed with its button, found again by discovery and added back with
// one click, a connection added from the form (its secret never shown), and a phone added behind it.

describe('dashboard: devices and connections at runtime', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  const note = () => page.locator('#fleet-note');

  beforeAll(async () => {
    session = await openDashboard(61);
    ({ hub, page } = session);
    await session.logIn();
    await page.getByRole('button', { name: 'Devices' }).click();
    await page.locator('#add-device').waitFor();
  });
  afterAll(async () => session?.close());

  it('removes a phone, then finds it on its connection and adds it back', async () => {
    await page.locator('#devices-table tr[data-id="redmi-12"] button.remove-device').click();
    await note().getByText('Removed redmi-12').waitFor();
    await page.locator('#devices-table tr[data-id="redmi-12"]').waitFor({ state: 'detached' });
    expect(hub.app.pipeline.fleet.has('redmi-12')).toBe(false);
    const tb = page.locator('#connections li[data-id="textbee-cloud"]');
    await tb.locator('button.discover').click();
    await tb.locator('li[data-gateway-id="redmi-12"] button.add-found').click();
    await note().getByText('Added redmi-12').waitFor();
    await page.locator('#devices-table tr[data-id="redmi-12"]').waitFor();
    expect(hub.app.pipeline.fleet.connectionOf('redmi-12')).toBe('textbee-cloud');
    await session.shot('devices-discovered');
  });

  it('adds a connection from the form without ever showing its secret, and a phone behind it', async () => {
    const gw = hub.fleet.gateways.textbee;
    await page.getByLabel('Connection id').fill('tb-shop');
    await page.getByLabel('Settings (JSON, with credentials)').fill(
      JSON.stringify({
        kind: 'textbee',
        baseUrl: gw.baseUrl,
        apiKey: gw.credentials.apiKey,
        webhookSigningSecret: 'sh0p-secret-123',
      }),
    );
    await page.getByRole('button', { name: 'Add connection' }).click();
    await note().getByText('Added connection tb-shop').waitFor();
    const item = page.locator('#connections li[data-id="tb-shop"]');
    await item.getByText('secrets set: apiKey, webhookSigningSecret').waitFor();
    expect(await page.content()).not.toContain('sh0p-secret-123');
    await page.getByLabel('Device id', { exact: true }).fill('shop-phone');
    await page.getByLabel('Name', { exact: true }).fill('Shop phone');
    await page.locator('#ad-connection').selectOption('tb-shop');
    await page.getByLabel('SIM 1 number').fill('+15550800001');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.locator('#devices-table tr[data-id="shop-phone"]').waitFor();
    expect(hub.app.pipeline.fleet.connectionOf('shop-phone')).toBe('tb-shop');
    // A refusal names the field (the form is drawn anew after each change: fill it again).
    await page.getByLabel('Device id', { exact: true }).fill('bad-number');
    await page.getByLabel('Name', { exact: true }).fill('Bad');
    await page.getByLabel('SIM 1 number').fill('12');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await note()
      .getByText(/SMSFLEET_ERR_/)
      .waitFor();
    expect(await note().textContent()).toMatch(/^SMSFLEET_ERR_\w+: body\.sims\.0\.number: /);
  });
});
