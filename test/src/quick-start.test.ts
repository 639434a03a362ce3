import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Message } from '@smsfleet/core';
import { freePort } from '@smsfleet/hub/testing';

const CLI = join(__dirname, '../../packages/hub/dist/cli/main.js');

/**
 * The README's quick start, as a user runs it: `smsfleet demo` as its own process (the built CLI that
 * `npm run demo` starts), then the curl lines of the banner, over real HTTP.
 */
describe('quick start: smsfleet demo as a process', () => {
  let child: ChildProcess;
  let banner = '';
  let url = '';
  let key = '';

  beforeAll(async () => {
    const port = await freePort();
    child = spawn(process.execPath, [CLI, 'demo'], { env: { ...process.env, SMSFLEET_PORT: String(port), SMSFLEET_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      // A safety net: starting a node process that loads the hub takes far longer on a busy machine than a quiet one.
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${banner}`)), 80_000);
      child.stdout!.on('data', (c: Buffer) => { banner += c.toString(); if (banner.includes('Press Ctrl+C')) { clearTimeout(timer); resolve(); } });
      child.stderr!.on('data', (c: Buffer) => { banner += c.toString(); });
      child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${banner}`)));
    });
    url = /API\s+(http:\/\/\S+)\/v1/.exec(banner)![1]!;
    key = /API key\s+(sf_live_\S+)/.exec(banner)![1]!;
  }, 90_000);
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: await res.json() as any };
  };
  const follow = async (id: string, until: string[]) => {
    for (let i = 0; i < 400; i++) {
      const { message } = (await api('GET', `/v1/messages/${id}`)).body as { message: Message };
      if (until.includes(message.status)) return message;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`message ${id} never reached ${until.join('/')}`);
  };

  it('prints the URLs and a working API key', async () => {
    for (const part of ['/docs', '/openapi.json', '/healthz', '/metrics', 'curl -s -X POST']) expect(banner).toContain(part);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('tracks a text sent with the README\'s curl line to delivered', async () => {
    const sent = await api('POST', '/v1/messages', { to: '+14155550123', body: 'Hello from smsfleet' });
    expect(sent.status).toBe(202);
    const m = await follow(sent.body.id, ['delivered', 'failed']);
    expect(m.status).toBe('delivered');
    const { events } = (await api('GET', `/v1/messages/${m.id}`)).body as { events: { status: string }[] };
    expect(events.map((e) => e.status)).toEqual(expect.arrayContaining(['queued', 'sent', 'delivered']));
  });

  it('shows a failure with its reason for the demo\'s invalid numbers', async () => {
    const sent = await api('POST', '/v1/messages', { to: '+14155559990', body: 'Hello' });
    const m = await follow(sent.body.id, ['delivered', 'failed', 'undelivered']);
    expect(m.status).toBe('failed');
    expect(m.failure).toMatchObject({ category: 'invalid_number', permanent: true });
  });

  it('stops cleanly on Ctrl+C', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
