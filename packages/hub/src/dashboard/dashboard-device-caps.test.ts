import type { Page } from 'playwright-core';
import type { SimHub } from '../testing';
import { until } from '../testing/until';
import { type DashboardSession, openDashboard } from './testing-browser';

// The Devices page in headless Chromium: a capped SIM's use of its day, month and distinct-recipient caps after
// sends, and the same phone's health badge turning offline when the hub marks it so, with its caps still shown.
describe('dashboard: SIM caps and health on the Devices page', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  let headers: Record<string, string>;

  beforeAll(async () => {
    session = await openDashboard(58);
    ({ hub, page } = session);
    headers = { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' };
    const caps = { segmentsPerDay: 500, segmentsPerMonth: 10_000, uniqueRecipients: { limit: 200, period: 'month' } };
    const patch = await fetch(`${hub.url}/v1/devices/moto-g`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ sims: [{ slot: 1, number: '+15550300001', ...caps }] }),
    });
    expect(patch.status).toBe(200);
    await session.logIn();
  });
  afterAll(async () => {
    await session?.close();
  });

  const row = () => page.locator('#devices-table tbody tr[data-id="moto-g"]');

  it("shows a capped SIM's use of its caps after sends", async () => {
    // Two texts to the same person and one to another: 3 segments of the day and month, 2 distinct recipients.
    for (const to of ['+14155550161', '+14155550162', '+14155550161']) {
      await session.send({ to, body: 'Your table is ready.', deviceId: 'moto-g', sim: 1 });
    }
    type Listed = { items: Array<{ id: string; sims: Array<{ usedToday?: number }> }> };
    await until('the sends counted against the caps', async () => {
      const r = (await (await fetch(`${hub.url}/v1/devices`, { headers })).json()) as Listed;
      return r.items.find((d) => d.id === 'moto-g')?.sims[0]?.usedToday === 3;
    });
    await page.getByRole('button', { name: 'Devices' }).click();
    await row().waitFor();
    expect(await row().textContent()).toContain(
      'SIM 1 +15550300001: 3/30 (today 3/500, this month 3/10000, recipients 2/200 a month)',
    );
    // An uncapped SIM shows its minute budget only.
    const pixel = await page.locator('#devices-table tbody tr[data-id="pixel-7"]').textContent();
    expect(pixel).toMatch(/SIM 1 \+15550100001: \d+\/30 · SIM 2 \+15550100002: \d+\/30(?! \()/);
    await session.shot('device-caps');
  });

  it('turns the badge offline when the hub marks the phone offline, keeping its caps in view', async () => {
    const badge = row().locator('.badge[data-device-id="moto-g"]');
    expect(await badge.getAttribute('data-health')).toBe('online');
    hub.fleet.phone('moto-g').setHeartbeat(false); // httpSMS's server tells the hub, the hub tells the page
    await row().locator('.badge.health-offline[data-device-id="moto-g"]').waitFor();
    expect(await badge.textContent()).toMatch(/^offline/);
    expect(await row().textContent()).toContain('today 3/500');
    await session.shot('device-caps-offline');
  });
});
