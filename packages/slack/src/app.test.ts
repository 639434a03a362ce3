import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHmac } from 'node:crypto';
import { freePort } from './testing/sim-hub';
import { createApiKey } from '@smsfleet/hub';
import { createSlackApp } from './app';
import { loadSlackConfig } from './config';
import { slackEnv, startSlackRig, until, type SlackRig } from './testing/slack-rig';

describe('the Slack app: its hub subscription, request checks and App Home', () => {
  let r: SlackRig;
  beforeAll(async () => {
    r = await startSlackRig(45);
  });
  afterAll(async () => {
    await r.close();
  });

  it('subscribes to the hub once and reuses the subscription on a restart', async () => {
    const subs = async () =>
      ((await r.hubGet('/v1/webhooks')).items as { url: string }[]).filter((x) =>
        x.url.endsWith(`:${r.port}/smsfleet/events`),
      );
    expect(await subs()).toHaveLength(1);
    const env = { ...slackEnv(r.demo, r.slack.url, r.port), PORT: String(await freePort()) };
    const again = createSlackApp(loadSlackConfig(env), { logger: r.logger });
    await again.start();
    await again.stop();
    expect(await subs()).toHaveLength(1);
  });

  it('checks the hub key at start and names the scope it lacks', async () => {
    const { key } = await createApiKey(r.demo.store, 'slack', new Date(), { scopes: ['read', 'webhooks'] });
    const env = { ...slackEnv(r.demo, r.slack.url, r.port), PORT: String(await freePort()), SMSFLEET_API_KEY: key };
    const app = createSlackApp(loadSlackConfig(env), { logger: r.logger });
    await expect(app.start()).rejects.toThrow(
      'the smsfleet hub refused SMSFLEET_API_KEY: This key lacks the `send` scope; create one with ' +
        '`smsfleet keys create --name <name> --scopes send,read,webhooks`',
    );
    await app.stop().catch(() => undefined);
  });

  it('refuses a bad or stale Slack signature with 401', async () => {
    const body = r.form({
      command: '/sms',
      text: '+14155550176 hi',
      channel_id: 'C1',
      user_id: 'U1',
      team_id: 'T1',
      response_url: `${r.slack.url}/api/response/2`,
    });
    const form = 'application/x-www-form-urlencoded';
    expect((await r.signed(body, form, { secret: 'wrong-secret-value' })).status).toBe(401);
    expect((await r.signed(body, form, { ts: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect(r.demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550176')).toHaveLength(0);
  });

  it('refuses hub webhooks that are unsigned, badly signed or stale', async () => {
    const body = JSON.stringify({ id: 'evt_x', type: 'sms.received', data: { from: '+14155550178', body: 'x' } });
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${r.port}/smsfleet/events`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });
    const now = String(Math.floor(Date.now() / 1000));
    expect((await post({})).status).toBe(401);
    expect((await post({ 'webhook-id': 'evt_x', 'webhook-timestamp': now })).status).toBe(401);
    const forged = `v1,${createHmac('sha256', 'not-the-secret').update(`evt_x.${now}.${body}`).digest('base64')}`;
    expect((await post({ 'webhook-id': 'evt_x', 'webhook-timestamp': now, 'webhook-signature': forged })).status).toBe(
      401,
    );
    expect(r.logged.some((l) => l.includes('refused a hub webhook: webhook-id, webhook-timestamp'))).toBe(true);
    expect(r.calls('chat.postMessage').some((c) => String(c.args.text).includes('+14155550178'))).toBe(false);
  });

  it("App Home shows today's metrics and the phones", async () => {
    await r.slash('+14155550179 One for the metrics');
    // "Sent" counts what the phone reported sent: wait for the hub to have that report, not only for the phone.
    const hubSays = async () => {
      const res = await fetch(`${r.demo.url}/v1/messages?to=%2B14155550179`, {
        headers: { authorization: `Bearer ${r.demo.apiKey}` },
      });
      return ((await res.json()) as { items: { status: string }[] }).items[0]?.status;
    };
    const end = Date.now() + 20_000;
    while (!['sent', 'delivered'].includes((await hubSays()) ?? '') && Date.now() < end)
      await new Promise((s) => setTimeout(s, 50));
    await r.event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' });
    const pub = await until('views.publish', () => r.calls('views.publish')[0]);
    const text = JSON.stringify(pub.args.view);
    expect(text).toContain('Delivery rate');
    expect(text).toContain('nokia-g42');
    expect(text).toMatch(/\*Sent\*\\n[1-9]/);
  });

  it('has no Redis client in its runtime dependency tree (the hub judges sends, not a copy of core)', () => {
    // Node's own lookup (node_modules folders up the tree), read from disk: not every package exports package.json.
    const find = (dep: string, from: string): string | undefined => {
      for (let d = from; ; d = dirname(d)) {
        const dir = join(d, 'node_modules', dep);
        if (existsSync(join(dir, 'package.json'))) return realpathSync(dir);
        if (dirname(d) === d) return undefined;
      }
    };
    const seen = new Set<string>();
    const walk = (dir: string) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
      };
      if (seen.has(pkg.name)) return;
      seen.add(pkg.name);
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        const found = find(dep, dir);
        if (found) walk(found);
      }
    };
    walk(join(__dirname, '..'));
    expect(seen.has('@smsfleet/slack')).toBe(true);
    expect(seen.has('@smsfleet/client')).toBe(true);
    expect([...seen].filter((n) => ['ioredis', '@smsfleet/core', 'standardwebhooks'].includes(n))).toEqual([]);
  });
});
