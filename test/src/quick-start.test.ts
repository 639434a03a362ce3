import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Message } from '@smsfleet/core';

/** What `npm run demo` runs after building: the demo package's entry (`npx smsfleet-demo` runs the same). */
const DEMO = join(__dirname, '../../packages/demo/dist/main.js');
/** What `npx smsfleet-demo` runs: the demo package's bin. */
const DEMO_BIN = join(__dirname, '../../packages/demo/bin/smsfleet-demo.js');
/** What `npx smsfleet` runs: the hub package's bin. */
const BIN = join(__dirname, '../../packages/hub/bin/smsfleet.js');

/**
 * The README's quick start, as a user runs it: the demo as its own process (the built `@smsfleet/demo` that
 * `npm run demo` starts), then the curl lines of the banner, over real HTTP.
 */
describe('quick start: the demo as a process', () => {
  let child: ChildProcess;
  let banner = '';
  let url = '';
  let key = '';

  beforeAll(async () => {
    // Port 0: the demo picks a free port itself and picks again if it is taken before it listens (other suites bind
    // ports all the time); a port picked here could be taken before the child starts, and the demo refuses a named one.
    child = spawn(process.execPath, [DEMO], {
      env: { ...process.env, SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      // A safety net: starting a node process that loads the hub takes far longer on a busy machine than a quiet one.
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${banner}`)), 80_000);
      child.stdout!.on('data', (c: Buffer) => {
        banner += c.toString();
        if (banner.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (c: Buffer) => {
        banner += c.toString();
      });
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
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
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
    for (const part of ['/docs', '/openapi.json', '/healthz', '/metrics', 'curl -s -X POST'])
      expect(banner).toContain(part);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("tracks a text sent with the README's curl line to delivered", async () => {
    const sent = await api('POST', '/v1/messages', { to: '+14155550123', body: 'Hello from smsfleet' });
    expect(sent.status).toBe(202);
    const m = await follow(sent.body.id, ['delivered', 'failed']);
    expect(m.status).toBe('delivered');
    const { events } = (await api('GET', `/v1/messages/${m.id}`)).body as { events: { status: string }[] };
    expect(events.map((e) => e.status)).toEqual(expect.arrayContaining(['queued', 'sent', 'delivered']));
  });

  it("shows a failure with its reason for the demo's invalid numbers", async () => {
    const sent = await api('POST', '/v1/messages', { to: '+14155559990', body: 'Hello' });
    const m = await follow(sent.body.id, ['delivered', 'failed', 'undelivered']);
    expect(m.status).toBe('failed');
    expect(m.failure).toMatchObject({ category: 'invalid_number', permanent: true });
  });

  it('sends with `npx smsfleet` after pasting the export line the banner prints', async () => {
    const line = /export (SMSFLEET_URL=\S+) (SMSFLEET_API_KEY=\S+)/.exec(banner);
    expect(line).not.toBeNull();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const kv of [line![1]!, line![2]!]) {
      const [k, v] = kv.split('=');
      env[k!] = v;
    }
    delete env.SMSFLEET_PORT;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, 'send', '--to', '+14155550124', '--body', 'Hello from npx'],
      { env },
    );
    const id = /^(msg_\w+) queued/.exec(stdout)![1]!;
    expect((await follow(id, ['delivered', 'failed'])).status).toBe('delivered');
  });

  it("prints each simulated gateway's own URL and credentials", () => {
    expect(banner).toMatch(
      /sms-gate \(cloud server\)\s+http:\/\/127\.0\.0\.1:\d+\/3rdparty\/v1 {2}basic \S+:\S+ {2}\(pixel-7\)/,
    );
    expect(banner).toMatch(/httpsms\s+http:\/\/127\.0\.0\.1:\d+ {2}x-api-key \S+ {2}\(moto-g\)/);
    expect(banner).not.toContain('sms-gate-local');
  });

  it('stops cleanly on Ctrl+C', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('quick start: a taken port', () => {
  it('says which variable and flag choose another, when the port asked for is in use', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      // Through the bin, with the flag: `npx smsfleet-demo --port N`.
      const child = spawn(process.execPath, [DEMO_BIN, '--port', String(port)], {
        env: { ...process.env, SMSFLEET_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(err).toContain(`port ${port} on 127.0.0.1 is already in use: choose another with SMSFLEET_PORT=`);
      expect(err).toContain('npx smsfleet-demo --port');
    } finally {
      blocker.close();
    }
  });
});
