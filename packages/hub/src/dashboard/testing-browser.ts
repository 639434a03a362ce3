import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@smsfleet/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type SimHub, startSimHub } from '../testing';

// Test support for the dashboard's browser tests (not shipped: nothing the hub runs imports it).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the browser tests put their screenshots and downloads. */
export const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'test-artifacts', 'dashboard');
/** A phone's user agent, for link visits that count as clicks. */
export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.0 Mobile/15E148 Safari/604.1';
/** Phones quick to hand over, slow enough to deliver that a test sees a text on its way. */
const TIMING = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [300, 600] as [number, number],
};

/** A hub with simulated phones, headless Chromium and a desktop-sized page on it. */
export interface DashboardSession {
  hub: SimHub;
  browser: Browser;
  page: Page;
  /** GET a list of messages from the API (`/v1/messages?…`) with the hub's key. */
  api(path: string): Promise<{ items: Message[] }>;
  /** POST a text through the API, as another client would. */
  send(body: Record<string, unknown>): Promise<Message>;
  /** Poll until every text to `to` is final; the limit is a safety net for a busy machine. */
  settled(to: string): Promise<Message[]>;
  /** A full-page screenshot of the page into {@link ARTIFACTS}. */
  shot(name: string): Promise<void>;
  /** Log the page in with the hub's key and wait for the live stream. */
  logIn(): Promise<void>;
  close(): Promise<void>;
}

/** Start a {@link DashboardSession}; `seed` seeds the phones. */
export async function openDashboard(seed: number): Promise<DashboardSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const hub = await startSimHub({ seed, timing: TIMING });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // Record the live stream's status events as the page gets them (this listener runs first, in the same dispatch as
  // the page's own), so a test can wait for the page to have had one instead of guessing how long it takes.
  await page.addInitScript(`{
    const ES = window.EventSource;
    window.EventSource = class extends ES {
      constructor(...a) {
        super(...a);
        this.addEventListener('message.status_changed', (e) =>
          (window.__statusEvents ||= []).push(JSON.parse(e.data).data));
      }
    };
  }`);
  const headers = { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' };
  const api = async (path: string): Promise<{ items: Message[] }> =>
    (await fetch(`${hub.url}${path}`, { headers })).json() as Promise<{ items: Message[] }>;
  const settled = async (to: string) => {
    for (let i = 0; ; i++) {
      const items = (await api(`/v1/messages?to=${encodeURIComponent(to)}`)).items;
      if (items.every((m) => ['delivered', 'failed', 'undelivered'].includes(m.status)) || i >= 300) return items;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    hub,
    browser,
    page,
    api,
    settled,
    send: async (body) =>
      (await (
        await fetch(`${hub.url}/v1/messages`, { method: 'POST', headers, body: JSON.stringify(body) })
      ).json()) as Message,
    shot: async (name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    logIn: async () => {
      await page.goto(`${hub.url}/dashboard/`);
      await page.getByLabel('API key').fill(hub.apiKey);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('navigation', { name: 'Sections' }).waitFor();
      await page.locator('#live.on').waitFor();
    },
    close: async () => {
      await browser.close();
      await hub.close();
    },
  };
}
