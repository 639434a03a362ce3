import type { Page } from 'playwright-core';
import type { SimHub } from '../testing';
import { type DashboardSession, openDashboard } from './testing-browser';

// Received MMS in the conversation view, in headless Chromium against a hub with simulated phones: the picture shows
// inline from its signed URL, other parts are download links with their type and size; live and after a reload.

/** A real 1×1 PNG, so the browser has something to decode. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const CARD = { contentType: 'text/x-vcard', name: 'ann.vcf', bytes: Buffer.from('BEGIN:VCARD\nFN:Ann\nEND:VCARD\n') };
/** A stranger's part whose bytes would run script if the page ever rendered them as HTML. */
const EVIL = { contentType: 'text/html', name: 'x.html', bytes: Buffer.from('<script>window.__pwned=1</script>') };
const FROM = '+14155550191';
/** The part of an `<img>` the test reads (the hub's tsconfig has no DOM types). */
type Img = { decode(): Promise<void>; naturalWidth: number };

describe('dashboard: received MMS', () => {
  let session: DashboardSession;
  let hub: SimHub;
  let page: Page;

  beforeAll(async () => {
    session = await openDashboard(57);
    ({ hub, page } = session);
    await session.logIn();
  });
  afterAll(async () => {
    await session?.close();
  });

  /** The open thread shows the picture, decoded from its signed URL, and the other parts as download links. */
  async function expectShown(): Promise<void> {
    const bubble = page.locator('.bubble.in', { hasText: 'Here is the photo' });
    const img = bubble.locator('img.thumb');
    await img.waitFor();
    // Decoded: the browser fetched the signed URL and got a picture (waits for the decode, not a time).
    await img.evaluate((i) => (i as unknown as Img).decode()); // rejects when the bytes are no picture
    expect(await img.evaluate((i) => (i as unknown as Img).naturalWidth)).toBeGreaterThan(0);
    expect(await img.getAttribute('src')).toMatch(/\/v1\/media\/med_\w+\?expires=\d+&sig=[\w-]+$/);
    expect(await img.getAttribute('alt')).toBe(`Picture (image/png, ${PNG.length} B)`);
    const card = bubble.getByRole('link', { name: `Download attachment (text/x-vcard, ${CARD.bytes.length} B)` });
    expect(await card.getAttribute('href')).toMatch(/\/v1\/media\/med_\w+\?/);
    const evil = bubble.getByRole('link', { name: `Download attachment (text/html, ${EVIL.bytes.length} B)` });
    await evil.waitFor();
    // The stranger's HTML is a link, never markup in the page.
    expect(await bubble.locator('script').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // The card's URL downloads the bytes (the signature is the credential).
    const res = await fetch((await card.getAttribute('href'))!);
    expect(Buffer.from(await res.arrayBuffer()).equals(CARD.bytes)).toBe(true);
  }

  it('shows the picture inline and the other parts as links, live and after a reload', async () => {
    await page.getByRole('button', { name: 'Conversations' }).click();
    hub.fleet
      .phone('pixel-7')
      .receiveMms(
        FROM,
        'Here is the photo',
        [{ contentType: 'image/png', name: 'dot.png', bytes: PNG }, CARD, EVIL],
        1,
      );
    // Live: the contact appears from `sms.received`, with the event's signed URLs.
    await page.getByRole('button', { name: FROM }).click();
    await expectShown();
    await session.shot('conversation-mms');
    // From `/v1/inbox`: the same after a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: FROM }).click();
    await expectShown();
  });
});
