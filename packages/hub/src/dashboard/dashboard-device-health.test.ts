import type { Page } from 'playwright-core';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// The Devices page in headless Chromium: a badge per phone that turns offline and back live, from the hub's
// device.offline / device.online events, and each SIM's failure rate over the last hour.
describe('dashboard: device health badges', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;

  beforeAll(async () => {
    session = await openDashboard(57);
    ({ hub, page } = session);
    await session.logIn();
    await session.send({ to: '+14155559996', body: 'This one fails', deviceId: 'moto-g' });
    await session.settled('+14155559996');
  });
  afterAll(async () => {
    await session?.close();
  });

  const badge = () => page.locator('#devices-table .badge[data-device-id="moto-g"]');

  it("shows each phone's health as a badge and its SIMs' failure rate over the last hour", async () => {
    await page.getByRole('button', { name: 'Devices' }).click();
    await badge().waitFor();
    expect(await badge().getAttribute('data-health')).toBe('online');
    const row = page.locator('#devices-table tbody tr[data-id="moto-g"]');
    expect(await row.locator('.sim-failures').textContent()).toBe('SIM 1 100%');
    await session.shot('device-health-online');
  });

  it("turns the badge offline when the phone's heartbeat stops, and back online, without a reload", async () => {
    hub.fleet.phone('moto-g').setHeartbeat(false); // httpSMS's server tells the hub; the hub tells the page
    await page.locator('#devices-table .badge.health-offline[data-device-id="moto-g"]').waitFor();
    expect(await badge().textContent()).toMatch(/^offline/);
    await session.shot('device-health-offline');
    hub.fleet.phone('moto-g').setHeartbeat(true);
    await page.locator('#devices-table .badge.health-online[data-device-id="moto-g"]').waitFor();
  });
});
