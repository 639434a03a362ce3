import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@smsfleet/core';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './testing-browser';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// The dashboard's other sections in headless Chromium against a hub with simulated phones, over texts sent through
// the API: delivered ones and one to an invalid number.

describe('dashboard: reports, metrics, devices and webhooks', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  let api: DashboardSession['api'];
  let shot: DashboardSession['shot'];

  beforeAll(async () => {
    session = await openDashboard(55);
    ({ hub, page, api, shot } = session);
    await session.logIn();
    for (const [to, body] of [
      ['+14155550190', 'Your order ships today'],
      ['+14155550191', 'See you at 5'],
      ['+14155559995', 'This one fails'],
    ]) {
      await session.send({ to, body });
      await session.settled(to!);
    }
  });
  afterAll(async () => {
    await session?.close();
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
          await fetch(`${hub.url}/v1/messages?status=failed`, { headers: { authorization: `Bearer ${hub.apiKey}` } })
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
      await fetch(`${hub.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
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
    await fetch(`${hub.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
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
});
