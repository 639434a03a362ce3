import type { Page } from 'playwright-core';
import { createApiKey } from '../auth/api-keys';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// Templates in headless Chromium against a hub with simulated phones: one made in the page, a text sent with it (the
// phone gets the filled text), a missing merge field shown as the hub's coded error and never sent, and a key
// without `send` seeing the list alone.

describe('dashboard: message templates', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;
  const TO = '+14155550231';
  const isSend = (r: { url(): string; request(): { method(): string } }) =>
    new URL(r.url()).pathname === '/v1/messages' && r.request().method() === 'POST';

  beforeAll(async () => {
    session = await openDashboard(71);
    ({ hub, page } = session);
    await session.logIn();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('creates a template in the page and lists it with its merge fields', async () => {
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.locator('#templates-list li.muted', { hasText: 'No templates yet.' }).waitFor();
    await page.getByLabel('Template name').fill('Shipping');
    await page.getByLabel('Template text').fill('Hi {{first}}, order {{order}} ships today.');
    await page.getByRole('button', { name: 'Create template' }).click();
    const card = page.locator('#templates-list li', { hasText: 'Shipping' });
    await card.locator('.tpl-fields', { hasText: 'Merge fields: {{first}}, {{order}}' }).waitFor();
    expect(await card.locator('.tpl-body').textContent()).toBe('Hi {{first}}, order {{order}} ships today.');
    // A text the hub cannot fill is refused at save, in the hub's words.
    await page.getByLabel('Template name').fill('Broken');
    await page.getByLabel('Template text').fill('Hi {{#vip}}friend{{/vip}}');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.locator('#tpl-error').filter({ hasText: /./ }).waitFor();
    expect(await page.locator('#templates-list li').count()).toBe(1);
    await session.shot('templates');
  });

  it('sends with a template: a missing field is the coded error naming it; the phone gets the text', async () => {
    await page.getByRole('button', { name: 'Compose' }).click();
    await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Shipping' });
    await page.locator('#c-vars input').nth(1).waitFor();
    expect(await page.locator('#c-body').isHidden()).toBe(true);
    await page.getByLabel('To').fill(TO);
    await page.getByLabel('{{first}}').fill('Ada');
    // The live preview asks the hub, which names the field with no value.
    await page.locator('#err-vars', { hasText: 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING' }).waitFor();
    expect(await page.locator('#err-vars').textContent()).toContain('{{order}}');
    expect(await page.getByLabel('{{order}}').getAttribute('aria-invalid')).toBe('true');
    // Send anyway: the hub refuses it (422) and nothing is made.
    const refused = page.waitForResponse(isSend);
    await page.getByRole('button', { name: 'Send' }).click();
    expect((await refused).status()).toBe(422);
    await page.locator('#err-vars', { hasText: 'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING' }).waitFor();
    await session.shot('template-field-missing');
    expect((await session.api(`/v1/messages?to=${encodeURIComponent(TO)}`)).items).toEqual([]);

    await page.getByLabel('{{order}}').fill('A-7');
    await page.locator('#c-rendered', { hasText: 'Hi Ada, order A-7 ships today.' }).waitFor();
    await page.locator('#counter', { hasText: ' characters · 1 part · GSM-7' }).waitFor();
    expect(await page.locator('#err-vars').textContent()).toBe('');
    await session.shot('template-preview');
    const sent = page.waitForResponse(isSend);
    await page.getByRole('button', { name: 'Send' }).click();
    expect((await sent).status()).toBe(202);
    await page.locator('.bubble.out', { hasText: 'Hi Ada, order A-7 ships today.' }).waitFor();
    const [m] = await session.settled(TO);
    expect(m).toMatchObject({ status: 'delivered', body: 'Hi Ada, order A-7 ships today.' });
    expect(
      hub.fleet.truth
        .messages()
        .filter((t) => t.recipient === TO)
        .map((t) => t.text),
    ).toEqual(['Hi Ada, order A-7 ships today.']);
  });

  it('deletes a template, and shows a key without send the list alone', async () => {
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByRole('button', { name: 'Delete template Shipping' }).click();
    await page.locator('#templates-list li.muted', { hasText: 'No templates yet.' }).waitFor();
    await fetch(`${hub.url}/v1/templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Reminder', body: 'See you at {{time}}' }),
    });
    const { key } = await createApiKey(hub.store, 'viewer', new Date(), { scopes: ['read'] });
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.locator('#templates-list li', { hasText: 'Merge fields: {{time}}' }).waitFor();
    expect(await page.locator('#template-form').isHidden()).toBe(true);
    expect(await page.locator('#templates-list button').count()).toBe(0);
  });
});
