import type { Message } from '@smsfleet/core';
import { type DashboardSession, openDashboard } from './testing-browser';

// Editing a scheduled message from its timeline in headless Chromium, against a hub with simulated phones.

describe('dashboard: edit a scheduled message', () => {
  let session: DashboardSession;
  beforeAll(async () => {
    session = await openDashboard(61);
    await session.logIn();
  });
  afterAll(async () => {
    await session?.close();
  });

  const get = async (id: string) =>
    (
      (await (
        await fetch(`${session.hub.url}/v1/messages/${id}`, {
          headers: { authorization: `Bearer ${session.hub.apiKey}` },
        })
      ).json()) as { message: Message }
    ).message;

  const openScheduled = async (id: string) => {
    const { page } = session;
    await page.getByRole('button', { name: 'Reports' }).click();
    await page.getByLabel('Status').selectOption('scheduled');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator(`#reports-table tbody tr[data-id="${id}"]`).click();
    await page.getByRole('form', { name: 'Edit message' }).waitFor();
  };

  it('changes the text and time from the timeline, which then shows the edit', async () => {
    const { page } = session;
    const sendAt = new Date(Date.now() + 3_600_000);
    const m = await session.send({ to: '+14155550201', body: 'Table for two at 7', sendAt: sendAt.toISOString() });
    await openScheduled(m.id);
    await page.locator('#edit-body').fill('Table for two at 8');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#timeline li').filter({ hasText: 'message.updated' }).waitFor();
    await session.shot('edit-message');
    const after = await get(m.id);
    expect(after).toMatchObject({ body: 'Table for two at 8', status: 'scheduled' });
    expect(after.sendAt).toBe(sendAt.toISOString()); // the untouched time field moves nothing
    await page.locator('#edit-when').fill('2030-01-02T09:30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#timeline li').filter({ hasText: 'sendAt' }).waitFor();
    expect(Date.parse((await get(m.id)).sendAt!)).toBe(
      await page.evaluate(() => new Date('2030-01-02T09:30').getTime()),
    );
  });

  it('says why when the phone has the message already, and offers no form for a sent one', async () => {
    const { page } = session;
    const m = await session.send({
      to: '+14155550202',
      body: 'Your code is 1234',
      sendAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await openScheduled(m.id);
    // Meanwhile another client moves it to now: it goes out.
    await fetch(`${session.hub.url}/v1/messages/${m.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${session.hub.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sendAt: new Date().toISOString() }),
    });
    await session.settled('+14155550202');
    await page.locator('#edit-body').fill('Your code is 5678');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#edit-error', { hasText: /can no longer be edited/ }).waitFor();
    expect((await get(m.id)).body).toBe('Your code is 1234');
    await page.getByLabel('Status').selectOption('delivered');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator(`#reports-table tbody tr[data-id="${m.id}"]`).click();
    await page.locator('#timeline li').filter({ hasText: 'delivered' }).first().waitFor();
    expect(await page.locator('#edit-message').count()).toBe(0);
  });
});
